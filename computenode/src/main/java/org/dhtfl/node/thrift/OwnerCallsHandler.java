package org.dhtfl.node.thrift;

import static org.dhtfl.node.thrift.WireErrors.local;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.SubmitAnswer;
import org.dhtfl.node.JobService;
import org.dhtfl.node.TrainingSpecs;
import org.dhtfl.rpc.JobWire;
import org.dhtfl.thrift.ComputeNode;
import org.dhtfl.thrift.InvalidRequest;
import org.dhtfl.thrift.Model;
import org.dhtfl.thrift.compute_nodeConstants;

/**
 * The part of the compute node's Thrift face that serves a round's files in one message (put_files,
 * submit_jobs, job_results; reports/design.md, "One call per owner"): converts the lists, calls the
 * job service, answers "not_owner" where the service does not serve a file here. The rest of the
 * face is {@link ComputeNodeHandler}.
 */
abstract class OwnerCallsHandler implements ComputeNode.Iface {

  private final JobService files;

  OwnerCallsHandler(JobService files) {
    this.files = files;
  }

  @Override
  public void put_files(List<String> filenames) throws InvalidRequest {
    local("put_files: ", () -> {
      files.putAll(listed(filenames, "files"));
      return null;
    });
  }

  @Override
  public List<String> submit_jobs(List<org.dhtfl.thrift.Job> jobs) throws InvalidRequest {
    return local("submit_jobs: ", () -> {
      List<JobRequest> requests = listed(jobs, "jobs").stream().map(job -> {
        JobRequest request = JobWire.fromThrift(job);
        TrainingSpecs.check(request);
        return request;
      }).toList();
      List<Optional<SubmitAnswer>> answers = files.submitOwned(requests);
      return answers.stream().map(a -> a.map(SubmitAnswer::wireName).orElse(compute_nodeConstants.NOT_OWNER))
          .toList();
    });
  }

  @Override
  public List<Model> job_results(List<org.dhtfl.thrift.JobKey> keys, String runSecret, int waitMs)
      throws InvalidRequest {
    return local("job_results: ", () -> {
      List<Optional<JobResult>> results = files.resultsOwned(listed(keys, "keys").stream().map(JobWire::fromThrift)
          .toList(), JobWire.secret(runSecret), Duration.ofMillis(waitMs));
      return results.stream().map(r -> r.map(JobWire::toThrift).orElseGet(OwnerCallsHandler::notOwner)).toList();
    });
  }

  /** A list the call must carry; a caller that sends none is refused. */
  private static <T> List<T> listed(List<T> items, String what) {
    if (items == null) {
      throw new IllegalArgumentException("no " + what);
    }
    return items;
  }

  private static Model notOwner() {
    Model model = new Model();
    model.setStatus(compute_nodeConstants.NOT_OWNER);
    return model;
  }
}
