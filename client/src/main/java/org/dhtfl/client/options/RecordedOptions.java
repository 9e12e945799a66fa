package org.dhtfl.client.options;

import java.lang.reflect.AnnotatedElement;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The options of a command that its run's folder fixes, as {@link Recorded} and {@link RecordedSetting} mark them. */
public final class RecordedOptions {

  private RecordedOptions() {
  }

  /** Every recorded option, in the order the command declares them. */
  public static List<OptionSpec> recorded(CommandSpec command) {
    return command.options().stream().filter(o -> mark(o).isPresent()).toList();
  }

  /** The recorded options that only a --rounds run reads. */
  public static List<OptionSpec> roundsOnly(CommandSpec command) {
    return command.options().stream().filter(o -> mark(o).filter(Mark::roundsOnly).isPresent()).toList();
  }

  private record Mark(boolean roundsOnly) {
  }

  private static Optional<Mark> mark(OptionSpec option) {
    Object declared = option.userObject();
    if (declared instanceof RecordedSetting) {
      return Optional.of(new Mark(false));
    }
    if (declared instanceof AnnotatedElement member && member.isAnnotationPresent(Recorded.class)) {
      return Optional.of(new Mark(member.getAnnotation(Recorded.class).roundsOnly()));
    }
    return Optional.empty();
  }
}
