package org.dhtfl.systest.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.dhtfl.client.watch.RingView;
import org.dhtfl.client.watch.WatchServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The live page lists each physical node once with its positions when members hold several (--virtual). */
class PhysicalNodesPageIT {

  private static final List<List<Integer>> PROCESSES = List.of(List.of(19, 27, 63, 62), List.of(51, 6, 9, 52),
      List.of(7, 28, 17, 1));

  private static RingView ring(boolean virtual) {
    List<Integer> ids = PROCESSES.stream().flatMap(List::stream).sorted().toList();
    List<RingView.Member> members = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      int id = ids.get(i);
      members.add(new RingView.Member(id, "127.0.0.1", 6000 + id, ids.get((i + ids.size() - 1) % ids.size()),
          List.of(ids.get((i + 1) % ids.size())), List.of(), List.of()));
    }
    List<RingView.Node> nodes = new ArrayList<>();
    for (int i = 0; i < PROCESSES.size(); i++) {
      nodes.add(new RingView.Node("127.0.0.1", 5001 + i, PROCESSES.get(i)));
    }
    return new RingView(6, Instant.now().toString(), null, members, List.of(), virtual ? nodes : null);
  }

  @Test
  void eachPhysicalNodeIsListedOnceWithItsPositionsAndAClickChoosesItsFirst() throws Exception {
    AtomicReference<RingView> shown = new AtomicReference<>(ring(true));

    try (WatchServer server = WatchServer.start(InetAddress.getLoopbackAddress(), 0, shown::get,
        Duration.ofMillis(200), Optional.empty());
        Browser browser = Browser.open(1200, 900)) {
      WebDriver page = browser.driver();
      page.get(server.url());
      await("the physical nodes on the page").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
          .untilAsserted(() -> {
            assertThat(page.findElement(By.id("summary")).getText()).contains("12 members on 3 nodes");
            assertThat(page.findElements(By.cssSelector("#physical-list li")).stream().map(WebElement::getText))
                .containsExactly("127.0.0.1:5001 positions 19, 27, 63, 62", "127.0.0.1:5002 positions 51, 6, 9, 52",
                    "127.0.0.1:5003 positions 7, 28, 17, 1");
          });
      browser.screenshot(Path.of("target", "it", "watch-page", "physical-nodes.png"));

      page.findElements(By.cssSelector("#physical-list li")).get(1).click();

      await("node 51 chosen").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
          .untilAsserted(() -> assertThat(page.findElement(By.id("selected-id")).getText()).isEqualTo("51"));

      shown.set(ring(false));

      await("no physical nodes for single positions").atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(page.findElement(By.id("physical-panel")).isDisplayed()).isFalse();
            assertThat(page.findElement(By.id("summary")).getText()).contains("12 members, m = 6");
          });
    }
  }
}
