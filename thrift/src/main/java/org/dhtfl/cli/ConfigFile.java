package org.dhtfl.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A program's configuration file ({@code --config FILE}), the default values of its command line.
 *
 * <p>The format is the plain subset of Java properties: one {@code key = value} per line (a colon
 * may stand for the equals sign), blank lines, and comment lines starting with {@code #} or
 * {@code !}; no escapes and no continued lines. A key is an option's long name without its dashes
 * ({@code port} for {@code --port}, {@code no-early-stop = true} for a flag) or a positional
 * parameter's name ({@code supernode_ip}). A relative path is read against the file's folder, so a
 * file can name its neighbours. A flag on the command line overrides the file.
 *
 * <p>A key the program does not know, a key given twice and a line that is not {@code key = value}
 * are errors naming the file and the line; so is a value of the wrong type, once picocli converts it
 * ({@link #origin}).
 */
public final class ConfigFile implements IDefaultValueProvider {

  /** A key's value and the line it is on. */
  record Setting(String key, String value, int line) {
  }

  private final Path file;
  private final Map<ArgSpec, Setting> settings;

  private ConfigFile(Path file, Map<ArgSpec, Setting> settings) {
    this.file = file;
    this.settings = settings;
  }

  /** Reads the file and matches each key to an option or parameter of the command; fails on the first bad line. */
  public static ConfigFile read(Path file, CommandSpec command) throws IOException {
    Map<String, ArgSpec> known = keys(command);
    Map<String, Setting> byKey = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      Optional<Setting> parsed = parse(file, lines.get(i), i + 1);
      if (parsed.isEmpty()) {
        continue;
      }
      Setting setting = parsed.get();
      if (!known.containsKey(setting.key())) {
        throw new IllegalArgumentException(file + ":" + setting.line() + ": unknown key '" + setting.key() + "'; "
            + command.name() + " knows " + String.join(", ", new TreeSet<>(known.keySet())));
      }
      Setting earlier = byKey.putIfAbsent(setting.key(), setting);
      if (earlier != null) {
        throw new IllegalArgumentException(file + ":" + setting.line() + ": key '" + setting.key()
            + "' is already set on line " + earlier.line());
      }
    }
    Map<ArgSpec, Setting> settings = new LinkedHashMap<>();
    byKey.forEach((key, setting) -> settings.put(known.get(key), setting));
    return new ConfigFile(file, Collections.unmodifiableMap(settings));
  }

  /** The setting on one line: empty for a blank or comment line. */
  private static Optional<Setting> parse(Path file, String text, int line) {
    String trimmed = text.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
      return Optional.empty();
    }
    int equals = trimmed.indexOf('=');
    int colon = trimmed.indexOf(':');
    int separator = equals < 0 ? colon : colon < 0 ? equals : Math.min(equals, colon);
    if (separator < 0) {
      throw new IllegalArgumentException(file + ":" + line + ": expected 'key = value', found '" + trimmed + "'");
    }
    String key = trimmed.substring(0, separator).strip();
    String value = trimmed.substring(separator + 1).strip();
    if (key.isEmpty()) {
      throw new IllegalArgumentException(file + ":" + line + ": no key before '" + trimmed.charAt(separator) + "'");
    }
    if (value.isEmpty()) {
      throw new IllegalArgumentException(file + ":" + line + ": key '" + key + "' has no value");
    }
    return Optional.of(new Setting(key, value, line));
  }

  /** The keys of a command: its options' long names without dashes and its parameters' names. */
  public static Map<String, ArgSpec> keys(CommandSpec command) {
    Map<String, ArgSpec> keys = new LinkedHashMap<>();
    for (OptionSpec option : command.options()) {
      if (!option.usageHelp() && !option.versionHelp() && !option.longestName().equals(Cli.CONFIG_OPTION)) {
        keys.put(option.longestName().replaceFirst("^-+", ""), option);
      }
    }
    for (PositionalParamSpec parameter : command.positionalParameters()) {
      keys.put(parameter.paramLabel().replaceAll("^<|>$", ""), parameter);
    }
    return keys;
  }

  /** The file this configuration was read from. */
  public Path file() {
    return file;
  }

  /** The value the file gives the option or parameter, a relative path read against the file's folder. */
  @Override
  public String defaultValue(ArgSpec arg) {
    Setting setting = settings.get(arg);
    if (setting == null) {
      return null;
    }
    if (arg.type() == Path.class || arg.type() == java.io.File.class) {
      Path folder = file.toAbsolutePath().getParent();
      return folder.resolve(setting.value()).normalize().toString();
    }
    return setting.value();
  }

  /** Whether the file sets the option or parameter. */
  public boolean sets(ArgSpec arg) {
    return settings.containsKey(arg);
  }

  /** Where the file sets the option or parameter, as "FILE:LINE: key 'KEY'", for an error about its value. */
  public Optional<String> origin(ArgSpec arg) {
    return Optional.ofNullable(settings.get(arg))
        .map(setting -> file + ":" + setting.line() + ": key '" + setting.key() + "'");
  }
}
