package org.dhtfl.client.rounds;

import java.util.List;
import java.util.Optional;
import org.dhtfl.ml.Weights;
import org.dhtfl.ml.federated.Aggregate;
import org.dhtfl.ml.federated.ClientFailure;
import org.dhtfl.ml.federated.ClientResult;

/**
 * What a round produced: every file's outcome in name order, the results that went into the
 * aggregate and the failures beside them, and the aggregate: the next model and server state
 * (absent only when no start model was given and no file was trained, so that there is nothing to
 * add the changes to).
 */
public record RoundOutcome(int round, List<FileOutcome> files, List<ClientResult> results,
    List<ClientFailure> failures, Optional<Aggregate> aggregate) {

  public RoundOutcome {
    files = List.copyOf(files);
    results = List.copyOf(results);
    failures = List.copyOf(failures);
  }

  /** The aggregated model. */
  public Optional<Weights> model() {
    return aggregate.map(Aggregate::model);
  }

  /** The result of the file that went into the aggregate. */
  public Optional<ClientResult> contribution(String file) {
    return results.stream().filter(r -> r.source().equals(file)).findFirst();
  }
}
