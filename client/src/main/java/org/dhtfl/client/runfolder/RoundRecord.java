package org.dhtfl.client.runfolder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dhtfl.client.calibration.Calibration;
import org.dhtfl.client.rounds.FileOutcome;
import org.dhtfl.client.run.FederatedTraining;

/**
 * A finished round as run.json and report.json record it. Its fields are boxed so that a round
 * recorded by an earlier version, without a field added since, is written back as it was read.
 */
record RoundRecord(Integer round, Double validationError, Long durationMs, Integer filesDone, List<FileRecord> files,
    CalibrationRecord calibration) {

  /** A file of the round: where it trained and how, or why it did not; {@code node} -1 where no node answered. */
  record FileRecord(String file, Integer key, String status, Integer node, Integer rows, Integer epochs,
      Double trainingError, Long trainMs, Integer submissions, String reason, List<String> rejected) {
  }

  /** Every candidate with its errors on the nodes' training rows and on the validation file, and the choice. */
  record CalibrationRecord(String chosen, Integer files, Long trainingRows, List<CandidateRecord> candidates,
      Map<String, String> failures, List<String> notes) {
  }

  record CandidateRecord(String label, Long correct, Double trainingError, Double validationError) {
  }

  static RoundRecord of(FederatedTraining.Round r) {
    List<FileRecord> files = new ArrayList<>();
    for (FileOutcome f : r.files()) {
      files.add(new FileRecord(f.file(), f.key(), f.result().status().wireName(), f.result().trainedBy().orElse(-1),
          f.result().rows(), f.result().epochs(), f.result().errorRate(), f.result().trainMillis(), f.submissions(),
          f.result().reason().isEmpty() ? null : f.result().reason(), f.rejected().isEmpty() ? null : f.rejected()));
    }
    return new RoundRecord(r.number(), r.validationError(), r.millis(), r.done(), files,
        r.calibration().map(RoundRecord::calibration).orElse(null));
  }

  private static CalibrationRecord calibration(FederatedTraining.HeadChoice choice) {
    Calibration c = choice.calibration();
    List<CandidateRecord> candidates = new ArrayList<>();
    for (int i = 0; i < c.candidates().size(); i++) {
      Calibration.Scored s = c.candidates().get(i);
      candidates.add(new CandidateRecord(s.candidate().label(), s.correct(), s.trainingError(),
          choice.validationErrors().get(i)));
    }
    return new CalibrationRecord(c.chosen().candidate().label(), c.files(), c.chosen().rows(), candidates,
        c.failures().isEmpty() ? null : c.failures(), c.notes().isEmpty() ? null : c.notes());
  }
}
