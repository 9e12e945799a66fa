package org.dhtfl.systest.attack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.jobs.WeightRows;
import org.dhtfl.rpc.JobWire;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.thrift.Handoff;

/**
 * The planting attack, for PlantedResultsIT and scripts/attack.sh: a process that is
 * no member calls store_replica and take_over on every node with a finished result (every weight
 * change 50.0, an MLP of 16 inputs, 20 hidden units, 26 classes) for every file of the given
 * rounds of a run.
 */
public final class ForgedResults {

  /** How many calls the nodes took, and how many they refused. */
  public record Planted(int taken, int refused) {
  }

  private ForgedResults() {
  }

  /** The first {@code count} files of the folder, by name: the files a run with --files count trains. */
  public static List<String> firstFiles(Path letters, int count) throws IOException {
    try (Stream<Path> list = Files.list(letters)) {
      return list.map(p -> p.getFileName().toString()).sorted().limit(count).toList();
    }
  }

  /** Plants the forged result of every file, for each round from {@code first} to {@code last}, on every node. */
  public static Planted plant(List<Integer> nodePorts, String runId, List<String> files, int first, int last) {
    double[][] v = new double[21][26];
    double[][] w = new double[17][20];
    Stream.of(v).forEach(row -> Arrays.fill(row, 50.0));
    Stream.of(w).forEach(row -> Arrays.fill(row, 50.0));
    int taken = 0;
    int refused = 0;
    for (int round = first; round <= last; round++) {
      for (String file : files) {
        JobKey key = new JobKey(runId, round, file);
        JobResult fake = new JobResult(file, JobStatus.DONE, Optional.of(new WeightRows("mlp", v, w)), 0.01, 500,
            250, 1, OptionalInt.of(6), 1, "glibc", "");
        Handoff handoff = new Handoff(file);
        handoff.setKey(JobWire.toThrift(key));
        handoff.setResult(JobWire.toThrift(fake));
        for (int port : nodePorts) {
          try {
            Rpc.computeNode("127.0.0.1", port, RpcSettings.DEFAULTS, c -> {
              c.store_replica(JobWire.toThrift(key), JobWire.toThrift(fake), null);
              c.take_over(List.of(handoff));
              return null;
            });
            taken++;
          } catch (RemoteException e) {
            refused++;
          }
        }
      }
    }
    return new Planted(taken, refused);
  }
}
