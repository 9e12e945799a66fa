package org.dhtfl.client;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.thrift.TException;
import org.dhtfl.cli.Cli;
import org.dhtfl.rpc.RpcSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** scripts/client: trains the files in the data directory on the ring and validates the average. */
@Command(name = "client", mixinStandardHelpOptions = true, sortOptions = false,
    subcommands = {RingCommand.class},
    version = "dhtfl client 0.1.0",
    description = "Gets an entry node from the supernode, prints the ring, submits every file of the data "
        + "directory with put_data, polls get_model until each is trained, averages the weight "
        + "changes weighted by rows, adds them to the start weights and prints the validation "
        + "error.")
public final class ClientMain implements Callable<Integer> {

  // Optional to picocli so that `client ring ...` parses; call() requires them.
  @Parameters(index = "0", arity = "0..1", paramLabel = "<supernode_ip>", description = "Host of the supernode.")
  String supernodeHost;

  @Parameters(index = "1", arity = "0..1", paramLabel = "<supernode_port>", description = "Port of the supernode.",
      converter = Cli.Port.class)
  Integer supernodePort;

  @Spec
  CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Training files to submit (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of("letters");

  @Option(names = "--validate", paramLabel = "FILE", description = "Validation file (default: ${DEFAULT-VALUE}).")
  Path validate = Path.of("validate_letters.txt");

  @Option(names = "--files", paramLabel = "N", description = "Submit only the first N files by name (default: all).")
  int files;

  @Option(names = "--entry", paramLabel = "HOST:PORT",
      description = "Enter the ring through this node instead of the one the supernode picks at random.")
  String entry;

  @Option(names = "--timeout-s", paramLabel = "S", description = "Give up waiting for results after (default: ${DEFAULT-VALUE}).")
  long timeoutS = 600;

  public static void main(String[] args) {
    System.exit(Cli.commandLine(new ClientMain()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    if (supernodeHost == null || supernodePort == null) {
      throw new ParameterException(spec.commandLine(), "Missing required parameters: <supernode_ip> <supernode_port>");
    }
    if (files < 0 || timeoutS <= 0) {
      System.err.println("error: --files must be at least 0 and --timeout-s positive");
      return 2;
    }
    FederatedRun run = new FederatedRun(System.out, new FederatedRun.Settings(dataDir, validate, files,
        Duration.ofSeconds(timeoutS), RpcSettings.DEFAULTS), entry);
    try {
      return run.run(supernodeHost, supernodePort);
    } catch (IOException | TException e) {
      System.err.println("error: " + e.getMessage());
      return Cli.FAILED;
    }
  }
}
