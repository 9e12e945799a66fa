package org.dhtfl.ml;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether this JVM runs {@link VectorBlockPass}, which needs two JVM options (the project's scripts and
 * builds pass both; without them the training falls back to {@link ScalarBlockPass}, slower and with the
 * same results):
 * <ul>
 * <li>{@code --add-modules=jdk.incubator.vector}: the Vector API is an incubator module in Java 17, which
 * the JVM resolves only when asked;</li>
 * <li>{@code -XX:PerMethodTrapLimit=10000} (at least {@link #TRAP_LIMIT}): C2 adds up the traps recorded
 * for every method it inlines into one compilation, and past this limit (100 by default) stops trusting
 * type profiles. The Vector API's internals record a few traps while the JVM warms up, and a kernel
 * inlines hundreds of them, so with the default 1 to 3 JVMs in 10 compiled some kernels without their
 * intrinsics: vectors boxed, a training 1.4 to 5 times slower, at worst slower than the plain pass.</li>
 * </ul>
 * It also needs C2, which alone compiles vector code to vector instructions: not with {@code -Xint} or
 * {@code -XX:TieredStopAtLevel=1} (the client's setting, as it only validates). The system property
 * {@value #PROPERTY}{@code =false} turns the Vector API off, to compare the two passes.
 */
final class VectorApi {
  static final String MODULE = "jdk.incubator.vector";
  static final String PROPERTY = "dhtfl.vector";
  static final long TRAP_LIMIT = 10_000;
  /** Decided once, when the first pass is made. */
  static final boolean USABLE = Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))
      && ModuleLayer.boot().findModule(MODULE).isPresent() && compilesWell(VectorApi::vmOption);

  private VectorApi() {
  }

  /**
   * Whether a JVM with these options (HotSpot's -XX flags by name; empty when there is no such flag)
   * compiles the vector kernels with C2 and keeps their intrinsics.
   */
  static boolean compilesWell(Function<String, Optional<String>> vmOption) {
    long trapLimit = vmOption.apply("PerMethodTrapLimit").map(Long::parseLong).orElse(0L);
    boolean compiles = vmOption.apply("UseCompiler").map(Boolean::parseBoolean).orElse(false);
    boolean tiered = vmOption.apply("TieredCompilation").map(Boolean::parseBoolean).orElse(false);
    long topTier = vmOption.apply("TieredStopAtLevel").map(Long::parseLong).orElse(0L);
    return trapLimit >= TRAP_LIMIT && compiles && (!tiered || topTier >= 4);
  }

  /** A HotSpot flag's value; empty on another JVM or a runtime without jdk.management. */
  static Optional<String> vmOption(String name) {
    try {
      HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return Optional.of(hotSpot.getVMOption(name).getValue());
    } catch (RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }
}
