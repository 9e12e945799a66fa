package org.dhtfl.client.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TIOStreamTransport;
import org.dhtfl.systest.watch.Browser;
import org.dhtfl.systest.cluster.LocalCluster;
import org.dhtfl.jobs.HeldJob;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.IdealRing;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingState;
import org.dhtfl.rpc.Convert;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The page with the data of a 64-node ring: the computenode module's simulator (run as a tool from
 * its test classes) builds the ring from production Chord nodes, makes it ideal and crashes three
 * nodes; the page draws the states the live nodes answer, with 300 files' keys held by their
 * owners, and no two node labels overlap. The screenshot goes to target/it/sim-ring.
 */
class SimulatedRingPageIT {

  private static final Path OUT = LocalCluster.project().resolve("system-tests/target/it/sim-ring");
  private static final int NODES = 64;
  private static final int BITS = 10;
  private static final int CRASHED = 3;

  @Test
  void aSixtyFourNodeRingIsDrawnWithoutOverlappingLabels() throws Exception {
    List<RingState> states = simulatedStates();
    assertThat(states).hasSize(NODES - CRASHED);
    RingView view = view(states);
    assertThat(view.unreachable()).hasSize(CRASHED);

    try (WatchServer server = WatchServer.start(InetAddress.getLoopbackAddress(), 0, () -> view,
        Duration.ofSeconds(1), Optional.empty());
        Browser browser = Browser.open(1440, 1000)) {
      WebDriver page = browser.driver();
      int chosen = states.get(states.size() / 3).self().id();
      page.get(server.url() + "#node=" + chosen);
      await("the members on the page").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
          .untilAsserted(() -> {
            assertThat(page.findElements(By.cssSelector("#member-list li.member"))).hasSize(NODES - CRASHED);
            assertThat(page.findElements(By.cssSelector("#silent-list li"))).hasSize(CRASHED);
            assertThat(page.findElements(By.cssSelector("text.node-label"))).hasSize(NODES);
          });
      assertThat(page.findElements(By.cssSelector("#finger-table td.finger-node"))).hasSize(BITS);
      @SuppressWarnings("unchecked")
      List<List<Number>> boxes = (List<List<Number>>) ((JavascriptExecutor) page).executeScript(
          "return Array.from(document.querySelectorAll('text.node-label')).map(t => {"
              + " const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; });");
      List<String> overlaps = new ArrayList<>();
      for (int i = 0; i < boxes.size(); i++) {
        for (int j = i + 1; j < boxes.size(); j++) {
          if (overlap(boxes.get(i), boxes.get(j))) {
            overlaps.add(boxes.get(i) + " / " + boxes.get(j));
          }
        }
      }
      browser.screenshot(OUT.resolve("ring-64.png"));
      assertThat(overlaps).as("labels that overlap").isEmpty();
    }
  }

  private static boolean overlap(List<Number> a, List<Number> b) {
    return a.get(0).doubleValue() < b.get(2).doubleValue() && b.get(0).doubleValue() < a.get(2).doubleValue()
        && a.get(1).doubleValue() < b.get(3).doubleValue() && b.get(1).doubleValue() < a.get(3).doubleValue();
  }

  /** Runs the simulator tool and reads the states it wrote. */
  private static List<RingState> simulatedStates() throws Exception {
    Path file = Files.createDirectories(OUT).resolve("states.bin");
    Process tool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        LocalCluster.toolClassPath("computenode"), "org.dhtfl.chord.sim.SimRingStatesMain", "--nodes",
        String.valueOf(NODES), "--bits", String.valueOf(BITS), "--crash", String.valueOf(CRASHED), "--out",
        file.toString()).redirectErrorStream(true).redirectOutput(OUT.resolve("tool.out").toFile()).start();
    try {
      assertThat(tool.waitFor(60, TimeUnit.SECONDS)).as("the simulator ended").isTrue();
      assertThat(tool.exitValue()).as(Files.readString(OUT.resolve("tool.out"))).isZero();
    } finally {
      tool.destroyForcibly();
    }
    List<RingState> states = new ArrayList<>();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      TProtocol protocol = new TBinaryProtocol(new TIOStreamTransport(in));
      int count = protocol.readI32();
      for (int i = 0; i < count; i++) {
        org.dhtfl.thrift.RingState state = new org.dhtfl.thrift.RingState();
        state.read(protocol);
        states.add(Convert.fromThrift(state));
      }
    }
    return states;
  }

  /** The page's view of the live states, with files held by their keys' owners and the crashed nodes silent. */
  private static RingView view(List<RingState> states) {
    IdSpace space = new IdSpace(BITS);
    IdealRing ideal = new IdealRing(space, states.stream().map(s -> s.self().id()).toList());
    Map<Integer, List<HeldJob>> held = new LinkedHashMap<>();
    HeldJob.State[] mix = {HeldJob.State.DONE, HeldJob.State.DONE, HeldJob.State.DONE, HeldJob.State.TRAINING,
        HeldJob.State.QUEUED, HeldJob.State.DONE, HeldJob.State.FAILED};
    for (int i = 0; i < 300; i++) {
      String file = String.format("shard-%03d", i);
      int owner = ideal.successorOf(space.keyOf(file));
      HeldJob.State state = mix[i % mix.length];
      boolean finished = state == HeldJob.State.DONE || state == HeldJob.State.FAILED;
      held.computeIfAbsent(owner, k -> new ArrayList<>()).add(new HeldJob(new JobKey("sim-run", 2, file), state,
          finished ? OptionalInt.of(owner) : OptionalInt.empty()));
    }
    List<RingCrawl.Member> members = new ArrayList<>();
    List<NodeRef> silent = new ArrayList<>();
    for (RingState state : states) {
      members.add(new RingCrawl.Member(state, held.getOrDefault(state.self().id(), List.of())));
      List<NodeRef> named = new ArrayList<>(state.successors());
      named.addAll(state.fingers());
      state.predecessor().ifPresent(named::add);
      for (NodeRef node : named) {
        boolean live = states.stream().anyMatch(s -> s.self().sameAs(node));
        if (!live && silent.stream().noneMatch(node::sameAs)) {
          silent.add(node);
        }
      }
    }
    return RingViews.of(new RingCrawl.Result(members, silent), null, List.of(), Optional.empty(), Map.of(),
        Instant.now());
  }
}
