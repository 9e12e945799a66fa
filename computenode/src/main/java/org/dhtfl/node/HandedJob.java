package org.dhtfl.node;

import java.util.Optional;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;

/**
 * One job a leaving node hands to its successor (take_over): the result it has for the key, and
 * the request when the job had not finished there.
 */
public record HandedJob(JobKey key, JobResult result, Optional<JobRequest> pending) {
}
