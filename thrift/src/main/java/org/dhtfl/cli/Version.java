package org.dhtfl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version of the build, written into a resource by Maven, so that every program and
 * subcommand answers {@code --version} with the same string.
 */
public final class Version implements IVersionProvider {

  private static final String VERSION = load();

  /** The version of this build, for example {@code 0.1.0-SNAPSHOT}. */
  public static String current() {
    return VERSION;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"dhtfl ${COMMAND-FULL-NAME} " + VERSION};
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("version.properties is missing from the dhtfl-thrift jar");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
