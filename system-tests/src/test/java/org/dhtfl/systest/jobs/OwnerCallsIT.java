package org.dhtfl.systest.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dhtfl.systest.cluster.LocalCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One call per owner, counted by the nodes (their calls by method, on --metrics-port): a round of
 * --rounds sends each owner its files in one submit_jobs and reads them with job_results, the
 * reference job sends each owner its files in one put_files, and on a settled ring no file goes
 * alone (submit_job, job_result, put_data, get_model).
 */
class OwnerCallsIT {

  private static final int FILES = 12;
  private static final int ROUNDS = 2;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static LocalCluster cluster;
  private static Path data;
  private static List<Integer> metricPorts;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = LocalCluster.onFreePorts(Path.of("target", "it", "owner-calls"), 3);
    data = cluster.generateData(FILES, 200);
    metricPorts = LocalCluster.freePorts(3);
    cluster.startSupernode();
    for (int i = 0; i < 3; i++) {
      cluster.startNode(cluster.nodePorts().get(i), data.resolve("letters"), "--metrics-port",
          String.valueOf(metricPorts.get(i)));
    }
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aRoundSendsEachOwnerItsFilesInOneCallAndReadsThemWithoutAPollPerFile() throws Exception {
    double submitsBefore = calls("submit_jobs");
    double readsBefore = calls("job_results");
    double aloneBefore = calls("submit_job") + calls("job_result");

    int code = cluster.run("rounds-client", "client", Duration.ofSeconds(180), "127.0.0.1",
        String.valueOf(cluster.supernodePort()), "--data-dir", data.resolve("letters").toString(), "--validate",
        data.resolve("validate_letters.txt").toString(), "--rounds", String.valueOf(ROUNDS), "--epochs", "30",
        "--out", cluster.dir().resolve("run").toString());

    assertThat(code).as(cluster.log("rounds-client")).isZero();
    assertThat(cluster.log("rounds-client")).contains("Round " + ROUNDS + "/" + ROUNDS + ": " + FILES + " of " + FILES);
    double submits = calls("submit_jobs") - submitsBefore;
    double reads = calls("job_results") - readsBefore;
    assertThat(submits).as("submit_jobs calls: at most one per owner and round").isBetween(1.0, 3.0 * ROUNDS);
    assertThat(reads).as("job_results calls").isGreaterThanOrEqualTo(1).isLessThan(FILES * ROUNDS);
    assertThat(calls("submit_job") + calls("job_result") - aloneBefore).as("files sent or read alone").isZero();
  }

  @Test
  void theReferenceJobPutsEachOwnersFilesInOneCall() throws Exception {
    double putsBefore = calls("put_files");
    double alonePutsBefore = calls("put_data");
    double getsBefore = calls("get_model");

    int code = cluster.run("reference-client", "client", Duration.ofSeconds(180), "127.0.0.1",
        String.valueOf(cluster.supernodePort()), "--data-dir", data.resolve("letters").toString(), "--validate",
        data.resolve("validate_letters.txt").toString(), "--entry", "127.0.0.1:" + cluster.nodePorts().get(0));

    assertThat(code).as(cluster.log("reference-client")).isZero();
    assertThat(cluster.log("reference-client")).contains("Collected " + FILES + " of " + FILES);
    assertThat(calls("put_files") - putsBefore).as("put_files calls: one per owner").isBetween(1.0, 3.0);
    assertThat(calls("put_data") - alonePutsBefore).isZero();
    assertThat(calls("get_model") - getsBefore).isZero();
  }

  /** The calls of the method the three nodes served so far. */
  private static double calls(String method) throws Exception {
    Pattern sample = Pattern.compile("^dhtfl_rpc_server_calls_total\\{method=\"" + method
        + "\",outcome=\"ok\"} (\\S+)$", Pattern.MULTILINE);
    double sum = 0;
    for (int port : metricPorts) {
      String text = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
      Matcher m = sample.matcher(text);
      while (m.find()) {
        sum += Double.parseDouble(m.group(1));
      }
    }
    return sum;
  }
}
