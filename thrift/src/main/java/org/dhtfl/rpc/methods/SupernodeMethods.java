package org.dhtfl.rpc.methods;

import static org.dhtfl.rpc.methods.CallerRule.NODE_ITSELF;
import static org.dhtfl.rpc.methods.CallerRule.NODE_ITSELF_ON_ITS_HOST;
import static org.dhtfl.rpc.methods.Forwarding.LOCAL;
import static org.dhtfl.rpc.methods.MethodTable.answered;
import static org.dhtfl.rpc.methods.MethodTable.dropped;
import static org.dhtfl.rpc.methods.MethodTable.open;
import static org.dhtfl.rpc.methods.MethodTable.thrown;

import java.util.List;
import org.apache.thrift.TException;
import org.dhtfl.thrift.InvalidRequest;
import org.dhtfl.thrift.Supernode;

/** The supernode's methods (thrift/supernode.thrift): who may call each, its errors, where it is served. */
public final class SupernodeMethods {

  private static final List<Class<? extends TException>> NO_ERRORS = List.of();
  private static final List<Class<? extends TException>> INVALID = List.of(InvalidRequest.class);

  /**
   * The node a join or a renewal names is the one the admission list puts on the port asked for;
   * the one a confirmation or a removal names is the member with the ID given.
   */
  public static final MethodTable TABLE = new MethodTable(Supernode.Iface.class, List.of(
      // the reference's membership
      answered("request_join", NODE_ITSELF, LOCAL),
      dropped("confirm_join", NODE_ITSELF, LOCAL),
      open("get_node", LOCAL, NO_ERRORS),
      open("get_compute_node_address", LOCAL, INVALID),
      dropped("remove_join", NODE_ITSELF_ON_ITS_HOST, LOCAL),
      // dhtfl's membership
      answered("join_ring", NODE_ITSELF, LOCAL),
      open("get_members", LOCAL, NO_ERRORS),
      open("get_bits", LOCAL, NO_ERRORS),
      thrown("renew", NODE_ITSELF, LOCAL, INVALID)));

  private SupernodeMethods() {
  }
}
