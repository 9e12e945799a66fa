package org.dhtfl.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.thrift.TDeserializer;
import org.apache.thrift.TException;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.ml.Weights;
import org.dhtfl.node.JobKey;
import org.dhtfl.node.TrainingConfig;
import org.dhtfl.node.TrainingJobs.Request;
import org.dhtfl.thrift.Job;
import org.dhtfl.thrift.TrainSpec;
import org.junit.jupiter.api.Test;

class JobMessagesTest {

  private static final JobKey KEY = new JobKey("run-1", 3, "zx0uRKUQj5");
  /** Every option the wire carries differs from its default, so a dropped field cannot pass. */
  private static final TrainingConfig MLP = new TrainingConfig(ModelKind.MLP, 20, 26, 7,
      TrainingOptions.defaults().withEpochs(30).withEta(0.01).withMomentum(0.5).withEarlyStop(false)
          .withEtaPerRow(true));
  private static final byte[] DATA = "1,2,3,0\n4,5,6,1\n".getBytes(StandardCharsets.US_ASCII);

  /** Through TBinaryProtocol, as a job travels between nodes. */
  private static Job overTheWire(Job job) throws TException {
    byte[] bytes = new TSerializer(new TBinaryProtocol.Factory()).serialize(job);
    Job back = new Job();
    new TDeserializer(new TBinaryProtocol.Factory()).deserialize(back, bytes);
    return back;
  }

  private static Job job(TrainingConfig config, Optional<Weights> start, Optional<byte[]> data) {
    return JobMessages.toThrift(new Request(KEY, config, start, data));
  }

  private static List<List<Double>> copy(List<List<Double>> rows) {
    List<List<Double>> out = new ArrayList<>();
    rows.forEach(r -> out.add(new ArrayList<>(r)));
    return out;
  }

  // ------------------------------------------------------------ round trips

  @Test
  void aJobWithStartWeightsAndDataSurvivesTheWireExactly() throws TException {
    Weights start = Weights.initial(ModelShape.mlp(16, 20, 26), 3);
    Request request = new Request(KEY, MLP, Optional.of(start), Optional.of(DATA));

    Request back = JobMessages.fromThrift(overTheWire(JobMessages.toThrift(request)));

    assertThat(back.key()).isEqualTo(KEY);
    assertThat(back.config()).isEqualTo(MLP);
    assertThat(back.start()).contains(start);
    assertThat(back.data()).get().isEqualTo(DATA);
  }

  @Test
  void aLogisticJobWithoutStartOrDataSurvivesTheWire() throws TException {
    TrainingConfig logistic = new TrainingConfig(ModelKind.LOGISTIC, 0, 10, 0, TrainingOptions.defaults());
    Request request = new Request(KEY, logistic, Optional.empty(), Optional.empty());

    Job job = JobMessages.toThrift(request);
    Request back = JobMessages.fromThrift(overTheWire(job));

    assertThat(back).isEqualTo(request);
    assertThat(job.getSpec().getModel()).isEqualTo("logistic");
    assertThat(job.isSetStart()).isFalse();
    assertThat(job.isSetData()).isFalse();
  }

  @Test
  void logisticStartWeightsSurviveTheWire() throws TException {
    TrainingConfig logistic = new TrainingConfig(ModelKind.LOGISTIC, 0, 26, 1, TrainingOptions.defaults());
    Weights start = Weights.initial(ModelShape.logistic(16, 26), 5);

    Request back = JobMessages.fromThrift(overTheWire(job(logistic, Optional.of(start), Optional.empty())));

    assertThat(back.start()).contains(start);
  }

  @Test
  void aKeySurvivesTheWire() {
    assertThat(JobMessages.fromThrift(JobMessages.toThrift(KEY))).isEqualTo(KEY);
  }

  @Test
  void aSpecWithoutASeedStartsFromSeedOneAsPutDataDoes() {
    TrainSpec spec = JobMessages.toThrift(MLP);
    spec.unsetSeed();

    TrainingConfig config = JobMessages.fromThrift(spec);

    assertThat(config.seed()).isEqualTo(1);
  }

  @Test
  void aLogisticSpecIgnoresTheHiddenUnitsItNames() {
    TrainSpec spec = JobMessages.toThrift(new TrainingConfig(ModelKind.LOGISTIC, 0, 26, 1, TrainingOptions.defaults()));
    spec.setHidden(20);

    TrainingConfig config = JobMessages.fromThrift(spec);

    assertThat(config.kind()).isEqualTo(ModelKind.LOGISTIC);
    assertThat(config.hidden()).isZero();
  }

  @Test
  void dataOfExactlyTheLimitIsAccepted() {
    byte[] limit = new byte[JobMessages.MAX_DATA_BYTES];

    Request back = JobMessages.fromThrift(job(MLP, Optional.empty(), Optional.of(limit)));

    assertThat(back.data()).get().extracting(d -> d.length).isEqualTo(JobMessages.MAX_DATA_BYTES);
  }

  @Test
  void fourThousandNinetySixHiddenUnitsAndClassesAreAccepted() {
    TrainSpec spec = JobMessages.toThrift(MLP);
    spec.setHidden(4096);
    spec.setClasses(4096);

    TrainingConfig config = JobMessages.fromThrift(spec);

    assertThat(config.hidden()).isEqualTo(4096);
    assertThat(config.classes()).isEqualTo(4096);
  }

  // ------------------------------------------------------------ refusals, each naming what is wrong

  @Test
  void aMissingJobKeyOrSpecIsRefusedNamingIt() {
    Job noKey = job(MLP, Optional.empty(), Optional.empty());
    noKey.unsetKey();
    Job noSpec = job(MLP, Optional.empty(), Optional.empty());
    noSpec.unsetSpec();

    assertThatThrownBy(() -> JobMessages.fromThrift((Job) null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("job is missing");
    assertThatThrownBy(() -> JobMessages.fromThrift(noKey)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("job key is missing");
    assertThatThrownBy(() -> JobMessages.fromThrift((org.dhtfl.thrift.JobKey) null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("job key is missing");
    assertThatThrownBy(() -> JobMessages.fromThrift(noSpec)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("training spec is missing");
  }

  @Test
  void aKeyOutOfRangeIsRefusedNamingTheField() {
    assertThatThrownBy(() -> JobMessages.fromThrift(new org.dhtfl.thrift.JobKey("run-1", 0, "f")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("round 0 out of range 1..1000000");
    assertThatThrownBy(() -> JobMessages.fromThrift(new org.dhtfl.thrift.JobKey("", 1, "f")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("run id of 0 characters; 1..128 allowed");
    assertThatThrownBy(() -> JobMessages.fromThrift(new org.dhtfl.thrift.JobKey("run-1", 1, "../f")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("'../f' is not a plain file name");
  }

  @Test
  void moreThan4096HiddenUnitsAreRefused() {
    TrainSpec spec = JobMessages.toThrift(MLP);
    spec.setHidden(4097);

    assertThatThrownBy(() -> JobMessages.fromThrift(spec)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hidden 4097 above the limit of 4096");
  }

  @Test
  void moreThan4096ClassesOrMoreThan100000EpochsAreRefused() {
    TrainSpec classes = JobMessages.toThrift(MLP);
    classes.setClasses(4097);
    TrainSpec epochs = JobMessages.toThrift(MLP);
    epochs.setEpochs(100_001);

    assertThatThrownBy(() -> JobMessages.fromThrift(classes)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("classes 4097 above the limit of 4096");
    assertThatThrownBy(() -> JobMessages.fromThrift(epochs)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("epochs 100001 above the limit of 100000");
  }

  @Test
  void anUnknownModelKindIsRefusedNamingIt() {
    TrainSpec spec = JobMessages.toThrift(MLP);
    spec.setModel("cnn");

    assertThatThrownBy(() -> JobMessages.fromThrift(spec)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model kind 'cnn' is not one of mlp, logistic");
  }

  @Test
  void valuesTheTrainerCannotUseAreRefusedNamingThem() {
    TrainSpec noHidden = JobMessages.toThrift(MLP);
    noHidden.setHidden(0);
    TrainSpec badEta = JobMessages.toThrift(MLP);
    badEta.setEta(Double.NaN);
    TrainSpec badSeed = JobMessages.toThrift(MLP);
    badSeed.setSeed(-1);

    assertThatThrownBy(() -> JobMessages.fromThrift(noHidden)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hidden units 0 must be at least 1 for an MLP");
    assertThatThrownBy(() -> JobMessages.fromThrift(badEta)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("eta NaN must be positive and finite");
    assertThatThrownBy(() -> JobMessages.fromThrift(badSeed)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("seed -1 out of range 0..4294967295");
  }

  @Test
  void startWeightsWithOtherClassesThanTheSpecAreRefused() {
    Job job = job(MLP, Optional.of(Weights.initial(ModelShape.mlp(16, 20, 10), 1)), Optional.empty());

    assertThatThrownBy(() -> JobMessages.fromThrift(job)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("start weights of shape mlp(16,20,10) do not fit the spec (MLP, 20 hidden, 26 classes)");
  }

  @Test
  void startWeightsWithOtherHiddenUnitsThanTheSpecAreRefused() {
    Job job = job(MLP, Optional.of(Weights.initial(ModelShape.mlp(16, 8, 26), 1)), Optional.empty());

    assertThatThrownBy(() -> JobMessages.fromThrift(job)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("start weights of shape mlp(16,8,26) do not fit the spec (MLP, 20 hidden, 26 classes)");
  }

  @Test
  void logisticStartWeightsForAnMlpSpecAreRefusedNamingW() {
    Job job = job(MLP, Optional.of(Weights.initial(ModelShape.logistic(16, 26), 1)), Optional.empty());

    assertThatThrownBy(() -> JobMessages.fromThrift(job)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("W has 0 rows; an MLP needs at least 2");
  }

  @Test
  void aStartWeightThatIsNotANumberIsRefusedNamingTheCell() {
    Job job = job(MLP, Optional.of(Weights.initial(ModelShape.mlp(16, 20, 26), 1)), Optional.empty());
    List<List<Double>> w = copy(job.getStart().getW());
    w.get(2).set(3, Double.NaN);
    job.getStart().setW(w);

    assertThatThrownBy(() -> JobMessages.fromThrift(job)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("W[2][3] is NaN");
  }

  @Test
  void dataAboveTheLimitIsRefusedNamingTheFileAndTheSize() {
    Job job = job(MLP, Optional.empty(), Optional.of(new byte[JobMessages.MAX_DATA_BYTES + 1]));

    assertThatThrownBy(() -> JobMessages.fromThrift(job)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the data of zx0uRKUQj5 has 8388609 bytes, more than 8388608");
  }
}
