package org.dhtfl.node;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The JIT of this JVM as the warm-up sees it: the compilation time from the platform's
 * CompilationMXBean, and whether anything compiles or waits from HotSpot's diagnostic command
 * Compiler.queue (what {@code jcmd PID Compiler.queue} prints). Where either is missing (another JVM,
 * a runtime without jdk.management), it reads as 0 ms and idle, and the warm-up ends after its
 * least trainings.
 */
final class HotSpotJit implements Warmup.Jit {

  private static final String DIAGNOSTICS = "com.sun.management:type=DiagnosticCommand";
  private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

  private HotSpotJit() {
  }

  static Warmup.Jit create() {
    return new HotSpotJit();
  }

  @Override
  public long compiledMillis() {
    return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
  }

  @Override
  public boolean idle() {
    try {
      Object queue = server.invoke(new ObjectName(DIAGNOSTICS), "compilerQueue", new Object[] {null},
          new String[] {String[].class.getName()});
      return idle(String.valueOf(queue));
    } catch (JMException | RuntimeException e) {
      return true;
    }
  }

  /**
   * Whether Compiler.queue's text lists no task: it has a heading line per part ("Current compiles:",
   * "C1 compile queue:", "C2 compile queue:"), "Empty" under an empty queue, and a line per task.
   */
  static boolean idle(String queue) {
    return queue.lines().map(String::strip)
        .allMatch(line -> line.isEmpty() || line.endsWith(":") || line.equals("Empty"));
  }
}
