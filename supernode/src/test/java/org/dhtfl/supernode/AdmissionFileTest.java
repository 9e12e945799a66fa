package org.dhtfl.supernode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdmissionFileTest {

  @TempDir
  Path dir;

  private static void write(Path file, String text, long epochSecond) throws IOException {
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(epochSecond)));
  }

  @Test
  void aNodeAddedToTheFileIsAdmittedWithoutARestart() throws Exception {
    Path file = dir.resolve("compute_node.txt");
    write(file, "127.0.0.1,5001\n", 1_000);
    AdmissionFile admission = AdmissionFile.open(file);
    InetAddress local = InetAddress.getLoopbackAddress();
    assertThat(admission.get().match(5004, local)).isEmpty();

    write(file, "127.0.0.1,5001\n127.0.0.1,5004\n", 2_000);

    assertThat(admission.get().match(5004, local)).isPresent();
  }

  @Test
  void aFileThatNoLongerParsesKeepsTheLastGoodList() throws Exception {
    Path file = dir.resolve("compute_node.txt");
    write(file, "127.0.0.1,5001\n", 1_000);
    AdmissionFile admission = AdmissionFile.open(file);

    write(file, "127.0.0.1,5001\nnot a line\n", 2_000);

    assertThat(admission.get().entries()).hasSize(1);
    assertThat(admission.get().match(5001, InetAddress.getLoopbackAddress())).isPresent();
  }

  @Test
  void aMalformedFileFailsAtStartUpNamingFileAndLine() throws Exception {
    Path file = dir.resolve("compute_node.txt");
    write(file, "127.0.0.1,5001\n127.0.0.1,seventy\n", 1_000);

    assertThatThrownBy(() -> AdmissionFile.open(file)).isInstanceOf(IOException.class)
        .hasMessageContaining(file + " line 2");
  }
}
