package org.dhtfl.systest.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The reference IDL's stubs in src/test/gen-java are produced from thrift/reference by
 * scripts/thrift-gen.sh, which records the hash of every input and output in
 * reference-generated.sha256 (paths from the project's root). These tests fail when the reference
 * IDL changed without regenerating, when a stub was edited by hand, and when a service function of
 * the reference IDL has no method in the generated interface.
 */
class ReferenceStubsMatchIdlTest {

  private static final Path PROJECT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
  private static final Path IDL = PROJECT.resolve("thrift/reference");
  private static final Path STUBS = PROJECT.resolve("system-tests/src/test/gen-java");
  private static final String REGENERATE = "run scripts/thrift-gen.sh to regenerate the stubs";

  @Test
  void recordedHashesMatchTheReferenceIdlAndItsStubs() throws IOException {
    Map<String, String> recorded = readManifest();
    Map<String, String> actual = new TreeMap<>();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> idl = Files.list(IDL); Stream<Path> stubs = Files.walk(STUBS)) {
      idl.filter(p -> p.toString().endsWith(".thrift")).forEach(files::add);
      stubs.filter(Files::isRegularFile).forEach(files::add);
    }
    for (Path file : files) {
      actual.put(PROJECT.relativize(file).toString().replace('\\', '/'), sha256(file));
    }

    assertThat(actual.keySet())
        .as("reference IDL and stubs on disk versus reference-generated.sha256; " + REGENERATE)
        .containsExactlyInAnyOrderElementsOf(recorded.keySet());
    actual.forEach((path, hash) -> assertThat(hash)
        .as("%s differs from what scripts/thrift-gen.sh produced; %s", path, REGENERATE)
        .isEqualTo(recorded.get(path)));
  }

  @Test
  void everyServiceFunctionOfTheReferenceIdlHasAGeneratedMethod() throws IOException, ClassNotFoundException {
    Map<String, String> services = Map.of(
        "supernode.thrift", "org.dhtfl.thrift.reference.Supernode",
        "compute_node.thrift", "org.dhtfl.thrift.reference.ComputeNode");
    for (Map.Entry<String, String> service : services.entrySet()) {
      List<String> functions = serviceFunctions(IDL.resolve(service.getKey()));
      Class<?> iface = Class.forName(service.getValue() + "$Iface");
      List<String> methods = Stream.of(iface.getDeclaredMethods()).map(m -> m.getName()).toList();

      assertThat(functions).as("functions of reference/%s", service.getKey()).isNotEmpty();
      assertThat(methods).as("%s.Iface versus reference/%s; %s", service.getValue(), service.getKey(), REGENERATE)
          .containsExactlyInAnyOrderElementsOf(functions);
    }
  }

  private static Map<String, String> readManifest() throws IOException {
    Map<String, String> recorded = new LinkedHashMap<>();
    Path manifest = PROJECT.resolve("system-tests/reference-generated.sha256");
    for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+", 2);
      recorded.put(parts[1].trim(), parts[0]);
    }
    return recorded;
  }

  /** Function names declared in the IDL's service block, comments stripped. */
  private static List<String> serviceFunctions(Path idl) throws IOException {
    String text = Files.readString(idl, StandardCharsets.UTF_8)
        .replaceAll("(?s)/\\*.*?\\*/", "")
        .replaceAll("//[^\\n]*", "");
    Matcher block = Pattern.compile("(?s)service\\s+\\w+\\s*\\{(.*)\\}").matcher(text);
    assertThat(block.find()).as("a service block in %s", idl).isTrue();
    Matcher function = Pattern.compile("(?m)^\\s*(?:oneway\\s+)?[\\w.<>, ]+?\\s+(\\w+)\\s*\\(").matcher(block.group(1));
    List<String> names = new ArrayList<>();
    while (function.find()) {
      names.add(function.group(1));
    }
    return names;
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
