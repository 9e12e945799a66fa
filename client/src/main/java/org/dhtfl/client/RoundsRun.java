package org.dhtfl.client;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.dhtfl.cli.Cli;
import org.dhtfl.client.console.Progress;
import org.dhtfl.client.console.ProgressBar;
import org.dhtfl.client.ring.Entry;
import org.dhtfl.client.rounds.RoundFailed;
import org.dhtfl.client.run.FederatedTraining;
import org.dhtfl.client.run.RunReport;
import org.dhtfl.client.runfolder.RunFolder;
import org.dhtfl.client.watch.RunListener;
import org.dhtfl.jobs.RunSecret;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.RemoteException;

/**
 * A --rounds run over its folder: trains the rounds the folder's run still misses from the model
 * and server state it recorded, writes the folder after every round, and on failure says how to
 * resume.
 *
 * @param entry    --entry, the node to enter the ring through
 * @param announce says where the data came from, for a new run
 */
record RoundsRun(String supernodeHost, int supernodePort, Optional<String> entry, Runnable announce) {

  /** A new run's folder: {@code out}, or runs/RUN_ID. */
  static RunFolder start(Optional<Path> out, FederatedTraining.Settings settings) throws IOException {
    RunSecret secret = RunSecret.generate(new SecureRandom());
    return RunFolder.start(out.orElse(Path.of("runs", secret.runId())), secret, settings, Instant.now());
  }

  /** Runs the rounds the folder's run still misses; {@code resumed} when it continues a recorded run. */
  int run(RunFolder folder, FederatedTraining.Settings settings, boolean resumed, Optional<ProgressBar> bar,
      RunListener listener) throws InterruptedException {
    int first = folder.roundsDone() + 1;
    if (first > settings.rounds()) {
      System.out.printf("Run %s in %s has done all its %d rounds; nothing to resume%n", folder.runId(), folder.dir(),
          settings.rounds());
      return 0;
    }
    if (resumed) {
      System.out.printf("Resuming run %s from %s after round %d of %d%n", folder.runId(), folder.dir(), first - 1,
          settings.rounds());
    } else {
      announce.run();
    }
    try {
      NodeRef start = Entry.find(supernodeHost, supernodePort, entry, settings.rpc());
      if (settings.needsStandardization()) {
        settings = settings.withTraining(settings.training().withStandardization(
            Optional.of(FederatedTraining.standardization(start, settings, folder.secret(), System.out))));
        folder.recordOptions(settings);
      }
      listener.started(folder.runId(), "rounds", settings.rounds());
      Progress progress = new Progress(System.out, bar, settings.rounds(), listener);
      int rounds = settings.rounds();
      FederatedTraining.Outcome outcome = new FederatedTraining(System.out, settings, progress)
          .run(start, folder.secret(), first, folder.last(), folder.calibrated(), (round, after) -> {
            folder.roundDone(round, after, round.number() == rounds);
            listener.roundDone(round.number(), round.done(), round.validationError(), round.millis());
          });
      FederatedTraining.Round last = outcome.rounds().get(outcome.rounds().size() - 1);
      RunReport.printRound(last, System.out);
      System.out.println("Wrote " + folder.dir().resolve(RunFolder.MODEL) + ", "
          + folder.dir().resolve(RunFolder.REPORT) + " and " + folder.dir().resolve(RunFolder.PLOT));
      System.out.printf(Locale.ROOT, "Final validation error: %.2f%%%n", 100 * last.validationError());
      long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
      System.out.printf(Locale.ROOT, "Client run: %.2f s from start to end%n",
          (System.currentTimeMillis() - jvmStart) / 1000.0);
      return 0;
    } catch (IOException | RemoteException | RoundFailed | RuntimeException e) {
      return failed(folder, e);
    }
  }

  /** Records why the run stopped and says how to continue it. */
  private int failed(RunFolder folder, Exception e) {
    int done = folder.roundsDone();
    String reason = e.getMessage() == null ? e.toString() : e.getMessage();
    if (!reason.startsWith("round ")) {
      reason = "round " + (done + 1) + ": " + reason;
    }
    System.err.println("error: " + reason);
    try {
      folder.failed(reason);
      System.err.printf("The run stops. %s%s holds the report%s; continue with: client %s %d --resume %s%n",
          folder.dir(), File.separator, done == 0 ? "" : " and the model of round " + done,
          supernodeHost, supernodePort, folder.dir());
    } catch (IOException write) {
      System.err.println("error: the report could not be written: " + write.getMessage());
    }
    return Cli.FAILED;
  }
}
