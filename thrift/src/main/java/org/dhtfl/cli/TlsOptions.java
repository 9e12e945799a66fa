package org.dhtfl.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.dhtfl.rpc.Tls;
import picocli.CommandLine.Option;

/**
 * The TLS options every program shares (a picocli mixin). TLS is off unless a key store is
 * given; then the trust store and the password file are needed too. scripts/tls-keys.sh makes
 * them.
 */
public final class TlsOptions {

  @Option(names = "--tls-keystore", paramLabel = "FILE",
      description = "Turn TLS on: this party's key and certificate (PKCS12, from scripts/tls-keys.sh).")
  Path keyStore;

  @Option(names = "--tls-truststore", paramLabel = "FILE",
      description = "With TLS: the cluster's CA certificate (PKCS12); only peers it signed are accepted.")
  Path trustStore;

  @Option(names = "--tls-password-file", paramLabel = "FILE",
      description = "With TLS: the file holding the stores' password.")
  Path passwordFile;

  /** The TLS set-up, or empty when TLS is off; fails naming what is missing or unreadable. */
  public Optional<Tls> load() throws IOException {
    if (keyStore == null && trustStore == null && passwordFile == null) {
      return Optional.empty();
    }
    if (keyStore == null || trustStore == null || passwordFile == null) {
      throw new IllegalArgumentException(
          "TLS needs all of --tls-keystore, --tls-truststore and --tls-password-file");
    }
    if (!Files.isRegularFile(passwordFile)) {
      throw new IOException("no password file " + passwordFile);
    }
    String password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
    return Optional.of(Tls.load(keyStore, trustStore, password.toCharArray()));
  }
}
