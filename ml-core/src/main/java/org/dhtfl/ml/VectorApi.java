package org.dhtfl.ml;

/**
 * Whether this JVM can run {@link VectorBlockPass}: the Vector API is an incubator module in Java 17,
 * resolved only when the JVM starts with {@code --add-modules jdk.incubator.vector} (the project's
 * scripts and builds pass it). Without it the training falls back to {@link ScalarBlockPass}, slower
 * and with the same results. The system property {@value #PROPERTY}{@code =false} turns the Vector API
 * off where it is present, to compare the two.
 */
final class VectorApi {
  static final String MODULE = "jdk.incubator.vector";
  static final String PROPERTY = "dhtfl.vector";
  /** Decided once, when the first pass is made. */
  static final boolean USABLE = Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))
      && ModuleLayer.boot().findModule(MODULE).isPresent();

  private VectorApi() {
  }
}
