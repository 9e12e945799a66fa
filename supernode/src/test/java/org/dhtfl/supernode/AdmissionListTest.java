package org.dhtfl.supernode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdmissionListTest {

  private static InetAddress address(String literal) throws IOException {
    return InetAddress.getByName(literal);
  }

  private static AdmissionList list(String... lines) throws IOException {
    return AdmissionList.parse("nodes.txt", List.of(lines));
  }

  @Test
  void readsTheReferenceFileFormat(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("compute_node.txt");
    Files.writeString(file, "127.0.0.1,5001\n127.0.0.1,5002\n127.0.0.1,5003\n", StandardCharsets.UTF_8);

    AdmissionList admission = AdmissionList.read(file);

    assertThat(admission.entries()).extracting(AdmissionList.Entry::host, AdmissionList.Entry::port)
        .containsExactly(tuple("127.0.0.1", 5001), tuple("127.0.0.1", 5002), tuple("127.0.0.1", 5003));
    assertThat(admission.entries().get(0).address()).isEqualTo(address("127.0.0.1"));
  }

  @Test
  void blankLinesCommentsAndSurroundingSpacesAreSkipped() throws IOException {
    AdmissionList admission = list("# the demo nodes", "", "   ", "  127.0.0.1 , 5001  ", "\t# more later");

    assertThat(admission.entries()).hasSize(1);
    assertThat(admission.entries().get(0).host()).isEqualTo("127.0.0.1");
    assertThat(admission.entries().get(0).port()).isEqualTo(5001);
  }

  @Test
  void anEmptyFileAdmitsNobody() throws IOException {
    AdmissionList admission = list();

    assertThat(admission.entries()).isEmpty();
    assertThat(admission.match(5001, InetAddress.getLoopbackAddress())).isEmpty();
  }

  @Test
  void aLineThatIsNotIpCommaPortFailsNamingFileAndLine() {
    assertThatThrownBy(() -> list("127.0.0.1,5001", "127.0.0.1 5002"))
        .isInstanceOf(IOException.class)
        .hasMessage("nodes.txt line 2: '127.0.0.1 5002' is not ip,port");
    assertThatThrownBy(() -> list(",5001"))
        .isInstanceOf(IOException.class)
        .hasMessage("nodes.txt line 1: ',5001' is not ip,port");
    assertThatThrownBy(() -> list("127.0.0.1,5001,extra"))
        .isInstanceOf(IOException.class)
        .hasMessage("nodes.txt line 1: '127.0.0.1,5001,extra' is not ip,port");
  }

  @Test
  void aPortThatIsNotANumberFailsNamingFileAndLine() {
    assertThatThrownBy(() -> list("# header", "127.0.0.1,50x1"))
        .isInstanceOf(IOException.class)
        .hasMessage("nodes.txt line 2: '50x1' is not a port number");
    assertThatThrownBy(() -> list("127.0.0.1,"))
        .isInstanceOf(IOException.class)
        .hasMessage("nodes.txt line 1: '' is not a port number");
  }

  @Test
  void aPortOutOfRangeFailsNamingFileAndLine() {
    assertThatThrownBy(() -> list("127.0.0.1,70000"))
        .isInstanceOf(IOException.class)
        .hasMessage("nodes.txt line 1: port 70000 out of range 1..65535");
    assertThatThrownBy(() -> list("", "127.0.0.1,0"))
        .isInstanceOf(IOException.class)
        .hasMessage("nodes.txt line 2: port 0 out of range 1..65535");
  }

  @Test
  void anUnknownHostFailsNamingFileAndLine() {
    assertThatThrownBy(() -> list("127.0.0.1,5001", "no-such-host.invalid,5002"))
        .isInstanceOf(IOException.class)
        .hasMessage("nodes.txt line 2: unknown host 'no-such-host.invalid'");
  }

  @Test
  void readingAFileNamesThePathInItsErrors(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("compute_node.txt");
    Files.writeString(file, "127.0.0.1,5001\nbroken\n", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> AdmissionList.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(file + " line 2: ");
  }

  @Test
  void aNodeMatchesWhenPortAndAddressAreTheListedOnes() throws IOException {
    AdmissionList admission = list("203.0.113.7,5001", "127.0.0.1,5002");

    Optional<AdmissionList.Entry> remote = admission.match(5001, address("203.0.113.7"));
    Optional<AdmissionList.Entry> local = admission.match(5002, address("127.0.0.1"));

    assertThat(remote).map(AdmissionList.Entry::host).contains("203.0.113.7");
    assertThat(local).map(AdmissionList.Entry::host).contains("127.0.0.1");
  }

  @Test
  void aListedAddressOnAnotherPortDoesNotMatch() throws IOException {
    AdmissionList admission = list("203.0.113.7,5001");

    assertThat(admission.match(5002, address("203.0.113.7"))).isEmpty();
  }

  @Test
  void aListedPortFromAnotherHostDoesNotMatch() throws IOException {
    AdmissionList admission = list("203.0.113.7,5001", "127.0.0.1,5002");

    assertThat(admission.match(5001, address("203.0.113.8"))).isEmpty();
    assertThat(admission.match(5001, address("127.0.0.1"))).isEmpty();
    assertThat(admission.match(5002, address("203.0.113.7"))).isEmpty();
  }

  @Test
  void anyTwoAddressesOfThisMachineCountAsTheSameHost() throws IOException {
    AdmissionList admission = list("127.0.0.1,5001", "localhost,5002", "0.0.0.0,5003");

    assertThat(admission.match(5001, address("127.0.0.2"))).isPresent();
    assertThat(admission.match(5001, address("::1"))).isPresent();
    assertThat(admission.match(5002, address("127.0.0.1"))).map(AdmissionList.Entry::host).contains("localhost");
    assertThat(admission.match(5003, InetAddress.getLoopbackAddress())).isPresent();
  }

  @Test
  void anInterfaceAddressOfThisMachineMatchesALoopbackEntry() throws IOException {
    Optional<InetAddress> own = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
        .flatMap(n -> Collections.list(n.getInetAddresses()).stream())
        .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
        .findFirst();
    assumeTrue(own.isPresent(), "this machine has no non-loopback address");
    AdmissionList admission = list("127.0.0.1,5001");

    Optional<AdmissionList.Entry> match = admission.match(5001, own.get());

    assertThat(match).isPresent();
  }

  @Test
  void theRefusalOfAnUnlistedPortSaysSo() throws IOException {
    AdmissionList admission = list("127.0.0.1,5001");

    String refusal = admission.refusal(5009, address("127.0.0.1"));

    assertThat(refusal).isEqualTo("port 5009 is not in the admission list");
  }

  @Test
  void theRefusalOfAPortListedForOtherHostsNamesThemAndTheCaller() throws IOException {
    AdmissionList admission = list("203.0.113.7,5001", "203.0.113.8,5001", "127.0.0.1,5002");

    String refusal = admission.refusal(5001, address("198.51.100.1"));

    assertThat(refusal).isEqualTo("port 5001 is listed for 203.0.113.7, 203.0.113.8, not for 198.51.100.1");
  }
}
