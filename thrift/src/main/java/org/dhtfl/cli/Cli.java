package org.dhtfl.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.dhtfl.ring.NodeRef;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine;

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

  /** A command line whose usage errors print one line and the usage, and exit with 2. */
  public static CommandLine commandLine(Object command) {
    CommandLine line = new CommandLine(command);
    line.setUsageHelpAutoWidth(true);
    line.setOverwrittenOptionsAllowed(true);
    // Choice options are enums whose toString() is the lower-case value the help lists.
    line.setCaseInsensitiveEnumValuesAllowed(true);
    line.setParameterExceptionHandler((ex, args) -> {
      CommandLine cmd = ex.getCommandLine();
      cmd.getErr().println("error: " + ex.getMessage());
      cmd.usage(cmd.getErr());
      return cmd.getCommandSpec().exitCodeOnInvalidInput();
    });
    return line;
  }
}
