package org.dhtfl.client.rounds;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.dhtfl.jobs.FileAnswer;
import org.dhtfl.jobs.FileQuery;
import org.dhtfl.rpc.RemoteException;

/**
 * Asks the owner of every file's key a question about the file's rows (class statistics, scores of
 * models), through the same owners, with the same policy and clock as the {@link RoundEngine}'s
 * jobs. An owner that answers need_data is asked again at once with the file's bytes, which later
 * attempts carry too. A query that fails (no answer, a ring that cannot route it now, an answer that
 * does not parse or does not fit the file) is sent again after the policy's backoff, up to its
 * number of submissions and within its deadline; a refused query fails its file at once. The files
 * are asked one after another in name order: an answer costs the owner one pass over the file's
 * rows, milliseconds for the letters' shards.
 */
public final class FileQueries {

  /** Sends a query to the ring. */
  @FunctionalInterface
  public interface Ask<W> {
    FileAnswer<W> ask(QueryRing ring, FileQuery query) throws RemoteException;
  }

  /**
   * Reads an owner's answer for a file of {@code rows} rows; fails with an IllegalArgumentException
   * that says why when it does not fit the question or the file.
   */
  @FunctionalInterface
  public interface Reader<W, T> {
    T read(W answer, int rows);
  }

  /** Every file's value, in the order asked, and why the others have none. */
  public record Answers<T>(Map<String, T> answered, Map<String, String> failed) {
    public Answers {
      answered = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(answered));
      failed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(failed));
    }
  }

  private final QueryRing ring;
  private final RoundPolicy policy;
  private final FileRows rows;
  private final RoundClock clock;

  /** @param dataDir where the files are, for an owner that needs their bytes and to count their rows */
  public FileQueries(QueryRing ring, RoundPolicy policy, Path dataDir, RoundClock clock) {
    this.ring = Objects.requireNonNull(ring, "ring");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.rows = new FileRows(Objects.requireNonNull(dataDir, "data dir"));
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Asks {@code query(file)} of every file's owner with {@code ask}, and reads each answer with {@code reader}.
   *
   * @throws RemoteException when no member answered and the policy does not ride out outages
   * @throws IOException     when a file cannot be read
   */
  public <W, T> Answers<T> ask(List<String> files, Function<String, FileQuery> query, Ask<W> ask,
      Reader<W, T> reader) throws IOException, RemoteException, InterruptedException {
    Map<String, T> answered = new LinkedHashMap<>();
    Map<String, String> failed = new LinkedHashMap<>();
    long deadline = clock.nanoTime() + policy.deadline().toNanos();
    for (String file : files) {
      FileQuery sent = query.apply(file);
      long pauseMs = policy.backoff().firstMs();
      String failure = "";
      for (int attempt = 1; ; attempt++) {
        try {
          FileAnswer<W> answer = ask.ask(ring, sent);
          if (answer.needsData() && sent.data().isEmpty()) {
            sent = sent.withData(rows.bytes(file));
            answer = ask.ask(ring, sent);
          }
          if (answer.needsData()) {
            failure = by(answer) + " asked for the file's bytes it was sent";
          } else {
            answered.put(file, reader.read(answer.value().get(), rows.count(file)));
            break;
          }
        } catch (IllegalArgumentException e) {
          failure = "rejected answer: " + e.getMessage();
        } catch (RemoteException e) {
          if (e.kind() == RemoteException.Kind.REFUSED) {
            failure = RoundEngine.detail(e);
            break;
          }
          if (!policy.rideOutOutages()) {
            throw e;
          }
          failure = RoundEngine.detail(e);
        }
        if (attempt >= policy.maxSubmissions() || clock.nanoTime() >= deadline) {
          break;
        }
        clock.pause(pauseMs);
        pauseMs = policy.backoff().after(pauseMs);
      }
      if (!answered.containsKey(file)) {
        failed.put(file, failure);
      }
    }
    return new Answers<>(answered, failed);
  }

  private static String by(FileAnswer<?> answer) {
    return answer.node().isPresent() ? "node " + answer.node().getAsInt() : "the owner";
  }
}
