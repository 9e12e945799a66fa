package org.dhtfl.supernode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.NodeRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MembershipFileTest {

  private static final List<NodeRef> THREE = List.of(new NodeRef(6, "127.0.0.1", 5003),
      new NodeRef(19, "127.0.0.1", 5001), new NodeRef(51, "10.0.0.2", 5002));

  @TempDir
  Path dir;

  private MembershipFile file() {
    return new MembershipFile(dir.resolve("supernode-state.txt"), new IdSpace(6));
  }

  private MembershipFile.Restored readText(String text) throws IOException {
    Files.writeString(dir.resolve("supernode-state.txt"), text, StandardCharsets.UTF_8);
    return file().read();
  }

  private String problem(String text) throws IOException {
    MembershipFile.Restored restored = readText(text);
    assertThat(restored.members()).as("a file with a problem restores nothing").isEmpty();
    return restored.problem().orElseThrow();
  }

  @Test
  void aBurstOfChangesIsWrittenAsItsNewestMembersWithoutWaitingForTheDisk() {
    MembershipFile file = file();
    for (int i = 0; i < 1_000; i++) {
      file.offer(List.of(THREE.get(i % 3)));
    }
    file.offer(THREE);

    file.close(Duration.ofSeconds(10));

    assertThat(file().read().members()).containsExactlyElementsOf(THREE);
  }

  @Test
  void whatIsWrittenIsReadBack() {
    file().write(THREE);

    MembershipFile.Restored restored = file().read();

    assertThat(restored.problem()).isEmpty();
    assertThat(restored.members()).containsExactlyElementsOf(THREE);
  }

  @Test
  void theFileIsTextWithTheBitsFirstAndOneNodeALineInIdOrder() throws IOException {
    file().write(List.of(THREE.get(2), THREE.get(0), THREE.get(1)));

    List<String> lines = Files.readAllLines(file().path());

    assertThat(lines.get(0)).startsWith("#");
    assertThat(lines.subList(1, lines.size())).containsExactly("bits 6", "node 6 127.0.0.1 5003",
        "node 19 127.0.0.1 5001", "node 51 10.0.0.2 5002");
  }

  @Test
  void aNewWriteReplacesTheOldAndLeavesNoTemporaryFileBehind() throws IOException {
    file().write(THREE);

    file().write(List.of(THREE.get(0)));

    assertThat(file().read().members()).containsExactly(THREE.get(0));
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("supernode-state.txt");
    }
  }

  @Test
  void aMissingFileRestoresNoMemberAndIsNoProblem() {
    MembershipFile.Restored restored = file().read();

    assertThat(restored).isEqualTo(new MembershipFile.Restored(List.of(), Optional.empty()));
  }

  @Test
  void aFileWithNoMemberRestoresNone() throws IOException {
    MembershipFile.Restored restored = readText("# comment\nbits 6\n");

    assertThat(restored).isEqualTo(new MembershipFile.Restored(List.of(), Optional.empty()));
  }

  @Test
  void aMalformedLineIsAProblemNamingFileAndLine() throws IOException {
    String where = dir.resolve("supernode-state.txt") + " line 3";

    assertThat(problem("bits 6\nnode 19 127.0.0.1 5001\nnode 51 127.0.0.1\n"))
        .isEqualTo(where + ": 'node 51 127.0.0.1' is not 'node ID HOST PORT'");
    assertThat(problem("bits 6\n\nnode x 127.0.0.1 5001\n")).isEqualTo(where + ": 'x' is not a node id");
    assertThat(problem("bits 6\nnode 19 127.0.0.1 5001\nnode 64 127.0.0.1 5002\n"))
        .isEqualTo(where + ": node id 64 out of range 0..63");
    assertThat(problem("bits 6\nnode 19 127.0.0.1 5001\nnode 51 127.0.0.1 70000\n"))
        .isEqualTo(where + ": port 70000 out of range 1..65535");
    assertThat(problem("bits 6\nnode 19 127.0.0.1 5001\nnode 19 127.0.0.1 5002\n"))
        .isEqualTo(where + ": node id 19 appears twice");
    assertThat(problem("bits 6\nnode 19 127.0.0.1 5001\nnode 51 127.0.0.1 5001\n"))
        .isEqualTo(where + ": address 127.0.0.1:5001 appears twice");
  }

  @Test
  void aFileWrittenForAnotherRingSizeIsAProblem() throws IOException {
    assertThat(problem("# m\nbits 5\nnode 19 127.0.0.1 5001\n")).isEqualTo(dir.resolve("supernode-state.txt")
        + " line 2: written for m = 5, but the supernode runs with m = 6 (--bits)");
  }

  @Test
  void anEmptyOrCutFileIsAProblem() throws IOException {
    assertThat(problem("")).endsWith("line 1: the file ends before its 'bits M' line (empty or cut short)");
    assertThat(problem("node 19 127.0.0.1 5001\n")).endsWith("line 1: 'node 19 127.0.0.1 5001' is not 'bits M'");
  }

  @Test
  void aFolderThatTakesNoFileFailsTheCheckNamingTheFile() {
    MembershipFile nowhere = new MembershipFile(dir.resolve("missing").resolve("state.txt"), new IdSpace(6));

    assertThatThrownBy(nowhere::checkWritable)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot write the membership file " + dir.resolve("missing").resolve("state.txt"));
  }

  @Test
  void aWriteThatFailsKeepsTheSupernodeGoing() {
    MembershipFile nowhere = new MembershipFile(dir.resolve("missing").resolve("state.txt"), new IdSpace(6));

    nowhere.write(THREE);

    assertThat(nowhere.read().members()).isEmpty();
  }
}
