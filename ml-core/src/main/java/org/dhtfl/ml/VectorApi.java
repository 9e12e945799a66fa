package org.dhtfl.ml;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

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
 * inlines hundreds of them, so with the default about one JVM in five compiled some kernels without their
 * intrinsics: vectors boxed, a training 1.5 to 5 times slower, at worst slower than the plain pass.</li>
 * </ul>
 * The system property {@value #PROPERTY}{@code =false} turns the Vector API off, to compare the two.
 */
final class VectorApi {
  static final String MODULE = "jdk.incubator.vector";
  static final String PROPERTY = "dhtfl.vector";
  static final long TRAP_LIMIT = 10_000;
  /** Decided once, when the first pass is made. */
  static final boolean USABLE = usable(Boolean.parseBoolean(System.getProperty(PROPERTY, "true")),
      ModuleLayer.boot().findModule(MODULE).isPresent(), VectorApi::trapLimit);

  private VectorApi() {
  }

  /** Whether the vector pass may run: wanted, the module resolved, and the trap limit high enough. */
  static boolean usable(boolean wanted, boolean modulePresent, LongSupplier trapLimit) {
    return wanted && modulePresent && trapLimit.getAsLong() >= TRAP_LIMIT;
  }

  /** HotSpot's PerMethodTrapLimit, or 0 on another JVM. */
  static long trapLimit() {
    try {
      HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return Long.parseLong(hotSpot.getVMOption("PerMethodTrapLimit").getValue());
    } catch (RuntimeException | LinkageError e) {
      // Not HotSpot (no such option), or a runtime without jdk.management.
      return 0;
    }
  }
}
