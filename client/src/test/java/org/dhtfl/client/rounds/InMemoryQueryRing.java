package org.dhtfl.client.rounds;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.dhtfl.jobs.ClassSums;
import org.dhtfl.jobs.FileAnswer;
import org.dhtfl.jobs.FileQuery;
import org.dhtfl.jobs.ModelScores;
import org.dhtfl.jobs.WeightRows;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.Weights;
import org.dhtfl.ml.calibration.ClassStatistics;
import org.dhtfl.rpc.RemoteException;

/**
 * Owners in memory for the calibration's tests: each file's owner answers from the file's rows as a
 * node does (ml-core's statistics and counts), and can be set to need the file's bytes, to fail its
 * first calls, to refuse, or to answer wrong scores.
 */
public final class InMemoryQueryRing implements QueryRing {

  public static final int NODE = 7;

  private final Map<String, Dataset> rows = new HashMap<>();
  private final Set<String> needingData = new HashSet<>();
  private final Map<String, Integer> failuresLeft = new HashMap<>();
  private final Set<String> refusing = new HashSet<>();
  private final Map<String, UnaryOperator<ModelScores>> lies = new HashMap<>();
  private final Map<String, Integer> calls = new HashMap<>();
  private final Map<String, byte[]> received = new HashMap<>();

  /** The owner of the file has its rows. */
  public InMemoryQueryRing owns(String file, Dataset data) {
    rows.put(file, data);
    return this;
  }

  /** The owner of the file does not have it: it answers need_data to a query without the bytes. */
  public InMemoryQueryRing needsData(String file) {
    needingData.add(file);
    return this;
  }

  /** The owner of the file cannot be reached for its first {@code calls} calls. */
  public InMemoryQueryRing unreachableFor(String file, int calls) {
    failuresLeft.put(file, calls);
    return this;
  }

  /** The owner of the file refuses every query. */
  public InMemoryQueryRing refuses(String file) {
    refusing.add(file);
    return this;
  }

  /** The owner of the file answers what {@code lie} makes of its scores. */
  public InMemoryQueryRing liesAboutScores(String file, UnaryOperator<ModelScores> lie) {
    lies.put(file, lie);
    return this;
  }

  public int calls(String file) {
    return calls.getOrDefault(file, 0);
  }

  public byte[] dataReceived(String file) {
    return received.get(file);
  }

  @Override
  public FileAnswer<List<ClassSums>> statistics(FileQuery query) throws RemoteException {
    Dataset data = rows(query);
    if (data == null) {
      return FileAnswer.needData(NODE);
    }
    List<ClassSums> all = new ArrayList<>();
    for (Weights model : models(query)) {
      ClassStatistics stats = ClassStatistics.of(model, data);
      all.add(new ClassSums(stats.counts(), stats.sums(), stats.outerProducts()));
    }
    return FileAnswer.done(all, NODE);
  }

  @Override
  public FileAnswer<ModelScores> scores(FileQuery query) throws RemoteException {
    Dataset data = rows(query);
    if (data == null) {
      return FileAnswer.needData(NODE);
    }
    List<Long> correct = new ArrayList<>();
    for (Weights model : models(query)) {
      correct.add(Trainer.correct(model, data));
    }
    ModelScores scores = new ModelScores(correct, data.rows());
    return FileAnswer.done(lies.getOrDefault(query.filename(), UnaryOperator.identity()).apply(scores), NODE);
  }

  /** The rows the owner answers from, or null when it needs the bytes; fails as the file is set to. */
  private Dataset rows(FileQuery query) throws RemoteException {
    String file = query.filename();
    calls.merge(file, 1, Integer::sum);
    int failures = failuresLeft.getOrDefault(file, 0);
    if (failures > 0) {
      failuresLeft.put(file, failures - 1);
      throw new RemoteException(RemoteException.Kind.UNREACHABLE, "owner of " + file + " is down");
    }
    if (refusing.contains(file)) {
      throw new RemoteException(RemoteException.Kind.REFUSED, "refused",
          new org.dhtfl.thrift.InvalidRequest("class_statistics: " + file + " is not for you"));
    }
    if (needingData.contains(file)) {
      if (query.data().isEmpty()) {
        return null;
      }
      received.put(file, query.data().get().clone());
      try {
        return CsvData.parse(file, new StringReader(new String(query.data().get(), StandardCharsets.UTF_8)),
            models(query).get(0).shape().classes());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return rows.get(file);
  }

  private static List<Weights> models(FileQuery query) {
    List<Weights> models = new ArrayList<>();
    for (WeightRows w : query.models()) {
      models.add(Weights.fromRows(ModelKind.parse(query.model()), w.v(), w.w()));
    }
    return models;
  }
}
