package org.dhtfl.supernode;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.dhtfl.ring.NodeRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a supernode that knows no member, or is still in the grace period after its start, answers
 * a joiner, it looks for members it may have forgotten: it asks every other listed address that is
 * not a known member who serves there. A node that answers becomes a member again, so the joiner
 * enters its ring instead of creating a second one, and is not given an ID a forgotten member
 * holds (one member that renewed first does not mean the supernode knows them all).
 * When nothing listens at any other listed address (every connection refused), no ring is left to
 * wait for, and the grace period after the start ends at once, unless the membership file was
 * unusable: then the supernode knows that it lost members and waits the whole grace period for
 * their heartbeats.
 */
final class ForgottenMembers {

  /** Asks the listed addresses who serves there. */
  @FunctionalInterface
  interface Probe {
    Map<AdmissionList.Entry, NodeProbe.Answer> askAll(List<AdmissionList.Entry> entries);
  }

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.supernode");

  private final Membership membership;
  private final Probe probe;
  private final boolean graceMayEndEarly;

  /**
   * @param graceMayEndEarly false when the supernode knows it lost members (an unusable membership
   *     file): the grace period then runs out in full
   */
  ForgottenMembers(Membership membership, Probe probe, boolean graceMayEndEarly) {
    this.membership = membership;
    this.probe = probe;
    this.graceMayEndEarly = graceMayEndEarly;
  }

  /** A search that asks nobody and finds nothing listening: the supernode as it was before it kept restarts. */
  static ForgottenMembers none(Membership membership) {
    return new ForgottenMembers(membership, entries -> entries.stream()
        .collect(Collectors.toMap(e -> e, e -> new NodeProbe.Answer.Refused(), (a, b) -> a)), true);
  }

  /**
   * Runs before a join is decided; does nothing while a node is joining, or once the grace period is
   * over and the supernode knows a member.
   */
  synchronized void search(AdmissionList list, AdmissionList.Entry joiner) {
    if (!membership.mayHaveForgotten()) {
      return;
    }
    List<NodeRef> known = membership.members();
    List<AdmissionList.Entry> others = list.entries().stream()
        .filter(e -> !(e.host().equals(joiner.host()) && e.port() == joiner.port()))
        .filter(e -> known.stream().noneMatch(m -> m.host().equals(e.host()) && m.port() == e.port())).toList();
    if (others.isEmpty()) {
      return;
    }
    Map<AdmissionList.Entry, NodeProbe.Answer> answers = probe.askAll(others);
    int found = 0;
    boolean nothingListens = true;
    for (AdmissionList.Entry entry : others) {
      NodeProbe.Answer answer = answers.getOrDefault(entry, new NodeProbe.Answer.Silent("not asked"));
      if (answer instanceof NodeProbe.Answer.Refused) {
        continue;
      }
      nothingListens = false;
      if (answer instanceof NodeProbe.Answer.Node node && relearn(entry, node.self())) {
        found++;
      }
    }
    if (found > 0) {
      LOG.info("found {} live members at the listed addresses; members: {}", found,
          membership.members().stream().map(NodeRef::id).toList());
    } else if (nothingListens && graceMayEndEarly && membership.graceLeftMillis() > 0) {
      membership.endGrace();
      LOG.info("nothing listens at the other {} listed addresses: no ring to wait for, the grace period ends",
          others.size());
    }
  }

  private boolean relearn(AdmissionList.Entry entry, NodeRef said) {
    if (said.port() != entry.port() || !membership.space().contains(said.id())) {
      LOG.warn("{}:{} answers as node {}, which does not fit the listed address and m = {}; not taken as a member",
          entry.host(), entry.port(), said, membership.space().bits());
      return false;
    }
    NodeRef member = new NodeRef(said.id(), entry.host(), entry.port());
    Membership.Renewal renewal = membership.renew(member);
    if (renewal instanceof Membership.Renewal.Conflict conflict) {
      LOG.warn("node {} answers at a listed address, but node {} holds its ID; not taken as a member", member,
          conflict.holder());
      return false;
    }
    LOG.info("node {} answers at a listed address: a member again", member);
    return true;
  }
}
