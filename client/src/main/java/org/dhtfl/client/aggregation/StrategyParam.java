package org.dhtfl.client.aggregation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoublePredicate;
import org.dhtfl.client.options.RecordedSetting;

/**
 * A setting of an aggregation strategy or of a server optimizer: its command-line option, its field
 * in run.json's options, its range and its help. Its owner, a {@link Strategy} or a
 * {@link ServerOptimizerKind}, declares it with its default; {@link StrategyOptions} makes an option of
 * every setting an owner declares, and run.json records it under {@link #json()} (so --resume refuses
 * the option: {@link RecordedSetting}).
 */
public final class StrategyParam implements RecordedSetting {

  /** The values a setting takes, as a test and in words. */
  public record Range(String words, boolean integral, DoublePredicate test) {

    public static Range positive() {
      return new Range("positive", false, v -> v > 0 && Double.isFinite(v));
    }

    public static Range atLeastZero() {
      return new Range("at least 0", false, v -> v >= 0 && Double.isFinite(v));
    }

    /** [0, end), end excluded. */
    public static Range fromZeroBelow(double end) {
      return new Range("in [0, " + (end == Math.rint(end) ? String.valueOf((long) end) : String.valueOf(end)) + ")",
          false, v -> v >= 0 && v < end);
    }

    /** A count: a whole number from 0 to a million. */
    public static Range count() {
      return new Range("a whole number, at least 0", true, v -> v >= 0 && v == Math.rint(v) && v <= 1_000_000);
    }
  }

  private final String option;
  private final String json;
  private final String paramLabel;
  private final String description;
  private final Range range;

  /**
   * @param option      the command-line option, e.g. {@code --server-lr}
   * @param json        the field of run.json's options, e.g. {@code server_lr}
   * @param paramLabel  the value's name in the help
   * @param description the help text
   */
  public StrategyParam(String option, String json, String paramLabel, Range range, String description) {
    this.option = option;
    this.json = json;
    this.paramLabel = paramLabel;
    this.range = range;
    this.description = description;
  }

  /** The command-line option, e.g. {@code --server-lr}. */
  public String option() {
    return option;
  }

  /** The field of run.json's options. */
  public String json() {
    return json;
  }

  public String paramLabel() {
    return paramLabel;
  }

  public String description() {
    return description;
  }

  /** Whether the value is a count. */
  public boolean integral() {
    return range.integral();
  }

  /** The value, if in range; else fails naming the option and the range. */
  double check(double value) {
    if (!range.test().test(value)) {
      throw new IllegalArgumentException(option + " " + (integral() ? String.valueOf((long) value) : value)
          + " must be " + range.words());
    }
    return value;
  }

  /**
   * Every setting of every server optimizer and strategy, once each, in the order the help lists them:
   * the server optimizers' first, as their owners declare them.
   */
  public static List<StrategyParam> all() {
    Set<StrategyParam> all = new LinkedHashSet<>();
    for (ServerOptimizerKind optimizer : ServerOptimizerKind.values()) {
      all.addAll(optimizer.defaults().keySet());
    }
    for (Strategy strategy : Strategy.values()) {
      all.addAll(strategy.defaults().keySet());
    }
    return List.copyOf(all);
  }

  /** The strategies it applies to, in words: those that declare it and those whose server optimizer does. */
  String where() {
    List<String> strategies = new ArrayList<>();
    for (Strategy strategy : Strategy.values()) {
      if (declaredBy(strategy.defaults()) || strategy.optimizer().filter(o -> declaredBy(o.defaults())).isPresent()) {
        strategies.add(strategy.toString());
      }
    }
    List<String> optimizers = new ArrayList<>();
    for (ServerOptimizerKind optimizer : ServerOptimizerKind.values()) {
      if (declaredBy(optimizer.defaults())) {
        optimizers.add(optimizer.toString());
      }
    }
    String where = words(strategies, "and");
    return optimizers.isEmpty() ? where
        : where + ", and to a robust strategy under --server-optimizer " + words(optimizers, "or");
  }

  private boolean declaredBy(Map<StrategyParam, Double> defaults) {
    return defaults.containsKey(this);
  }

  /** "a", "a and b", "a, b and c". */
  private static String words(List<String> names, String last) {
    if (names.size() < 2) {
      return String.join("", names);
    }
    return String.join(", ", names.subList(0, names.size() - 1)) + " " + last + " " + names.get(names.size() - 1);
  }

  @Override
  public String toString() {
    return option;
  }
}
