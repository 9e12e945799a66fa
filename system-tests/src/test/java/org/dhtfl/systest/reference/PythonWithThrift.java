package org.dhtfl.systest.reference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.dhtfl.systest.cluster.Thrift;

/** The Python that the tests driving Python through Thrift run: with the thrift module and compiler. */
final class PythonWithThrift {

  private PythonWithThrift() {
  }

  /**
   * The first of python3 on the PATH and Debian's /usr/bin/python3 that imports thrift, when the
   * thrift compiler runs too; otherwise {@code test} is skipped, or fails under DHTFL_REQUIRE_PYTHON.
   */
  static String find(String test) {
    Optional<String> python = Stream.of("python3", "/usr/bin/python3")
        .filter(p -> succeeds(List.of(p, "-c", "from thrift.protocol import TBinaryProtocol"))).findFirst();
    List<String> missing = new ArrayList<>();
    if (python.isEmpty()) {
      missing.add("python3 with the thrift module (Debian: python3-thrift)");
    }
    if (!succeeds(List.of("thrift", "-version"))) {
      missing.add("the thrift compiler (Debian: thrift-compiler)");
    }
    String message = test + " needs " + String.join(" and ", missing);
    if (!missing.isEmpty() && System.getenv("DHTFL_REQUIRE_PYTHON") != null) {
      Assertions.fail(message + ", and DHTFL_REQUIRE_PYTHON is set");
    }
    Assumptions.assumeTrue(missing.isEmpty(), message);
    return python.orElseThrow();
  }

  private static boolean succeeds(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
