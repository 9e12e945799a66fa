// The reference system's supernode IDL as its own programs speak it (see DESIGN.md, "Wire
// contract"). Generated into org.dhtfl.thrift.reference and used only to prove that a peer
// knowing nothing of dhtfl's additions still works against dhtfl's servers.

namespace java org.dhtfl.thrift.reference
namespace py supernode

struct JoinResponse {
  1: i32 id,
  2: i32 no_of_nodes
}

service Supernode {
  JoinResponse request_join(1: i32 port),
  bool confirm_join(1: i32 node_id),
  string get_node(),
  string get_compute_node_address(1: i32 node_id),
  void remove_join(1: i32 node_id)
}
