package org.dhtfl.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.thrift.TBase;
import org.apache.thrift.TDeserializer;
import org.apache.thrift.TException;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.dhtfl.jobs.ClassSums;
import org.dhtfl.jobs.FileAnswer;
import org.dhtfl.jobs.FileQuery;
import org.dhtfl.jobs.ModelScores;
import org.dhtfl.jobs.RunSecret;
import org.dhtfl.jobs.WeightRows;
import org.dhtfl.thrift.FileScores;
import org.dhtfl.thrift.FileStatistics;
import org.dhtfl.thrift.Weights;
import org.junit.jupiter.api.Test;

class QueryWireTest {

  private static final WeightRows MODEL = new WeightRows("mlp", new double[][] {{0.1, 0.2}, {0.3, 0.4}},
      new double[][] {{0.5}, {0.6}});
  private static final WeightRows OTHER = new WeightRows("mlp", new double[][] {{1.1, 1.2}, {1.3, 1.4}},
      new double[][] {{1.5}, {1.6}});
  private static final byte[] DATA = "1,0\n2,1\n".getBytes(StandardCharsets.US_ASCII);
  private static final ClassSums SUMS = new ClassSums(new long[] {3, 0}, new double[][] {{1.5}, {0}},
      new double[][] {{2.25}, {0}});

  private static <T extends TBase<?, ?>> T overTheWire(T struct, T empty) throws TException {
    byte[] bytes = new TSerializer(new TBinaryProtocol.Factory()).serialize(struct);
    new TDeserializer(new TBinaryProtocol.Factory()).deserialize(empty, bytes);
    return empty;
  }

  @Test
  void aQueryCrossesTheWireWithItsModelsInOrderAndItsData() throws Exception {
    FileQuery query = new FileQuery("zx0uRKUQj5", "mlp", List.of(MODEL, OTHER), Optional.of(DATA));

    FileQuery read = QueryWire.fromThrift(overTheWire(QueryWire.toThrift(query), new org.dhtfl.thrift.FileQuery()));

    assertThat(read.filename()).isEqualTo("zx0uRKUQj5");
    assertThat(read.model()).isEqualTo("mlp");
    assertThat(read.models()).containsExactly(MODEL, OTHER);
    assertThat(read.data()).hasValueSatisfying(d -> assertThat(d).isEqualTo(DATA));
    assertThat(QueryWire.fromThrift(QueryWire.toThrift(new FileQuery("f", "mlp", List.of(MODEL), Optional.empty())))
        .data()).isEmpty();
  }

  @Test
  void aQueryCarriesTheSecretOfItsRunAcrossTheWire() throws Exception {
    RunSecret secret = RunSecret.of("the-secret-of-the-query-wire-test-run");
    FileQuery query = new FileQuery("zx0uRKUQj5", "mlp", List.of(MODEL), Optional.of(DATA)).withSecret(secret);

    FileQuery read = QueryWire.fromThrift(overTheWire(QueryWire.toThrift(query), new org.dhtfl.thrift.FileQuery()));

    assertThat(read.secret()).contains(secret);
    assertThat(read.withData(DATA).secret()).contains(secret);
    assertThat(QueryWire.toThrift(new FileQuery("f", "mlp", List.of(MODEL), Optional.empty())).isSetRun_secret())
        .isFalse();
  }

  @Test
  void aQueryWithAMissingFieldOrTooManyModelsIsRefusedNamingIt() {
    org.dhtfl.thrift.FileQuery noModels = new org.dhtfl.thrift.FileQuery("f", "mlp", null);
    org.dhtfl.thrift.FileQuery missingW = new org.dhtfl.thrift.FileQuery("f", "mlp",
        List.of(new Weights(JobWire.rows(MODEL.v()), null)));
    org.dhtfl.thrift.FileQuery nine = new org.dhtfl.thrift.FileQuery("f", "mlp",
        java.util.Collections.nCopies(9, new Weights(JobWire.rows(MODEL.v()), JobWire.rows(MODEL.w()))));

    assertThatThrownBy(() -> QueryWire.fromThrift((org.dhtfl.thrift.FileQuery) null)).hasMessage("query is missing");
    assertThatThrownBy(() -> QueryWire.fromThrift(noModels)).hasMessage("query lacks its models");
    assertThatThrownBy(() -> QueryWire.fromThrift(missingW)).hasMessage("models[0].W is missing");
    assertThatThrownBy(() -> QueryWire.fromThrift(nine)).hasMessage("models: 9 given; 1..8 allowed");
    assertThatThrownBy(() -> QueryWire.fromThrift(new org.dhtfl.thrift.FileQuery("../f", "mlp",
        List.of(new Weights(JobWire.rows(MODEL.v()), JobWire.rows(MODEL.w())))))).isInstanceOf(
            IllegalArgumentException.class);
  }

  @Test
  void statisticsAndScoresCrossTheWire() throws Exception {
    FileAnswer<List<ClassSums>> stats = FileAnswer.done(List.of(SUMS, SUMS), 19);
    FileAnswer<ModelScores> scores = FileAnswer.done(new ModelScores(List.of(400L, 420L), 500), 6);

    FileAnswer<List<ClassSums>> statsRead = QueryWire.fromThrift(overTheWire(QueryWire.statistics(stats),
        new FileStatistics()));
    FileAnswer<ModelScores> scoresRead = QueryWire.fromThrift(overTheWire(QueryWire.scores(scores),
        new FileScores()));

    assertThat(statsRead).isEqualTo(stats);
    assertThat(scoresRead).isEqualTo(scores);
    assertThat(QueryWire.fromThrift(QueryWire.statistics(FileAnswer.needData(51))))
        .isEqualTo(new FileAnswer<>(Optional.empty(), OptionalInt.of(51)));
    assertThat(QueryWire.fromThrift(QueryWire.scores(FileAnswer.<ModelScores>needData(51))).needsData()).isTrue();
  }

  @Test
  void anAnswerWithAnUnknownStatusOrAMissingValueIsRefusedNamingIt() {
    FileStatistics holed = QueryWire.statistics(FileAnswer.done(List.of(SUMS), 19));
    holed.getStatistics().get(0).setOuter(null);
    FileScores noRows = new FileScores("done").setCorrect(List.of(1L));

    assertThatThrownBy(() -> QueryWire.fromThrift(new FileStatistics("wait")))
        .hasMessage("unknown status of class_statistics 'wait'");
    assertThatThrownBy(() -> QueryWire.fromThrift(new FileStatistics("done")))
        .hasMessage("statistics are missing from a \"done\" answer");
    assertThatThrownBy(() -> QueryWire.fromThrift(holed)).hasMessage("statistics[0].outer is missing");
    assertThatThrownBy(() -> QueryWire.fromThrift(noRows)).hasMessage("rows are missing from a \"done\" answer");
  }
}
