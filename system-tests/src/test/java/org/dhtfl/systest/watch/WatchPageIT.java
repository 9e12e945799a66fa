package org.dhtfl.systest.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.IdealRing;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.dhtfl.systest.cluster.LocalCluster;

/**
 * The three-node demo with --watch, as a person opens it: scripts/local-cluster.sh on the demo's
 * ports when they are free (nodes 19, 51 and 6), else on free ones,
 * trains the real data and prints the page's address; headless Chromium shows the three members
 * and the fingers of the first node (the demo's node 19), each finger's chord drawn; after kill -9
 * of the second node (the demo's 5002) the page shows two members and marks the third as not
 * answering within 10 s. `client ring --json` prints the data the page draws. Screenshots of both go to target/it/watch-page. The script and every
 * process it started are stopped at the end, also when the test fails.
 */
class WatchPageIT {

  private static final Path PROJECT = LocalCluster.project();
  private static final IdSpace SPACE = new IdSpace(6);
  private static final Path OUT = PROJECT.resolve("system-tests/target/it/watch-page");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void thePageShowsTheMembersAndFingersAndLosesAKilledNodeWithinTenSeconds() throws Exception {
    List<Integer> ports = portsWithDistinctIds();
    int watchPort = LocalCluster.freePorts(1).get(0);
    List<Integer> nodePorts = ports.subList(1, 4);
    List<Integer> ids = nodePorts.stream().map(SPACE::idOfPort).toList();
    if (nodePorts.equals(List.of(5001, 5002, 5003))) {
      assertThat(ids).as("the demo's nodes").containsExactly(19, 51, 6);
    }
    Path output = Files.createDirectories(OUT).resolve("demo.out");
    ProcessBuilder demo = new ProcessBuilder(PROJECT.resolve("scripts/local-cluster.sh").toString(), "--run-dir",
        OUT.resolve("run").toString(), "--supernode-port", ports.get(0).toString(), "--nodes",
        nodePorts.get(0) + " " + nodePorts.get(1) + " " + nodePorts.get(2), "--files", "8",
        "--rounds", "3", "--watch-port", String.valueOf(watchPort))
        .redirectErrorStream(true).redirectOutput(output.toFile());
    demo.environment().put("DHTFL_NO_BUILD", "1");
    Process script = demo.start();
    try (Browser browser = Browser.open(1440, 900)) {
      await("the demo's run ends and the page stays").atMost(Duration.ofSeconds(150))
          .pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!script.isAlive()) {
              throw new IllegalStateException("the demo ended; output:\n" + read(output));
            }
            return read(output).contains("goes on watching the ring");
          });
      assertThat(read(output)).contains("the live page: http://127.0.0.1:" + watchPort + "/")
          .contains("Final validation error: ");

      int first = ids.get(0);
      WebDriver page = browser.driver();
      page.get("http://127.0.0.1:" + watchPort + "/#node=" + first);
      await("three members on the page").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
          .ignoreException(StaleElementReferenceException.class)
          .untilAsserted(() -> assertThat(shownIds(page, "#member-list li.member")).containsExactlyInAnyOrderElementsOf(ids));
      IdealRing ideal = new IdealRing(SPACE, ids);
      List<Integer> expectedFingers = new ArrayList<>();
      for (int i = 0; i < SPACE.bits(); i++) {
        expectedFingers.add(ideal.successorOf(SPACE.plusPowerOfTwo(first, i)));
      }
      await("the fingers of node " + first).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
          .ignoreException(StaleElementReferenceException.class)
          .untilAsserted(() -> {
            assertThat(page.findElement(By.id("selected-id")).getText()).isEqualTo(String.valueOf(first));
            assertThat(page.findElements(By.cssSelector("#finger-table td.finger-node")).stream()
                .map(WebElement::getText).map(Integer::valueOf).toList()).isEqualTo(expectedFingers);
            Set<Integer> chords = new HashSet<>(expectedFingers);
            chords.remove(first);
            assertThat(page.findElements(By.cssSelector("#layer-selected path.finger-chord")).stream()
                .map(e -> Integer.valueOf(e.getAttribute("data-node"))).toList())
                .containsExactlyInAnyOrderElementsOf(chords);
          });
      assertThat(page.findElements(By.cssSelector("#layer-files rect.file-key"))).as("keys of the files held")
          .isNotEmpty();
      browser.screenshot(OUT.resolve("three-members.png"));
      assertThatClientRingJsonIsThePagesData(ports.get(0), watchPort, ids);

      int killedPort = nodePorts.get(1);
      int killed = ids.get(1);
      ProcessHandle node = descendant(script, "dhtfl-computenode.jar", String.valueOf(killedPort)).orElseThrow();
      node.destroyForcibly();
      long killedAt = System.nanoTime();
      await("two members within 10 s of kill -9").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
          .ignoreException(StaleElementReferenceException.class)
          .untilAsserted(() -> {
            assertThat(shownIds(page, "#member-list li.member")).containsExactlyInAnyOrder(ids.get(0), ids.get(2));
            assertThat(shownIds(page, "#silent-list li")).containsExactly(killed);
          });
      System.out.printf("WatchPageIT: the page showed two members %.1f s after kill -9%n",
          (System.nanoTime() - killedAt) / 1e9);
      browser.screenshot(OUT.resolve("one-killed.png"));
    } finally {
      stop(script);
    }
  }

  /** `client ring --json` prints what /ring.json serves: the same fields, the same members. */
  private static void assertThatClientRingJsonIsThePagesData(int supernodePort, int watchPort, List<Integer> ids)
      throws Exception {
    Process ring = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        LocalCluster.jar("client").toString(), "ring", "127.0.0.1", String.valueOf(supernodePort), "--json")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      JsonNode printed = JSON.readTree(ring.getInputStream().readAllBytes());
      assertThat(ring.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(ring.exitValue()).isZero();
      JsonNode served = JSON.readTree(URI.create("http://127.0.0.1:" + watchPort + "/ring.json").toURL());
      List<String> printedFields = new ArrayList<>();
      printed.fieldNames().forEachRemaining(printedFields::add);
      List<String> servedFields = new ArrayList<>();
      served.fieldNames().forEachRemaining(servedFields::add);
      assertThat(printedFields).isEqualTo(servedFields);
      List<Integer> members = new ArrayList<>();
      printed.get("members").forEach(m -> members.add(m.get("id").asInt()));
      assertThat(members).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(printed.get("members").get(0).get("fingers")).hasSize(SPACE.bits());
    } finally {
      ring.destroyForcibly();
    }
  }

  /** A supernode port and three node ports whose IDs (SHA-1 of the port mod 64) differ, as the demo's do. */
  /** The demo's own ports (9091, 5001-5003: nodes 19, 51 and 6) when they are free, else free ones. */
  private static List<Integer> portsWithDistinctIds() throws IOException {
    List<Integer> demo = List.of(9091, 5001, 5002, 5003);
    if (demo.stream().allMatch(WatchPageIT::isFree)) {
      return demo;
    }
    for (int attempt = 0; attempt < 50; attempt++) {
      List<Integer> ports = LocalCluster.freePorts(4);
      if (ports.subList(1, 4).stream().map(SPACE::idOfPort).distinct().count() == 3) {
        return ports;
      }
    }
    throw new IllegalStateException("no three free ports with distinct IDs");
  }

  private static boolean isFree(int port) {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static List<Integer> shownIds(WebDriver page, String css) {
    return page.findElements(By.cssSelector(css)).stream().map(e -> Integer.valueOf(e.getAttribute("data-id")))
        .toList();
  }

  /** The process below {@code root} whose command line has the jar and the argument. */
  private static Optional<ProcessHandle> descendant(Process root, String jar, String argument) {
    return root.descendants().filter(p -> {
      List<String> args = p.info().arguments().map(List::of).orElse(List.of());
      return args.stream().anyMatch(a -> a.endsWith(jar)) && args.contains(argument);
    }).findFirst();
  }

  /** Stops the client (SIGTERM, as Ctrl-C would), so the script stops its cluster; kills what is left. */
  private static void stop(Process script) throws InterruptedException {
    descendant(script, "dhtfl-client.jar", "--http").ifPresent(ProcessHandle::destroy);
    if (!script.waitFor(30, TimeUnit.SECONDS)) {
      script.destroy();
    }
    script.descendants().forEach(ProcessHandle::destroyForcibly);
    script.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
  }
}
