package org.dhtfl.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.dhtfl.thrift.Supernode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLS server learns each caller's identity from its certificate, as scripts/tls-keys.sh makes
 * them, and a caller checks that the server's certificate names whom it meant to reach.
 */
class ThriftServerTlsTest {

  private static final Path PROJECT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();

  @TempDir
  static Path keys;
  private static final AtomicReference<Optional<PeerIdentity>> SEEN = new AtomicReference<>();
  private static ThriftServer server;

  @BeforeAll
  static void start() throws Exception {
    run("bash", PROJECT.resolve("scripts/tls-keys.sh").toString(), keys.toString(), "supernode", "client",
        "node-5001");
    makeKeyWithoutRole("stranger");
    server = ThriftServer.start("tls-test", recorder(),
        InetAddress.getLoopbackAddress(), 0, settings("supernode"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static RpcSettings settings(String party) throws Exception {
    char[] password = Files.readString(keys.resolve("password")).trim().toCharArray();
    return RpcSettings.DEFAULTS.withTls(Optional.of(Tls.load(keys.resolve(party + ".p12"),
        keys.resolve("truststore.p12"), password)));
  }

  private static Optional<PeerIdentity> identityAsSeenBy(String party) throws Exception {
    SEEN.set(null);
    Rpc.supernode("127.0.0.1", server.port(), settings(party), c -> c.get_bits());
    return SEEN.get();
  }

  @Test
  void theServerSeesTheRoleOfEachCaller() throws Exception {
    assertThat(identityAsSeenBy("client")).contains(PeerIdentity.client());
    assertThat(identityAsSeenBy("supernode")).contains(PeerIdentity.supernode());
  }

  @Test
  void theServerSeesTheAddressANodesCertificateNames() throws Exception {
    assertThat(identityAsSeenBy("node-5001")).contains(PeerIdentity.node("127.0.0.1", 5001));
  }

  @Test
  void aCertificateOfTheClustersCaThatNamesNoRoleIsRefused() {
    assertThatThrownBy(() -> identityAsSeenBy("stranger")).isInstanceOf(RemoteException.class);
    assertThat(SEEN.get()).isNull();
  }

  @Test
  void aCallerRefusesAServerWhoseCertificateNamesAnotherParty() throws Exception {
    int port = server.port();
    RpcSettings node = settings("node-5001");

    assertThatThrownBy(() -> Rpc.computeNode("127.0.0.1", port, node, c -> c.ping()))
        .isInstanceOfSatisfying(RemoteException.class, e -> assertThat(e.kind()).isEqualTo(
            RemoteException.Kind.UNREACHABLE))
        .hasMessageContaining("the server's certificate names supernode, not the node at 127.0.0.1:" + port);
  }

  @Test
  void aCallerRefusesANodeKeyServingAnotherPortAndAClientKeyPosingAsTheSupernode() throws Exception {
    try (ThriftServer impostor = ThriftServer.start("impostor", recorder(),
        InetAddress.getLoopbackAddress(), 0, settings("node-5001"))) {
      assertThatThrownBy(() -> Rpc.computeNode("127.0.0.1", impostor.port(), settings("client"), c -> c.ping()))
          .isInstanceOf(RemoteException.class)
          .hasMessageContaining("names node 127.0.0.1:5001, not the node at 127.0.0.1:" + impostor.port());
    }
    try (ThriftServer impostor = ThriftServer.start("impostor", recorder(),
        InetAddress.getLoopbackAddress(), 0, settings("client"))) {
      assertThatThrownBy(() -> Rpc.supernode("127.0.0.1", impostor.port(), settings("node-5001"), c -> c.get_bits()))
          .isInstanceOf(RemoteException.class).hasMessageContaining("names client, not the supernode");
    }
  }

  @Test
  void theKeysAreTheOwnersOnlyAndTheCaKeyIsApartUnderAPasswordOfItsOwn() throws Exception {
    for (String file : List.of("password", "supernode.p12", "truststore.p12", "ca/ca.p12", "ca/password")) {
      assertThat(Files.getPosixFilePermissions(keys.resolve(file)))
          .as(file).containsOnly(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
    assertThat(Files.exists(keys.resolve("ca.p12"))).as("the CA's key beside the parties' keys").isFalse();
    assertThat(Files.readString(keys.resolve("ca/password"))).isNotEqualTo(Files.readString(keys.resolve("password")));
  }

  @Test
  void aServerThatDripsItsHandshakeIsLeftAtTheCallsTimeout() throws Exception {
    try (ServerSocket dripper = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
      Thread drip = new Thread(() -> {
        try (Socket peer = dripper.accept()) {
          // A TLS record header, then one byte at a time, each well inside the read timeout.
          for (int i = 0; i < 200 && !Thread.currentThread().isInterrupted(); i++) {
            peer.getOutputStream().write(i == 0 ? 0x16 : 0x03);
            peer.getOutputStream().flush();
            Thread.sleep(100);
          }
        } catch (Exception ignored) {
          // The caller gave up and closed the connection.
        }
      }, "dripper");
      drip.setDaemon(true);
      drip.start();
      RpcSettings settings = settings("client").withCallTimeoutMs(1_000);
      long started = System.nanoTime();
      assertThatThrownBy(() -> Rpc.supernode("127.0.0.1", dripper.getLocalPort(), settings, c -> c.get_bits()))
          .isInstanceOf(RemoteException.class).hasMessageContaining("took longer than 1000 ms");
      assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
      drip.interrupt();
    }
  }

  /** A key the cluster's CA signed for CN=NAME, a name that is no role. */
  private static void makeKeyWithoutRole(String name) throws Exception {
    String pass = Files.readString(keys.resolve("password")).trim();
    String caPass = Files.readString(keys.resolve("ca").resolve("password")).trim();
    String store = keys.resolve(name + ".p12").toString();
    String ca = keys.resolve("ca").resolve("ca.p12").toString();
    String csr = keys.resolve(name + ".csr").toString();
    String pem = keys.resolve(name + ".pem").toString();
    run("keytool", "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
        "-keystore", store, "-storetype", "PKCS12", "-storepass", pass, "-keypass", pass);
    run("keytool", "-certreq", "-alias", name, "-keystore", store, "-storepass", pass, "-file", csr);
    run("keytool", "-gencert", "-rfc", "-alias", "ca", "-keystore", ca, "-storepass", caPass, "-infile", csr,
        "-outfile", pem, "-ext", "eku=serverAuth,clientAuth");
    run("keytool", "-importcert", "-noprompt", "-alias", "ca", "-file", keys.resolve("ca.pem").toString(),
        "-keystore", store, "-storepass", pass);
    run("keytool", "-importcert", "-alias", name, "-file", pem, "-keystore", store, "-storepass", pass);
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
  }

  /** A supernode face that records the caller's identity on get_bits. */
  private static Supernode.Processor<BitsOnlySupernode> recorder() {
    return new Supernode.Processor<>(new BitsOnlySupernode(() -> SEEN.set(CallContext.identity())));
  }
}
