package org.dhtfl.client.rounds;

import java.util.List;
import org.dhtfl.jobs.ClassSums;
import org.dhtfl.jobs.FileAnswer;
import org.dhtfl.jobs.FileQuery;
import org.dhtfl.jobs.ModelScores;
import org.dhtfl.rpc.RemoteException;

/**
 * What calibrating the output layer needs of the ring: questions about a file's rows, answered by
 * the owner of the file's key (class_statistics, score_models over Thrift; in memory in tests). A
 * MALFORMED failure means the owner's answer did not parse.
 */
public interface QueryRing {

  /** Per model of the query, the class statistics of the file's rows; no value when the owner needs the file's bytes. */
  FileAnswer<List<ClassSums>> statistics(FileQuery query) throws RemoteException;

  /** Per model of the query, the rows it classifies right; no value when the owner needs the file's bytes. */
  FileAnswer<ModelScores> scores(FileQuery query) throws RemoteException;
}
