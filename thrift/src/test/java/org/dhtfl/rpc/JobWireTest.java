package org.dhtfl.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.thrift.TBase;
import org.apache.thrift.TDeserializer;
import org.apache.thrift.TException;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.dhtfl.jobs.HeldJob;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobSpec;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.jobs.RunSecret;
import org.dhtfl.jobs.Scaling;
import org.dhtfl.jobs.WeightRows;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingState;
import org.dhtfl.thrift.Job;
import org.dhtfl.thrift.Matrix;
import org.dhtfl.thrift.Model;
import org.dhtfl.thrift.TrainSpec;
import org.dhtfl.thrift.Weights;
import org.junit.jupiter.api.Test;

class JobWireTest {

  private static final JobKey KEY = new JobKey("run-1", 3, "zx0uRKUQj5");
  /** Every field differs from its wire default (seed 1, glibc, ...), so a dropped field cannot pass. */
  private static final JobSpec MLP = new JobSpec("mlp", 20, 26, 30, 0.01, 0.5, false, true, 7, "numpy");
  private static final JobSpec LOGISTIC = new JobSpec("logistic", 0, 26, 1, 1e-4, 0.7, true, false, 5, "glibc");
  private static final byte[] DATA = "1,2,3,0\n4,5,6,1\n".getBytes(StandardCharsets.US_ASCII);

  /** A rows x cols matrix whose every value differs, so a transposed or shifted matrix cannot pass. */
  private static double[][] distinct(int rows, int cols, double step) {
    double[][] out = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        int n = i * cols + j;
        out[i][j] = step * (n + 1) + Math.ulp(1.0) * n;
      }
    }
    return out;
  }

  /** MLP weights for 16 inputs, 20 hidden units and 26 classes: V is 21 x 26, W is 17 x 20. */
  private static final WeightRows MLP_WEIGHTS = new WeightRows("mlp", distinct(21, 26, 0.001), distinct(17, 20, -0.002));
  /** Logistic weights for 16 inputs and 26 classes: V is 17 x 26, W is empty. */
  private static final WeightRows LOGISTIC_WEIGHTS = new WeightRows("logistic", distinct(17, 26, 0.003), new double[0][]);

  /** Through TBinaryProtocol, as jobs and models travel between nodes. */
  private static <T extends TBase<?, ?>> T overTheWire(T struct, T empty) throws TException {
    byte[] bytes = new TSerializer(new TBinaryProtocol.Factory()).serialize(struct);
    new TDeserializer(new TBinaryProtocol.Factory()).deserialize(empty, bytes);
    return empty;
  }

  private static Job job(JobSpec spec, Optional<WeightRows> start, Optional<byte[]> data) {
    return JobWire.toThrift(new JobRequest(KEY, spec, start, data));
  }

  private static JobResult done(WeightRows delta) {
    return new JobResult("zx0uRKUQj5", JobStatus.DONE, Optional.of(delta), 0.4026, 500, 187, 1234, OptionalInt.of(6), 7,
        "numpy", "");
  }

  /** A finished MLP for 3 inputs, 2 hidden units and 4 classes, as lists: V is 3 x 4, W is 4 x 2. */
  private static Model doneModel() {
    return JobWire.toReference(done(new WeightRows("mlp", distinct(3, 4, 0.01), distinct(4, 2, -0.02))));
  }

  private static List<List<Double>> copy(List<List<Double>> rows) {
    List<List<Double>> out = new ArrayList<>();
    rows.forEach(r -> out.add(r == null ? null : new ArrayList<>(r)));
    return out;
  }

  // ------------------------------------------------------------ keys, specs and jobs

  @Test
  void aKeySurvivesTheWire() throws TException {
    org.dhtfl.thrift.JobKey wire = overTheWire(JobWire.toThrift(KEY), new org.dhtfl.thrift.JobKey());

    JobKey back = JobWire.fromThrift(wire);

    assertThat(back).isEqualTo(KEY);
  }

  @Test
  void aSpecSurvivesTheWireWithEveryField() throws TException {
    TrainSpec wire = overTheWire(JobWire.toThrift(MLP), new TrainSpec());

    JobSpec back = JobWire.fromThrift(wire);

    assertThat(back).isEqualTo(MLP);
  }

  @Test
  void fedProxsProximalTermSurvivesTheWireAndIsLeftOutWhenThereIsNone() throws TException {
    JobSpec prox = new JobSpec("mlp", 20, 26, 30, 0.01, 0.5, false, true, 7, "numpy", 0.01);

    JobSpec back = JobWire.fromThrift(overTheWire(JobWire.toThrift(prox), new TrainSpec()));

    assertThat(back).isEqualTo(prox);
    assertThat(JobWire.toThrift(MLP).isSetMu()).as("a spec without mu, as the reference's programs send it")
        .isFalse();
    assertThat(JobWire.fromThrift(JobWire.toThrift(MLP)).mu()).isZero();
  }

  @Test
  void theSettingsOfLayeredModelsSurviveTheWireAndAreLeftOutForTheReferencesModel() throws TException {
    JobSpec layered = new JobSpec("mlp", 128, 26, 10, 3e-3, 0.7, false, false, 7, "he", 0, List.of(256, 128), 32,
        "adam", new Scaling(List.of(4.0, 7.5), List.of(1.5, 2.0)));

    JobSpec back = JobWire.fromThrift(overTheWire(JobWire.toThrift(layered), new TrainSpec()));

    assertThat(back).isEqualTo(layered);
    TrainSpec reference = JobWire.toThrift(MLP);
    assertThat(reference.isSetLayers() || reference.isSetBatch() || reference.isSetOptimizer()
        || reference.isSetFeature_mean() || reference.isSetFeature_scale()).as("fields the reference never sent")
        .isFalse();
    assertThat(JobWire.fromThrift(reference)).isEqualTo(MLP);
  }

  @Test
  void aScalingWithoutItsScalesOrWithAMissingValueIsRefusedNamingIt() {
    TrainSpec wire = JobWire.toThrift(MLP);
    wire.setFeature_mean(List.of(1.0));

    assertThatThrownBy(() -> JobWire.fromThrift(wire)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("feature_scale is missing while feature_mean is set");
    wire.setFeature_scale(java.util.Arrays.asList((Double) null));
    assertThatThrownBy(() -> JobWire.fromThrift(wire)).hasMessage("feature_scale[0] is missing");
  }

  @Test
  void layersThatDoNotEndInTheHiddenWidthAreRefused() {
    TrainSpec wire = JobWire.toThrift(MLP);
    wire.setLayers(List.of(256, 128));

    assertThatThrownBy(() -> JobWire.fromThrift(wire)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layers [256, 128] end in 128 units, hidden says 20");
  }

  @Test
  void aNegativeProximalTermIsRefused() {
    TrainSpec wire = JobWire.toThrift(MLP);
    wire.setMu(-1);

    assertThatThrownBy(() -> JobWire.fromThrift(wire)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mu -1.0 must be at least 0 and finite");
  }

  @Test
  void aSpecWithoutASeedOrRandomSourceStartsFromSeedOneWithGlibcAsPutDataDoes() {
    TrainSpec spec = JobWire.toThrift(MLP);
    spec.unsetSeed();
    spec.unsetInit();

    JobSpec back = JobWire.fromThrift(spec);

    assertThat(back.seed()).isEqualTo(1);
    assertThat(back.init()).isEqualTo("glibc");
  }

  @Test
  void aJobWithStartWeightsAndDataSurvivesTheWireExactly() throws TException {
    Job job = job(MLP, Optional.of(MLP_WEIGHTS), Optional.of(DATA));

    JobRequest back = JobWire.fromThrift(overTheWire(job, new Job()));

    assertThat(back.key()).isEqualTo(KEY);
    assertThat(back.spec()).isEqualTo(MLP);
    assertThat(back.start()).contains(MLP_WEIGHTS);
    assertThat(back.data()).get().isEqualTo(DATA);
  }

  @Test
  void aJobCarriesTheRunsSecretAcrossTheWireAndNoneWhenItHasNone() throws TException {
    RunSecret secret = RunSecret.of("the-secret-of-the-job-wire-test-run");
    Job job = JobWire.toThrift(new JobRequest(KEY, MLP, Optional.empty(), Optional.empty()).withSecret(secret));

    JobRequest back = JobWire.fromThrift(overTheWire(job, new Job()));
    Job bare = JobWire.toThrift(back.withoutSecret());

    assertThat(job.getRun_secret()).isEqualTo(secret.value());
    assertThat(back.secret()).contains(secret);
    assertThat(bare.isSetRun_secret()).isFalse();
    assertThat(JobWire.fromThrift(bare).secret()).isEmpty();
    assertThat(JobWire.secret(Optional.of(secret))).isEqualTo(secret.value());
    assertThat(JobWire.secret((String) null)).isEmpty();
    assertThatThrownBy(() -> JobWire.fromThrift(bare.setRun_secret("short"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a run secret of 5 characters; 32..128 allowed");
  }

  @Test
  void aLogisticJobWithoutStartOrDataSurvivesTheWire() throws TException {
    Job job = job(LOGISTIC, Optional.empty(), Optional.empty());

    JobRequest back = JobWire.fromThrift(overTheWire(job, new Job()));

    assertThat(job.getSpec().getModel()).isEqualTo("logistic");
    assertThat(job.isSetStart()).isFalse();
    assertThat(job.isSetData()).isFalse();
    assertThat(back).isEqualTo(new JobRequest(KEY, LOGISTIC, Optional.empty(), Optional.empty()));
  }

  @Test
  void logisticStartWeightsSurviveTheWire() throws TException {
    Job job = job(LOGISTIC, Optional.of(LOGISTIC_WEIGHTS), Optional.empty());

    JobRequest back = JobWire.fromThrift(overTheWire(job, new Job()));

    assertThat(back.start()).contains(LOGISTIC_WEIGHTS);
  }

  @Test
  void startWeightsAreReadAsTheKindTheSpecNames() {
    Job job = job(LOGISTIC, Optional.of(new WeightRows("mlp", LOGISTIC_WEIGHTS.v(), LOGISTIC_WEIGHTS.w())),
        Optional.empty());

    JobRequest back = JobWire.fromThrift(job);

    assertThat(back.start()).get().extracting(WeightRows::model).isEqualTo("logistic");
  }

  @Test
  void dataOfExactlyTheLimitIsAccepted() {
    Job job = job(MLP, Optional.empty(), Optional.of(new byte[JobRequest.MAX_DATA_BYTES]));

    JobRequest back = JobWire.fromThrift(job);

    assertThat(back.data()).get().extracting(d -> d.length).isEqualTo(8 << 20);
  }

  @Test
  void dataAboveTheLimitIsRefusedNamingTheFileAndTheSize() {
    Job job = job(MLP, Optional.empty(), Optional.empty());
    job.setData(new byte[JobRequest.MAX_DATA_BYTES + 1]);

    assertThatThrownBy(() -> JobWire.fromThrift(job)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the data of zx0uRKUQj5 has 8388609 bytes, more than 8388608");
  }

  @Test
  void fourThousandNinetySixHiddenUnitsAndClassesAndOneHundredThousandEpochsAreAccepted() {
    TrainSpec spec = JobWire.toThrift(MLP);
    spec.setHidden(4096);
    spec.setClasses(4096);
    spec.setEpochs(100_000);

    JobSpec back = JobWire.fromThrift(spec);

    assertThat(back.hidden()).isEqualTo(4096);
    assertThat(back.classes()).isEqualTo(4096);
    assertThat(back.epochs()).isEqualTo(100_000);
  }

  // ------------------------------------------------------------ refusals of jobs, each naming what is wrong

  @Test
  void aMissingJobKeyOrSpecIsRefusedNamingIt() {
    Job noKey = job(MLP, Optional.empty(), Optional.empty());
    noKey.unsetKey();
    Job noSpec = job(MLP, Optional.empty(), Optional.empty());
    noSpec.unsetSpec();

    assertThatThrownBy(() -> JobWire.fromThrift((Job) null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("job is missing");
    assertThatThrownBy(() -> JobWire.fromThrift(noKey)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("job key is missing");
    assertThatThrownBy(() -> JobWire.fromThrift((org.dhtfl.thrift.JobKey) null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("job key is missing");
    assertThatThrownBy(() -> JobWire.fromThrift(noSpec)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("training spec is missing");
    assertThatThrownBy(() -> JobWire.fromThrift((TrainSpec) null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("training spec is missing");
  }

  @Test
  void aKeyOutOfRangeIsRefusedNamingTheField() {
    assertThatThrownBy(() -> JobWire.fromThrift(new org.dhtfl.thrift.JobKey("run-1", 0, "f")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("round 0 out of range 1..1000000");
    assertThatThrownBy(() -> JobWire.fromThrift(new org.dhtfl.thrift.JobKey("", 1, "f")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("run id of 0 characters; 1..128 allowed");
    assertThatThrownBy(() -> JobWire.fromThrift(new org.dhtfl.thrift.JobKey("run-1", 1, "../f")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("'../f' is not a plain file name");
  }

  @Test
  void moreThan4096HiddenUnitsAreRefused() {
    TrainSpec spec = JobWire.toThrift(MLP);
    spec.setHidden(4097);

    assertThatThrownBy(() -> JobWire.fromThrift(spec)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hidden 4097 above the limit of 4096");
  }

  @Test
  void moreThan4096ClassesOrMoreThan100000EpochsAreRefused() {
    TrainSpec classes = JobWire.toThrift(MLP);
    classes.setClasses(4097);
    TrainSpec epochs = JobWire.toThrift(MLP);
    epochs.setEpochs(100_001);

    assertThatThrownBy(() -> JobWire.fromThrift(classes)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("classes 4097 above the limit of 4096");
    assertThatThrownBy(() -> JobWire.fromThrift(epochs)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("epochs 100001 above the limit of 100000");
  }

  @Test
  void aStartWeightThatIsMissingIsRefusedNamingTheCell() {
    Job job = job(MLP, Optional.empty(), Optional.empty());
    List<List<Double>> w = copy(JobWire.rows(MLP_WEIGHTS.w()));
    w.get(2).set(3, null);
    job.setStart(new Weights(JobWire.rows(MLP_WEIGHTS.v()), w));

    assertThatThrownBy(() -> JobWire.fromThrift(job)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("start.W[2][3] is missing");
  }

  // ------------------------------------------------------------ results

  @Test
  void aFinishedMlpSurvivesTheWireExactly() throws TException {
    JobResult result = done(MLP_WEIGHTS);

    Model model = JobWire.toReference(result);
    JobResult back = JobWire.fromThrift("zx0uRKUQj5", overTheWire(model, new Model()));
    Model packed = JobWire.toThrift(result);
    JobResult backPacked = JobWire.fromThrift("zx0uRKUQj5", overTheWire(packed, new Model()));

    assertThat(back).isEqualTo(result);
    assertThat(backPacked).isEqualTo(result);
    assertThat(model.getStatus()).isEqualTo("done");
    assertThat(model.getV()).hasSize(21).allSatisfy(row -> assertThat(row).hasSize(26));
    assertThat(model.getW()).hasSize(17).allSatisfy(row -> assertThat(row).hasSize(20));
    assertThat(packed.isSetV()).as("the compact form only").isFalse();
    assertThat(packed.getPacked_V().getRows()).containsExactly(21);
    assertThat(packed.getPacked_V().getWidths()).containsExactly(26);
    assertThat(packed.getPacked_W().getValues()).hasSize(17 * 20 * Double.BYTES);
    assertThat(model.getModel()).isEqualTo("mlp");
    assertThat(model.getInit()).isEqualTo("numpy");
    assertThat(model.isSetReason()).isFalse();
  }

  @Test
  void aFinishedLogisticModelSurvivesTheWireExactly() throws TException {
    JobResult result = done(LOGISTIC_WEIGHTS);

    Model model = JobWire.toReference(result);
    JobResult back = JobWire.fromThrift("zx0uRKUQj5", overTheWire(model, new Model()));

    assertThat(back).isEqualTo(result);
    assertThat(JobWire.fromThrift("zx0uRKUQj5", overTheWire(JobWire.toThrift(result), new Model())))
        .isEqualTo(result);
    assertThat(model.getV()).hasSize(17);
    assertThat(model.getW()).isEmpty();
    assertThat(model.getModel()).isEqualTo("logistic");
  }

  @Test
  void waitingFailedAndNotFoundResultsCarryTheirStatusAndReason() {
    JobResult waiting = JobResult.waiting("a", 19);
    JobResult failed = JobResult.failed("a", 19, "no file a in letters");
    JobResult notFound = JobResult.notFound("a", 6, "node 6 has no job for a");

    Model waitModel = JobWire.toThrift(waiting);
    Model failedModel = JobWire.toThrift(failed);
    Model notFoundModel = JobWire.toThrift(notFound);

    assertThat(waitModel.getStatus()).isEqualTo("wait");
    assertThat(waitModel.isSetV()).isFalse();
    assertThat(failedModel.getStatus()).isEqualTo("failed");
    assertThat(failedModel.getReason()).isEqualTo("no file a in letters");
    assertThat(notFoundModel.getStatus()).isEqualTo("not_found");
    assertThat(JobWire.fromThrift("a", waitModel)).isEqualTo(waiting);
    assertThat(JobWire.fromThrift("a", failedModel)).isEqualTo(failed);
    assertThat(JobWire.fromThrift("a", notFoundModel)).isEqualTo(notFound);
  }

  @Test
  void aReferenceModelWithOnlyVWErrorAndStatusReadsAsAnMlpFromSeedOneWithGlibc() {
    double[][] v = distinct(3, 4, 0.01);
    double[][] w = distinct(4, 2, -0.02);
    Model reference = new Model(JobWire.rows(v), JobWire.rows(w), 0.25, "done");

    JobResult result = JobWire.fromThrift("f", reference);

    assertThat(result.status()).isEqualTo(JobStatus.DONE);
    assertThat(result.delta()).contains(new WeightRows("mlp", v, w));
    assertThat(result.errorRate()).isEqualTo(0.25);
    assertThat(result.trainedBy()).isEmpty();
    assertThat(result.seed()).isEqualTo(1);
    assertThat(result.init()).isEqualTo("glibc");
  }

  // ------------------------------------------------------------ refusals of results

  @Test
  void aMissingModelOrAMissingMatrixInAFinishedModelIsRefusedNamingIt() {
    Model noV = doneModel();
    noV.setV(null);
    Model noW = doneModel();
    noW.setW(null);

    assertThatThrownBy(() -> JobWire.fromThrift("f", (Model) null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model is missing");
    assertThatThrownBy(() -> JobWire.fromThrift("f", noV)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("V is missing");
    assertThatThrownBy(() -> JobWire.fromThrift("f", noW)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("W is missing");
  }

  @Test
  void aMissingRowOrCellInAFinishedModelIsRefusedNamingIt() {
    Model noRow = doneModel();
    List<List<Double>> v = copy(noRow.getV());
    v.set(1, null);
    noRow.setV(v);
    Model noCell = doneModel();
    List<List<Double>> w = copy(noCell.getW());
    w.get(3).set(0, null);
    noCell.setW(w);

    assertThatThrownBy(() -> JobWire.fromThrift("f", noRow)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("V[1] is missing");
    assertThatThrownBy(() -> JobWire.fromThrift("f", noCell)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("W[3][0] is missing");
  }

  @Test
  void anUnknownStatusIsRefusedNamingIt() {
    Model model = doneModel();
    model.setStatus("finished");
    Model none = doneModel();
    none.setStatus(null);

    assertThatThrownBy(() -> JobWire.fromThrift("f", model)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown model status 'finished'");
    assertThatThrownBy(() -> JobWire.fromThrift("f", none)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown model status 'null'");
  }

  // ------------------------------------------------------------ matrices

  @Test
  void rowsAndMatrixAreInversesRowByRow() {
    double[][] matrix = {{1, 2, 3}, {4, 5, 6}};

    List<List<Double>> rows = JobWire.rows(matrix);

    assertThat(rows).containsExactly(List.of(1.0, 2.0, 3.0), List.of(4.0, 5.0, 6.0));
    assertThat(JobWire.matrix("V", rows)).isDeepEqualTo(matrix);
    assertThat(JobWire.matrix("W", JobWire.rows(new double[0][]))).isEmpty();
  }

  @Test
  void theCompactFormKeepsRowsOfSeveralWidthsAndEveryBit() throws TException {
    // W of a model of two hidden layers: 4 rows of 3 (inputs and bias), then 4 rows of 2.
    double[][] w = {{1, -0.0, Double.MIN_VALUE}, {2, 3, 4}, {5, 6, 7}, {8, 9, Math.PI}, {1e-300, 2}, {3, 4},
        {5, 6}, {7, Double.MAX_VALUE}};

    Matrix packed = overTheWire(JobWire.packed(w), new Matrix());

    assertThat(packed.getRows()).containsExactly(4, 4);
    assertThat(packed.getWidths()).containsExactly(3, 2);
    assertThat(JobWire.matrix("W", packed)).isDeepEqualTo(w);
    assertThat(Double.doubleToRawLongBits(JobWire.matrix("W", packed)[0][1])).isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(JobWire.matrix("W", JobWire.packed(new double[0][]))).isEmpty();
  }

  @Test
  void theCompactFormIsBigEndianDoublesRowAfterRow() {
    Matrix packed = JobWire.packed(new double[][] {{1.0, -2.0}});

    assertThat(HexFormat.of().formatHex(packed.getValues())).isEqualTo("3ff0000000000000c000000000000000");
  }

  @Test
  void aCompactMatrixWhoseRunsDoNotMatchItsValuesIsRefusedNamingIt() {
    byte[] sixValues = new byte[6 * Double.BYTES];

    assertThatThrownBy(() -> JobWire.matrix("V", new Matrix(List.of(2), List.of(4), ByteBuffer.wrap(sixValues))))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("V: its first 1 runs hold more values than its 48 bytes");
    assertThatThrownBy(() -> JobWire.matrix("V", new Matrix(List.of(2), List.of(2), ByteBuffer.wrap(sixValues))))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("V: its runs hold 4 values (32 bytes), its values 48 bytes");
    assertThatThrownBy(() -> JobWire.matrix("V", new Matrix(List.of(2, 1), List.of(3), ByteBuffer.wrap(sixValues))))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("V has 2 runs of rows and 1 widths");
    assertThatThrownBy(() -> JobWire.matrix("W", new Matrix(List.of(Integer.MAX_VALUE), List.of(0),
        ByteBuffer.wrap(new byte[0])))).as("rows without values allocate nothing").isInstanceOf(
        IllegalArgumentException.class).hasMessage("W run 0: 2147483647 rows of width 0; a run is at least one row of"
        + " at least one value");
    assertThatThrownBy(() -> JobWire.matrix("W", new Matrix(List.of(1), null, ByteBuffer.wrap(sixValues))))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("W lacks its widths");
  }

  @Test
  void aModelThatGivesAMatrixInBothFormsIsRefused() {
    Model both = doneModel();
    both.setPacked_V(JobWire.packed(JobWire.matrix("V", both.getV())));

    assertThatThrownBy(() -> JobWire.fromThrift("f", both)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("V is given both as lists and in compact form");
  }

  // ------------------------------------------------------------ what a node holds, on its ring state

  @Test
  void theJobsANodeHoldsRideOnItsRingStateAndComeBackAsTheyWere() {
    List<HeldJob> held = List.of(
        new HeldJob(new JobKey("run-1", 2, "a"), HeldJob.State.TRAINING, OptionalInt.empty()),
        new HeldJob(JobKey.reference("b"), HeldJob.State.DONE, OptionalInt.of(6)));
    org.dhtfl.thrift.RingState state = Convert.toThrift(new RingState(new NodeRef(19, "h", 1), Optional.empty(),
        List.of(), List.of(), 6));

    org.dhtfl.thrift.RingState wire = JobWire.withHeld(state, held);

    assertThat(wire.getHeld().get(0).getState()).isEqualTo("training");
    assertThat(wire.getHeld().get(0).isSetTrained_by()).isFalse();
    assertThat(JobWire.held(wire)).isEqualTo(held);
    assertThat(JobWire.held(state.setHeld(null))).as("a node that does not say").isEmpty();
  }

  @Test
  void anUnknownHeldStateIsRefusedNamingIt() {
    org.dhtfl.thrift.RingState wire = new org.dhtfl.thrift.RingState();
    wire.setHeld(List.of(new org.dhtfl.thrift.HeldJob(JobWire.toThrift(JobKey.reference("a")), "resting")));

    assertThatThrownBy(() -> JobWire.held(wire)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown held job state 'resting'");
  }
}
