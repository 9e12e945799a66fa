package org.dhtfl.client.command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.dhtfl.cli.Cli;
import picocli.CommandLine;

/** One in-process run of a command, set up as the client program sets up its command line. */
record CommandRun(int exitCode, String out, String err) {

  static CommandRun of(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = Cli.commandLine(command);
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    int exitCode = line.execute(args);
    return new CommandRun(exitCode, out.toString(), err.toString());
  }

  List<String> outLines() {
    return out.lines().toList();
  }

  List<String> errLines() {
    return err.lines().toList();
  }
}
