package org.dhtfl.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Weights;
import org.dhtfl.node.JobResult;
import org.dhtfl.node.JobStatus;
import org.dhtfl.thrift.Model;
import org.junit.jupiter.api.Test;

class ModelMessagesTest {

  /** Weights whose every value differs, so a transposed or shifted matrix cannot pass. */
  private static Weights distinct(ModelShape shape) {
    double[] v = new double[shape.vSize()];
    double[] w = new double[shape.wSize()];
    for (int i = 0; i < v.length; i++) {
      v[i] = 0.001 * (i + 1) - 1e-17 * i;
    }
    for (int i = 0; i < w.length; i++) {
      w[i] = -0.002 * (i + 1) + Math.ulp(1.0) * i;
    }
    return Weights.of(shape, v, w);
  }

  private static JobResult done(ModelShape shape) {
    return new JobResult("zx0uRKUQj5", JobStatus.DONE, Optional.of(distinct(shape)), 0.4026, 500, 187, 1234, 6, 1, org.dhtfl.ml.StartWeights.NUMPY, "");
  }

  private static Model doneModel() {
    return ModelMessages.toThrift(done(ModelShape.mlp(3, 2, 4)));
  }

  private static List<List<Double>> copy(List<List<Double>> rows) {
    List<List<Double>> out = new ArrayList<>();
    rows.forEach(r -> out.add(new ArrayList<>(r)));
    return out;
  }

  @Test
  void aFinishedMlpSurvivesTheWireExactly() {
    JobResult result = done(ModelShape.mlp(16, 20, 26));

    Model model = ModelMessages.toThrift(result);
    JobResult back = ModelMessages.fromThrift("zx0uRKUQj5", model);

    assertThat(back).isEqualTo(result);
    assertThat(model.getStatus()).isEqualTo("done");
    assertThat(model.getV()).hasSize(21).allSatisfy(row -> assertThat(row).hasSize(26));
    assertThat(model.getW()).hasSize(17).allSatisfy(row -> assertThat(row).hasSize(20));
    assertThat(model.getModel()).isEqualTo("mlp");
    assertThat(model.getInit()).isEqualTo("numpy");
    assertThat(model.isSetReason()).isFalse();
  }

  @Test
  void aFinishedLogisticModelSurvivesTheWireExactly() {
    JobResult result = done(ModelShape.logistic(16, 26));

    Model model = ModelMessages.toThrift(result);
    JobResult back = ModelMessages.fromThrift("zx0uRKUQj5", model);

    assertThat(back).isEqualTo(result);
    assertThat(model.getV()).hasSize(17);
    assertThat(model.getW()).isEmpty();
    assertThat(model.getModel()).isEqualTo("logistic");
  }

  @Test
  void waitingFailedAndNotFoundResultsCarryTheirStatusAndReason() {
    JobResult waiting = JobResult.waiting("a", 19);
    JobResult failed = JobResult.failed("a", 19, "no file a in letters");
    JobResult notFound = JobResult.notFound("a", 6, "node 6 has no job for a");

    Model waitModel = ModelMessages.toThrift(waiting);

    assertThat(waitModel.getStatus()).isEqualTo("wait");
    assertThat(waitModel.isSetV()).isFalse();
    assertThat(ModelMessages.fromThrift("a", waitModel)).isEqualTo(waiting);
    assertThat(ModelMessages.fromThrift("a", ModelMessages.toThrift(failed))).isEqualTo(failed);
    assertThat(ModelMessages.fromThrift("a", ModelMessages.toThrift(notFound))).isEqualTo(notFound);
  }

  @Test
  void aReferenceModelWithOnlyVWErrorAndStatusReadsAsAnMlp() {
    Model full = doneModel();
    Model reference = new Model(full.getV(), full.getW(), 0.25, "done");

    JobResult result = ModelMessages.fromThrift("f", reference);

    assertThat(result.delta()).get().extracting(Weights::shape).isEqualTo(ModelShape.mlp(3, 2, 4));
    assertThat(result.errorRate()).isEqualTo(0.25);
    assertThat(result.trainedBy()).isEqualTo(-1);
    assertThat(result.seed()).isEqualTo(1);
    assertThat(result.init()).isEqualTo(org.dhtfl.ml.StartWeights.GLIBC);
  }

  @Test
  void notANumberInAFinishedModelIsRefusedNamingTheCell() {
    Model model = doneModel();
    List<List<Double>> v = copy(model.getV());
    v.get(1).set(2, Double.NaN);
    model.setV(v);

    assertThatThrownBy(() -> ModelMessages.fromThrift("f", model)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("V[1][2] is NaN");
  }

  @Test
  void infinityInAFinishedModelIsRefusedNamingTheCell() {
    Model model = doneModel();
    List<List<Double>> w = copy(model.getW());
    w.get(3).set(0, Double.NEGATIVE_INFINITY);
    model.setW(w);

    assertThatThrownBy(() -> ModelMessages.fromThrift("f", model)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("W[3][0] is -Infinity");
  }

  @Test
  void raggedRowsAreRefusedNamingTheRow() {
    Model model = doneModel();
    List<List<Double>> v = copy(model.getV());
    v.get(2).remove(0);
    model.setV(v);
    Model other = doneModel();
    List<List<Double>> w = copy(other.getW());
    w.get(1).add(0.5);
    other.setW(w);

    assertThatThrownBy(() -> ModelMessages.fromThrift("f", model)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("V row 2 has 3 columns, expected 4");
    assertThatThrownBy(() -> ModelMessages.fromThrift("f", other)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("W row 1 has 3 columns, expected 2");
  }

  @Test
  void aMissingMatrixInAFinishedModelIsRefused() {
    Model noV = doneModel();
    noV.setV(null);
    Model noW = doneModel();
    noW.setW(null);

    assertThatThrownBy(() -> ModelMessages.fromThrift("f", noV)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("V is missing from a finished model");
    assertThatThrownBy(() -> ModelMessages.fromThrift("f", noW)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("W is missing from a finished model");
  }

  @Test
  void matricesTooSmallForAModelAreRefused() {
    Model oneRow = doneModel();
    oneRow.setV(List.of(List.of(0.1, 0.2)));
    Model mlpWithoutW = doneModel();
    mlpWithoutW.setW(List.of());

    assertThatThrownBy(() -> ModelMessages.fromThrift("f", oneRow)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("V has 1 rows");
    assertThatThrownBy(() -> ModelMessages.fromThrift("f", mlpWithoutW)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("W has 0 rows; an MLP needs at least 2");
  }

  @Test
  void anUnknownStatusIsRefusedNamingIt() {
    Model model = doneModel();
    model.setStatus("finished");
    Model none = doneModel();
    none.setStatus(null);

    assertThatThrownBy(() -> ModelMessages.fromThrift("f", model)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown model status 'finished'");
    assertThatThrownBy(() -> ModelMessages.fromThrift("f", none)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown model status 'null'");
  }

  @Test
  void anUnknownModelKindIsRefusedNamingIt() {
    Model model = doneModel();
    model.setModel("cnn");

    assertThatThrownBy(() -> ModelMessages.fromThrift("f", model)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'cnn'");
  }

  @Test
  void shapeOfReadsTheDimensionsFromVAndW() {
    double[][] v = new double[21][26];
    double[][] w = new double[17][20];

    assertThat(ModelMessages.shapeOf(ModelKind.MLP, v, w)).isEqualTo(ModelShape.mlp(16, 20, 26));
    assertThat(ModelMessages.shapeOf(ModelKind.LOGISTIC, new double[17][26], new double[0][]))
        .isEqualTo(ModelShape.logistic(16, 26));
  }
}
