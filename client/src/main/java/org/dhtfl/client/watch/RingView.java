package org.dhtfl.client.watch;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The ring as the live page draws it and {@code client ring --json} prints it (reports/design.md,
 * "The ring as JSON"): the identifier space, the nodes that answered with what each knows and
 * holds, and the nodes still known that no longer answer.
 *
 * @param bits m: IDs are 0..2^m-1
 * @param time when the nodes were read (ISO-8601, UTC)
 * @param supernode the supernode asked for its members, and whether it answered (absent for a simulated ring)
 * @param members the nodes that answered, by ID
 * @param unreachable nodes that a member or the supernode still names but that did not answer
 * @param nodes the physical nodes when members hold several positions each (computenode --virtual);
 *     absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RingView(int bits, String time, Supernode supernode, List<Member> members, List<Silent> unreachable,
    List<Node> nodes) {

  public RingView {
    members = List.copyOf(members);
    unreachable = List.copyOf(unreachable);
    nodes = nodes == null ? null : List.copyOf(nodes);
  }

  /** A ring whose members hold one position each. */
  public RingView(int bits, String time, Supernode supernode, List<Member> members, List<Silent> unreachable) {
    this(bits, time, supernode, members, unreachable, null);
  }

  /** The supernode at host:port, and whether it answered this time. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Supernode(String host, int port, boolean answering) {
  }

  /** A member: its address, predecessor (absent when unknown), successor list, fingers and jobs. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Member(int id, String host, int port, Integer predecessor, List<Integer> successors,
      List<Finger> fingers, List<File> files) {
    public Member {
      successors = List.copyOf(successors);
      fingers = List.copyOf(fingers);
      files = List.copyOf(files);
    }
  }

  /** A physical node at host:port and the IDs of its positions on the ring, in its own order. */
  public record Node(String host, int port, List<Integer> positions) {
    public Node {
      positions = List.copyOf(positions);
    }
  }

  /** Finger {@code index} starts at ID {@code start} and points to node {@code node}. */
  public record Finger(int index, int start, int node) {
  }

  /**
   * A job a member holds: the file, its key, the run and round, where it stands (queued, training,
   * done, failed) and, once finished, who trained it (another node: a copy kept for a neighbour).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record File(String file, int key, String run, int round, String state, Integer trainedBy) {
  }

  /**
   * A node that did not answer: who still points to it ({@code referencedBy}: member IDs), whether
   * the supernode still lists it, and when this watcher last read it (absent when never).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Silent(int id, String host, int port, List<Integer> referencedBy, boolean listedBySupernode,
      String lastSeen) {
    public Silent {
      referencedBy = List.copyOf(referencedBy);
    }
  }
}
