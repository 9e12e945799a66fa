// The supernode admits compute nodes to the Chord ring, one at a time, and hands out entry
// points to the ring.
//
// Wire contract: the methods and field ids of the reference system (everything marked
// "reference") keep their names, ids and types, so the reference's Python programs work
// against the Java supernode unchanged. Everything dhtfl adds is a new method or an optional
// field, which old peers skip. Transport: TBinaryProtocol on a plain buffered socket.

namespace java org.dhtfl.thrift
namespace py supernode

/** A ring member: its Chord identifier and the address it serves on, always together. */
struct NodeRef {
  1: i32 id,
  2: string host,
  3: i32 port
}

// JoinResponse.id values that are not identifiers: named so that both ends use one constant.
/** reference: another node is joining; ask again later. */
const i32 JOIN_BUSY = -1
/**
 * reference: every identifier of the ring is taken. dhtfl: also the answer to every
 * request_join, the reference node's way in, which a dhtfl ring cannot take (the reason says
 * why; see join_ring).
 */
const i32 JOIN_FULL = -2
/** dhtfl: refused; JoinResponse.reason says why. */
const i32 JOIN_REFUSED = -3

/**
 * Answer to request_join and join_ring. reference: id and no_of_nodes, with the sentinels
 * id = -1 (another node is joining, retry later) and id = -2 (network full).
 * dhtfl adds id = -3 (refused: the reason says why, for instance an address that is not
 * in the admission list) and the optional fields.
 */
struct JoinResponse {
  1: i32 id,
  2: i32 no_of_nodes,
  3: optional string reason,
  4: optional NodeRef node,
  5: optional NodeRef entry,
  6: optional i32 bits,
  7: optional i64 lease_ms
}

/** A request naming something that does not exist or is out of range; the message says which. */
exception InvalidRequest {
  1: string message
}

service Supernode {
  // reference
  JoinResponse request_join(1: i32 port),
  bool confirm_join(1: i32 node_id),
  string get_node(),
  string get_compute_node_address(1: i32 node_id) throws (1: InvalidRequest invalid),
  void remove_join(1: i32 node_id),

  // dhtfl
  /**
   * A dhtfl node's request to join: the answer request_join gives in the reference, with its
   * sentinels, the reason and the optional fields. request_join itself is how a node of the
   * reference system asks, and the supernode refuses it (JOIN_FULL, no_of_nodes = 0, a reason):
   * such a node neither answers nor makes the calls that keep a dhtfl ring (ping, notify,
   * stabilization, renew), so it would be a member that no lookup of the ring reaches.
   */
  JoinResponse join_ring(1: i32 port),
  /** Confirmed members in ID order. */
  list<NodeRef> get_members(),
  /** m: identifiers and keys are 0 .. 2^m - 1. */
  i32 get_bits(),
  /**
   * A member's heartbeat: the node says it is alive and which node it is, every few seconds. A
   * supernode that had forgotten it (restarted without its membership file) knows it again.
   * Returns the milliseconds after which the supernode expects the next renewal. InvalidRequest:
   * the caller's address is not listed for the node's port, the ID is out of range, or another
   * node holds it.
   */
  i64 renew(1: NodeRef node) throws (1: InvalidRequest invalid)
}
