package org.dhtfl.rpc;

import java.util.List;
import org.dhtfl.thrift.JoinResponse;
import org.dhtfl.thrift.NodeRef;
import org.dhtfl.thrift.Supernode;

/**
 * A supernode face for the server's tests: get_bits answers 7 after telling the test that it was
 * called (the test reads the caller from {@link CallContext} there); every other method answers
 * nothing of note.
 */
final class BitsOnlySupernode implements Supernode.Iface {

  private final Runnable onGetBits;

  BitsOnlySupernode(Runnable onGetBits) {
    this.onGetBits = onGetBits;
  }

  @Override
  public JoinResponse request_join(int port) {
    return new JoinResponse(-1, 0);
  }

  @Override
  public JoinResponse join_ring(int port) {
    return new JoinResponse(-1, 0);
  }

  @Override
  public boolean confirm_join(int nodeId) {
    return false;
  }

  @Override
  public String get_node() {
    return "";
  }

  @Override
  public String get_compute_node_address(int nodeId) {
    return "";
  }

  @Override
  public void remove_join(int nodeId) {
  }

  @Override
  public List<NodeRef> get_members() {
    return List.of();
  }

  @Override
  public int get_bits() {
    onGetBits.run();
    return 7;
  }

  @Override
  public long renew(NodeRef node) {
    return 0;
  }
}
