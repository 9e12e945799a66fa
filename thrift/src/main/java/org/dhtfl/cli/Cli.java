package org.dhtfl.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.dhtfl.ring.NodeRef;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** What the programs' command lines share: argument converters and the exit convention. */
public final class Cli {

  /** Exit code for a run that failed (a wrong argument exits with 2, picocli's usage error code). */
  public static final int FAILED = 1;

  /** The option that names a configuration file ({@link ConfigFile}), which every program reads. */
  public static final String CONFIG_OPTION = "--config";

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

  /**
   * A command line whose usage errors print one line and the usage, and exit with 2, and which reads
   * the defaults of the command's options from {@code --config FILE} ({@link ConfigFile}).
   */
  public static CommandLine commandLine(Object command) {
    CommandLine line = new CommandLine(command);
    addConfigOption(line);
    line.setUsageHelpAutoWidth(true);
    line.setOverwrittenOptionsAllowed(true);
    // Choice options are enums whose toString() is the lower-case value the help lists.
    for (Class<?> type : enumTypes(line, new LinkedHashSet<>())) {
      registerChoice(line, type);
    }
    line.setParameterExceptionHandler((ex, args) -> {
      CommandLine cmd = ex.getCommandLine();
      // A value the file gave (not the command line) is named with the file's line and key.
      Optional<String> origin = Optional.ofNullable(ex.getArgSpec())
          .flatMap(arg -> config(arg.command()).filter(file -> file.sets(arg)
                  && Objects.equals(ex.getValue(), file.defaultValue(arg)))
              .flatMap(file -> file.origin(arg)));
      cmd.getErr().println("error: " + origin.map(where -> where + ": ").orElse("") + ex.getMessage());
      // A wrong line of a configuration file is fixed in the file: the usage would only bury the error.
      if (!(ex instanceof ConfigFileException) && origin.isEmpty()) {
        cmd.usage(cmd.getErr());
      }
      return cmd.getCommandSpec().exitCodeOnInvalidInput();
    });
    return line;
  }

  /**
   * Adds --config FILE to the command. When picocli meets the option it reads the file, before the
   * defaults of the options not given are applied, and makes it the command's default provider; a
   * later --config replaces an earlier one (the launchers pass the release's file first).
   */
  private static void addConfigOption(CommandLine line) {
    CommandSpec spec = line.getCommandSpec();
    spec.addOption(OptionSpec.builder(CONFIG_OPTION).paramLabel("FILE").type(Path.class)
        .description("Read default values of the options from FILE: 'key = value' lines, the key being the long "
            + "option name without dashes (or a parameter's name), # for comments; the command line overrides "
            + "the file.")
        .preprocessor((args, command, arg, info) -> {
          if (!args.isEmpty()) {
            Path file = Path.of(args.peek());
            try {
              command.defaultValueProvider(ConfigFile.read(file, command));
            } catch (NoSuchFileException e) {
              throw new ConfigFileException(line, "no configuration file " + file + " (" + CONFIG_OPTION + ")");
            } catch (IOException e) {
              throw new ConfigFileException(line, "cannot read the configuration file " + file + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
              throw new ConfigFileException(line, e.getMessage());
            }
          }
          return false;
        })
        .build());
  }

  /** A configuration file that cannot be read or holds a wrong line. */
  private static final class ConfigFileException extends ParameterException {
    private static final long serialVersionUID = 1L;

    ConfigFileException(CommandLine line, String message) {
      super(line, message);
    }
  }

  /** The configuration file the command reads its defaults from, if one was given. */
  private static Optional<ConfigFile> config(CommandSpec command) {
    return command.defaultValueProvider() instanceof ConfigFile file ? Optional.of(file) : Optional.empty();
  }

  /**
   * Whether the option was given, on the command line or in the configuration file: for checks that
   * refuse options which would be ignored.
   */
  public static boolean given(CommandSpec command, String option) {
    OptionSpec spec = command.findOption(option);
    if (spec == null) {
      throw new IllegalArgumentException(command.name() + " has no option " + option);
    }
    ParseResult parsed = command.commandLine().getParseResult();
    return parsed != null && parsed.hasMatchedOption(option) || config(command).filter(file -> file.sets(spec)).isPresent();
  }
}
