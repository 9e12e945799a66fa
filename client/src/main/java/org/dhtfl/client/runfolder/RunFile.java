package org.dhtfl.client.runfolder;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * run.json as Jackson reads and writes it, its fields in the file's order; report.json is the same
 * without {@code model}, {@code server_state} and {@code calibrated}. A null field is not written.
 *
 * @param resumed     every time the run was resumed
 * @param status      running, finished or failed
 * @param calibration with --calibrate-head, the choice of the last round
 * @param failure     why a failed run stopped
 * @param model       the global model after the last round done
 * @param serverState the strategy's server state after it, as named arrays
 * @param calibrated  with --calibrate-head, the model the run delivers
 */
record RunFile(int format, String version, String run, String started, RunOptions options, List<Resumption> resumed,
    String status, List<RoundRecord> rounds, ChosenHead calibration, Double finalValidationError, String failure,
    ModelRecord model, Map<String, double[]> serverState, ModelRecord.Calibrated calibrated) {

  /** Indented, with "name": value as people write JSON (Jackson's default puts a space before the colon). */
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .setDefaultPrettyPrinter(new DefaultPrettyPrinter().withSeparators(
          Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)))
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  /**
   * A resumption: when, after which round, by which version; and the run's new id when the folder
   * held no secret, so that the run went on under a new one.
   */
  record Resumption(String at, Integer afterRound, String version, String newRunId) {
  }

  /** The calibration's choice after the last round: its label, its training error and its validation error. */
  record ChosenHead(String chosen, Double trainingError, Double validationError) {
  }

  RunFile {
    resumed = resumed == null ? List.of() : List.copyOf(resumed);
    rounds = rounds == null ? List.of() : List.copyOf(rounds);
  }

  RunFile withOptions(RunOptions value) {
    return new RunFile(format, version, run, started, value, resumed, status, rounds, calibration,
        finalValidationError, failure, model, serverState, calibrated);
  }

  RunFile withRun(String value) {
    return new RunFile(format, version, value, started, options, resumed, status, rounds, calibration,
        finalValidationError, failure, model, serverState, calibrated);
  }

  RunFile withStatus(String value, String why) {
    return new RunFile(format, version, run, started, options, resumed, value, rounds, calibration,
        finalValidationError, why, model, serverState, calibrated);
  }

  RunFile resumedAt(Resumption resumption) {
    List<Resumption> all = new ArrayList<>(resumed);
    all.add(resumption);
    return new RunFile(format, version, run, started, options, all, status, rounds, calibration,
        finalValidationError, failure, model, serverState, calibrated);
  }

  RunFile withRound(RoundRecord round, ChosenHead chosen, Double finalError) {
    List<RoundRecord> all = new ArrayList<>(rounds);
    all.add(round);
    return new RunFile(format, version, run, started, options, resumed, status, all, chosen, finalError, failure,
        model, serverState, calibrated);
  }

  /** run.json: this with the model, the server state and the delivered model. */
  RunFile withModels(ModelRecord global, Map<String, double[]> state, ModelRecord.Calibrated delivered) {
    return new RunFile(format, version, run, started, options, resumed, status, rounds, calibration,
        finalValidationError, failure, global, state, delivered);
  }
}
