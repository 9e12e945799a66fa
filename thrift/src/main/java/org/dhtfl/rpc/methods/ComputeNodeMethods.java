package org.dhtfl.rpc.methods;

import static org.dhtfl.rpc.methods.CallerRule.MEMBER;
import static org.dhtfl.rpc.methods.CallerRule.MEMBER_ITSELF;
import static org.dhtfl.rpc.methods.CallerRule.NODE;
import static org.dhtfl.rpc.methods.CallerRule.NODE_OR_CLIENT;
import static org.dhtfl.rpc.methods.Forwarding.LOCAL;
import static org.dhtfl.rpc.methods.Forwarding.TO_OWNER;
import static org.dhtfl.rpc.methods.MethodTable.answered;
import static org.dhtfl.rpc.methods.MethodTable.dropped;
import static org.dhtfl.rpc.methods.MethodTable.open;
import static org.dhtfl.rpc.methods.MethodTable.thrown;

import java.util.List;
import org.apache.thrift.TException;
import org.dhtfl.thrift.ComputeNode;
import org.dhtfl.thrift.InvalidRequest;
import org.dhtfl.thrift.Unavailable;

/** The compute node's methods (thrift/compute_node.thrift): who may call each, its errors, where it is served. */
public final class ComputeNodeMethods {

  private static final List<Class<? extends TException>> NO_ERRORS = List.of();
  private static final List<Class<? extends TException>> INVALID = List.of(InvalidRequest.class);
  private static final List<Class<? extends TException>> INVALID_OR_UNAVAILABLE =
      List.of(InvalidRequest.class, Unavailable.class);

  public static final MethodTable TABLE = new MethodTable(ComputeNode.Iface.class, List.of(
      // the reference's files
      dropped("put_data", NODE_OR_CLIENT, TO_OWNER),
      answered("get_model", NODE_OR_CLIENT, TO_OWNER),
      // the reference's ring, by ID
      dropped("fix_fingers", NODE, LOCAL),
      open("find_successor", LOCAL, INVALID_OR_UNAVAILABLE),
      open("find_predecessor", LOCAL, INVALID_OR_UNAVAILABLE),
      thrown("update_finger_table", MEMBER, LOCAL, INVALID),
      open("get_predecessor", LOCAL, NO_ERRORS),
      open("get_successor", LOCAL, NO_ERRORS),
      thrown("set_predecessor", MEMBER_ITSELF, LOCAL, INVALID),
      open("closest_preceding_node", LOCAL, INVALID),
      dropped("set_successor", NODE, LOCAL),
      open("print_finger_table", LOCAL, NO_ERRORS),
      // dhtfl's ring
      open("ping", LOCAL, NO_ERRORS),
      open("route_step", LOCAL, INVALID),
      open("lookup", LOCAL, INVALID_OR_UNAVAILABLE),
      open("get_neighbours", LOCAL, NO_ERRORS),
      thrown("notify", MEMBER_ITSELF, LOCAL, INVALID),
      thrown("update_finger", MEMBER, LOCAL, INVALID),
      open("get_ring_state", LOCAL, NO_ERRORS),
      thrown("leaving", MEMBER_ITSELF, LOCAL, INVALID),
      // dhtfl's files and jobs
      thrown("deliver", NODE, TO_OWNER, INVALID_OR_UNAVAILABLE),
      thrown("take_over", MEMBER, LOCAL, INVALID),
      thrown("submit_job", NODE_OR_CLIENT, TO_OWNER, INVALID_OR_UNAVAILABLE),
      thrown("job_result", NODE_OR_CLIENT, TO_OWNER, INVALID_OR_UNAVAILABLE),
      thrown("store_replica", MEMBER, LOCAL, INVALID),
      thrown("held", NODE, LOCAL, INVALID),
      thrown("class_statistics", NODE_OR_CLIENT, TO_OWNER, INVALID_OR_UNAVAILABLE),
      thrown("score_models", NODE_OR_CLIENT, TO_OWNER, INVALID_OR_UNAVAILABLE),
      // dhtfl's one call per owner: put_files routes each file; the others serve the files owned here
      thrown("put_files", NODE_OR_CLIENT, TO_OWNER, INVALID),
      thrown("submit_jobs", NODE_OR_CLIENT, LOCAL, INVALID),
      thrown("job_results", NODE_OR_CLIENT, LOCAL, INVALID)));

  private ComputeNodeMethods() {
  }
}
