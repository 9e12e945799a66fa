package org.dhtfl.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Mutual TLS between every party: each presents its own key and certificate (from its PKCS12
 * key store) and accepts only peers whose certificate the cluster's CA signed (the trust store).
 * Made by scripts/tls-keys.sh.
 */
public final class Tls {

  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private final SSLContext context;
  private final String description;

  private Tls(SSLContext context, String description) {
    this.context = context;
    this.description = description;
  }

  /** Loads the key store and the trust store, both protected by the password; fails naming the file. */
  public static Tls load(Path keyStore, Path trustStore, char[] password) throws IOException {
    Objects.requireNonNull(password, "password");
    try {
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(read(keyStore, password), password);
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(read(trustStore, password));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
      return new Tls(context, "TLS with " + keyStore.getFileName() + ", trusting " + trustStore.getFileName());
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS set-up from " + keyStore + " and " + trustStore + " failed: " + e.getMessage(), e);
    }
  }

  private static KeyStore read(Path file, char[] password) throws IOException, GeneralSecurityException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("no key store " + file);
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password);
    } catch (IOException e) {
      throw new IOException(file + ": " + e.getMessage() + " (wrong password, or not a PKCS12 key store)", e);
    }
    return store;
  }

  SSLContext context() {
    return context;
  }

  @Override
  public String toString() {
    return description;
  }
}
