package org.dhtfl.systest.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.dhtfl.client.watch.RingView;
import org.dhtfl.client.watch.WatchServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/** The live page says when the members' successors make two rings (a partition), and stops once they are one. */
class SplitRingPageIT {

  private static RingView.Member member(int id, int predecessor, List<Integer> successors) {
    return new RingView.Member(id, "127.0.0.1", 5000 + id, predecessor, successors, List.of(), List.of());
  }

  private static RingView view(RingView.Member... members) {
    return new RingView(6, Instant.now().toString(), null, List.of(members), List.of());
  }

  @Test
  void aSplitIsShownAsTwoRingsUntilTheyMerge() throws Exception {
    RingView split = view(member(19, 51, List.of(51)), member(51, 19, List.of(19)), member(6, 6, List.of()));
    RingView merged = view(member(19, 6, List.of(51, 6)), member(51, 19, List.of(6, 19)),
        member(6, 51, List.of(19, 51)));
    AtomicReference<RingView> shown = new AtomicReference<>(split);

    try (WatchServer server = WatchServer.start(InetAddress.getLoopbackAddress(), 0, shown::get,
        Duration.ofMillis(200), Optional.empty());
        Browser browser = Browser.open(1200, 900)) {
      WebDriver page = browser.driver();
      page.get(server.url());
      await("the split on the page").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
          .untilAsserted(() -> assertThat(page.findElement(By.id("summary")).getText())
              .contains("3 members").contains("split into 2 rings: 6 | 19 51"));

      shown.set(merged);

      await("one ring on the page").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
          .untilAsserted(() -> assertThat(page.findElement(By.id("summary")).getText())
              .contains("3 members").doesNotContain("split"));
    }
  }
}
