package org.dhtfl.thrift;

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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The stubs in src/main/gen-java are produced from the IDL in this folder by scripts/thrift-gen.sh,
 * which records the hash of every input and output in generated.sha256 (the reference IDL's stubs,
 * which only tests use, are system-tests' and checked there). These tests fail when the
 * IDL changed without regenerating, when a stub was edited by hand, and when a service
 * function of the IDL has no method in the generated interface.
 */
class ThriftStubsMatchIdlTest {

  private static final Path MODULE = Path.of(System.getProperty("basedir", "."));
  private static final String REGENERATE = "run scripts/thrift-gen.sh to regenerate the stubs";

  @Test
  void recordedHashesMatchTheIdlAndTheGeneratedFiles() throws IOException {
    Map<String, String> recorded = readManifest();
    Map<String, String> actual = new TreeMap<>();
    for (Path file : inputsAndOutputs()) {
      actual.put(MODULE.relativize(file).toString().replace('\\', '/'), sha256(file));
    }

    assertThat(actual.keySet())
        .as("IDL and generated files on disk versus generated.sha256; " + REGENERATE)
        .containsExactlyInAnyOrderElementsOf(recorded.keySet());
    actual.forEach((path, hash) -> assertThat(hash)
        .as("%s differs from what scripts/thrift-gen.sh produced; %s", path, REGENERATE)
        .isEqualTo(recorded.get(path)));
  }

  @Test
  void everyServiceFunctionOfTheIdlHasAGeneratedMethod() throws IOException, ClassNotFoundException {
    Map<String, String> services = Map.of(
        "supernode.thrift", "org.dhtfl.thrift.Supernode",
        "compute_node.thrift", "org.dhtfl.thrift.ComputeNode");
    for (Map.Entry<String, String> service : services.entrySet()) {
      List<String> functions = serviceFunctions(MODULE.resolve(service.getKey()));
      Class<?> iface = Class.forName(service.getValue() + "$Iface");
      List<String> methods = Stream.of(iface.getDeclaredMethods()).map(m -> m.getName()).toList();

      assertThat(functions).as("functions of %s", service.getKey()).isNotEmpty();
      assertThat(methods).as("%s.Iface versus %s; %s", service.getValue(), service.getKey(), REGENERATE)
          .containsExactlyInAnyOrderElementsOf(functions);
    }
  }

  private static Map<String, String> readManifest() throws IOException {
    Map<String, String> recorded = new LinkedHashMap<>();
    for (String line : Files.readAllLines(MODULE.resolve("generated.sha256"), StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+", 2);
      recorded.put(parts[1].trim(), parts[0]);
    }
    return recorded;
  }

  private static List<Path> inputsAndOutputs() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> idl = Files.list(MODULE)) {
      idl.filter(p -> p.toString().endsWith(".thrift")).forEach(files::add);
    }
    try (Stream<Path> generated = Files.walk(MODULE.resolve("src/main/gen-java"))) {
      generated.filter(Files::isRegularFile).forEach(files::add);
    }
    return files;
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
    return names.stream().collect(Collectors.toList());
  }

  private static String sha256(Path file) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
