package org.dhtfl.node;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.chord.Lookup;
import org.dhtfl.chord.LookupFailedException;
import org.dhtfl.chord.NodeRef;
import org.dhtfl.chord.PeerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes files to the node that owns their key, SHA-1(filename) mod 2^m, and answers for their
 * results: the entry node looks the owner up through the fingers, prints the path, and hands the
 * file (or the question) to the owner, which checks that the key is still its own and otherwise
 * routes it on.
 */
public final class FileRouter {

  /** How the router reaches an owner. */
  public interface Owners {
    void deliver(NodeRef owner, String filename, List<Integer> path) throws PeerException, RoutingException;

    JobResult fetch(NodeRef owner, String filename, List<Integer> path) throws PeerException, RoutingException;
  }

  /** No owner could take the file; the message says why. */
  public static final class RoutingException extends Exception {
    private static final long serialVersionUID = 1L;

    public RoutingException(String message) {
      super(message);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.node");
  private static final int ATTEMPTS = 3;
  /** A file passed on by owners more often than this is refused: the ring is changing under it. */
  private static final int MAX_FORWARDS = 8;

  private final ChordNode chord;
  private final TrainingJobs jobs;
  private final Owners owners;

  public FileRouter(ChordNode chord, TrainingJobs jobs, Owners owners) {
    this.chord = chord;
    this.jobs = jobs;
    this.owners = owners;
  }

  public int keyOf(String filename) {
    return chord.space().keyOf(filename);
  }

  /** put_data: sends the file to its owner, which trains it. */
  public void put(String filename) throws RoutingException {
    FileNames.check(filename);
    int key = keyOf(filename);
    String failure = "";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Lookup lookup = lookup(key);
      LOG.info("put_data {} (key {}): path {}", filename, key, lookup.pathText());
      try {
        if (lookup.owner().sameAs(chord.self())) {
          accept(filename, lookup.path());
        } else {
          owners.deliver(lookup.owner(), filename, lookup.path());
        }
        return;
      } catch (PeerException e) {
        failure = e.getMessage();
        LOG.warn("owner {} of {} did not answer ({}); looking again", lookup.owner(), filename, failure);
      }
    }
    throw new RoutingException("no owner of " + filename + " (key " + key + ") took it: " + failure);
  }

  /** get_model: asks the key's owner for the file's result. */
  public JobResult get(String filename) throws RoutingException {
    FileNames.check(filename);
    int key = keyOf(filename);
    String failure = "";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Lookup lookup = lookup(key);
      try {
        JobResult result = lookup.owner().sameAs(chord.self()) ? answer(filename, lookup.path())
            : owners.fetch(lookup.owner(), filename, lookup.path());
        if (result.status() != JobStatus.WAIT) {
          LOG.info("get_model {} (key {}): path {}: {}", filename, key, lookup.pathText(), result.status().wireName());
        }
        return result;
      } catch (PeerException e) {
        failure = e.getMessage();
        LOG.warn("owner {} of {} did not answer ({}); looking again", lookup.owner(), filename, failure);
      }
    }
    throw new RoutingException("no owner of " + filename + " (key " + key + ") answered: " + failure);
  }

  /** deliver: the file reached this node as its owner; train it, or pass it on if the key moved. */
  public void accept(String filename, List<Integer> path) throws RoutingException, PeerException {
    FileNames.check(filename);
    int key = keyOf(filename);
    if (!chord.isResponsible(key)) {
      NodeRef next = forwardTarget(key, path);
      owners.deliver(next, filename, extend(path));
      return;
    }
    if (path.size() > 1) {
      LOG.info("accepted {} (key {}) along path {}", filename, key, text(path));
    }
    jobs.submit(filename);
  }

  /** fetch: answer for a file whose key this node owns, or pass the question on. */
  public JobResult answer(String filename, List<Integer> path) throws RoutingException, PeerException {
    FileNames.check(filename);
    int key = keyOf(filename);
    if (!chord.isResponsible(key)) {
      return owners.fetch(forwardTarget(key, path), filename, extend(path));
    }
    return jobs.status(filename);
  }

  /** take_over: a leaving predecessor's results are kept, its untrained files trained here. */
  public void takeOver(List<JobResult> handed) {
    for (JobResult r : handed) {
      FileNames.check(r.filename());
      if (r.status() == JobStatus.WAIT) {
        jobs.submit(r.filename());
      } else {
        jobs.adopt(r);
      }
    }
  }

  private NodeRef forwardTarget(int key, List<Integer> path) throws RoutingException {
    if (path.size() > MAX_FORWARDS + 8) {
      throw new RoutingException("key " + key + " went through " + text(path) + " without settling");
    }
    NodeRef owner = lookup(key).owner();
    if (owner.sameAs(chord.self())) {
      throw new RoutingException("node " + chord.self().id() + " is asked for key " + key
          + " but its predecessor owns it");
    }
    return owner;
  }

  private Lookup lookup(int key) throws RoutingException {
    try {
      return chord.lookup(key);
    } catch (LookupFailedException e) {
      throw new RoutingException(e.getMessage());
    }
  }

  private List<Integer> extend(List<Integer> path) {
    List<Integer> longer = new ArrayList<>(path);
    longer.add(chord.self().id());
    return longer;
  }

  private static String text(List<Integer> path) {
    return path.stream().map(String::valueOf).collect(Collectors.joining(" -> "));
  }
}
