package org.dhtfl.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.dhtfl.ring.NodeRef;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** What the programs' command lines share: argument converters and the exit convention. */
public final class Cli {

  /** Exit code for a run that failed (a wrong argument exits with 2, picocli's usage error code). */
  public static final int FAILED = 1;

  private Cli() {
  }

  /** A TCP port, 1..65535, named in the error otherwise. */
  public static final class Port implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      long port;
      try {
        port = Long.parseLong(value.trim());
      } catch (NumberFormatException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a port number");
      }
      try {
        return NodeRef.checkPort(port);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** A host name or address that resolves. */
  public static final class Address implements ITypeConverter<InetAddress> {
    @Override
    public InetAddress convert(String value) {
      try {
        return InetAddress.getByName(value);
      } catch (UnknownHostException e) {
        throw new CommandLine.TypeConversionException("unknown host '" + value + "'");
      }
    }
  }

  /**
   * A choice among the constants of an enum, by the names {@code toString()} gives them (case does
   * not matter); a wrong value is named in the error with the choices.
   */
  public static final class Choice<E extends Enum<E>> implements ITypeConverter<E> {
    private final Class<E> type;

    public Choice(Class<E> type) {
      this.type = type;
    }

    @Override
    public E convert(String value) {
      for (E constant : type.getEnumConstants()) {
        if (constant.toString().equalsIgnoreCase(value.trim()) || constant.name().equalsIgnoreCase(value.trim())) {
          return constant;
        }
      }
      throw new CommandLine.TypeConversionException("'" + value + "' is not one of " + Arrays.stream(
          type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", ")));
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void registerChoice(CommandLine line, Class<?> type) {
    line.registerConverter((Class) type, new Choice(type));
  }

  /** The enum types of every option and parameter of the command and its subcommands. */
  private static Set<Class<?>> enumTypes(CommandLine line, Set<Class<?>> found) {
    CommandSpec spec = line.getCommandSpec();
    for (ArgSpec arg : spec.args()) {
      if (arg.type().isEnum()) {
        found.add(arg.type());
      }
    }
    for (CommandLine sub : line.getSubcommands().values()) {
      enumTypes(sub, found);
    }
    return found;
  }

  /** A command line whose usage errors print one line and the usage, and exit with 2. */
  public static CommandLine commandLine(Object command) {
    CommandLine line = new CommandLine(command);
    line.setUsageHelpAutoWidth(true);
    line.setOverwrittenOptionsAllowed(true);
    // Choice options are enums whose toString() is the lower-case value the help lists.
    for (Class<?> type : enumTypes(line, new LinkedHashSet<>())) {
      registerChoice(line, type);
    }
    line.setParameterExceptionHandler((ex, args) -> {
      CommandLine cmd = ex.getCommandLine();
      cmd.getErr().println("error: " + ex.getMessage());
      cmd.usage(cmd.getErr());
      return cmd.getCommandSpec().exitCodeOnInvalidInput();
    });
    return line;
  }
}
