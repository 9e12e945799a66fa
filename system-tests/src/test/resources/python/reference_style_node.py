"""A compute node that speaks only the reference system's IDL, the way the reference's
ComputeNode.py does when it joins a ring, for ReferenceNodeJoinIT.

It makes the reference node's calls in the reference node's order: request_join to the supernode;
if the answer counts members, get_node for an entry member, find_successor of each finger start
through that member, get_predecessor and set_predecessor on its successor, then for each finger
index the node whose finger should point at it (found with get_successor walks) gets
print_finger_table, update_finger_table and print_finger_table again; then confirm_join. Like the
reference it does not look at the sentinels in JoinResponse.id: with no members counted it is a
ring of one under whatever id it was given. Every call to a node goes to the address
get_compute_node_address gives, one connection per call. Afterwards it serves the reference's
ComputeNode interface from its own pointers, as the reference does, until it is stopped.

Usage: reference_style_node.py --gen-py DIR PORT SUPERNODE_HOST SUPERNODE_PORT
"""

import argparse
import sys

BITS = 6
SIZE = 1 << BITS


def in_half_open(low, x, high):
    """x in (low, high] on the ring; the whole ring when low == high."""
    if low == high:
        return True
    if low < high:
        return low < x <= high
    return x > low or x <= high


class Node:
    def __init__(self, port, supernode_host, supernode_port):
        self.port = port
        self.supernode_host = supernode_host
        self.supernode_port = supernode_port
        self.id = None
        self.successor = None
        self.predecessor = None
        self.fingers = []

    def _open(self, host, port, client_class):
        transport = TTransport.TBufferedTransport(TSocket.TSocket(host, port))
        transport.open()
        return client_class(TBinaryProtocol.TBinaryProtocol(transport)), transport

    def ask_supernode(self, call):
        client, transport = self._open(self.supernode_host, self.supernode_port, SupernodeClient)
        try:
            return call(client)
        finally:
            transport.close()

    def ask_node(self, node_id, call):
        address = self.ask_supernode(lambda s: s.get_compute_node_address(node_id))
        host, port = address.rsplit(":", 1)
        client, transport = self._open(host, int(port), NodeClient)
        try:
            return call(client)
        finally:
            transport.close()

    def closest_preceding(self, key):
        for finger in reversed(self.fingers):
            if finger != self.id and in_half_open(self.id, finger, key):
                return finger
        return self.id

    def find_predecessor(self, key):
        node, successor, seen = self.id, self.successor, set()
        while not in_half_open(node, key, successor):
            if node in seen or len(seen) > 10:
                break
            seen.add(node)
            following = self.closest_preceding(key)
            if following == node:
                break
            successor = self.ask_node(following, lambda c: c.get_successor())
            node = following
        return node

    def join(self):
        answer = self.ask_supernode(lambda s: s.request_join(self.port))
        self.id = answer.id
        print("request_join(%d): id %d, %s nodes" % (self.port, answer.id, answer.no_of_nodes), flush=True)
        if answer.no_of_nodes == 0:
            self.fingers = [self.id] * BITS
            self.successor = self.predecessor = self.id
            print("alone: a ring of one as node %d" % self.id, flush=True)
        else:
            entry = self.ask_supernode(lambda s: s.get_node())
            entry_id = int(entry.split(":")[0])
            print("entry: %s" % entry, flush=True)
            starts = [(self.id + (1 << i)) % SIZE for i in range(BITS)]
            try:
                self.fingers = self.ask_node(entry_id, lambda c: [c.find_successor(s) for s in starts])
                self.successor = self.fingers[0]
                self.predecessor = self.ask_node(
                    self.successor, lambda c: (c.get_predecessor(), c.set_predecessor(self.id))[0])
            except Exception as e:
                print("finger table through node %d failed: %s" % (entry_id, e), flush=True)
            print("fingers %s, successor %s, predecessor %s" % (self.fingers, self.successor, self.predecessor),
                  flush=True)
            self.tell_others()
        confirmed = self.ask_supernode(lambda s: s.confirm_join(self.id))
        print("confirm_join(%d): %s" % (self.id, confirmed), flush=True)

    def tell_others(self):
        for i in range(BITS):
            if not self.fingers:
                return
            target = self.find_predecessor((self.id - (1 << i)) % SIZE)
            if target == self.id:
                continue
            try:
                self.ask_node(target, lambda c: (c.print_finger_table(), c.update_finger_table(self.id, i),
                                                 c.print_finger_table()))
                print("update_finger_table(%d, %d) on node %d" % (self.id, i, target), flush=True)
            except Exception as e:
                print("update_finger_table(%d, %d) on node %d failed: %s" % (self.id, i, target, e), flush=True)


class Handler:
    """The reference's ComputeNode interface over the node's own pointers."""

    def __init__(self, node):
        self.node = node

    def put_data(self, filename):
        print("put_data(%s)" % filename, flush=True)

    def get_model(self, filename):
        return Model(status="not_found")

    def fix_fingers(self):
        pass

    def find_successor(self, key):
        return self.node.successor if in_half_open(self.node.id, key, self.node.successor) else self.node.id

    def find_predecessor(self, key):
        return self.node.id

    def update_finger_table(self, node_id, index):
        pass

    def get_predecessor(self):
        return self.node.predecessor

    def get_successor(self):
        return self.node.successor

    def set_predecessor(self, node_id):
        self.node.predecessor = node_id
        return True

    def closest_preceding_node(self, key):
        return self.node.closest_preceding(key)

    def set_successor(self):
        pass

    def print_finger_table(self):
        print("fingers %s" % self.node.fingers, flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gen-py", required=True, help="Python generated from thrift/reference/*.thrift")
    parser.add_argument("port", type=int)
    parser.add_argument("supernode_host")
    parser.add_argument("supernode_port", type=int)
    args = parser.parse_args()
    sys.path.insert(0, args.gen_py)
    global TSocket, TTransport, TBinaryProtocol, TServer, SupernodeClient, NodeClient, Model
    from thrift.protocol import TBinaryProtocol
    from thrift.server import TServer
    from thrift.transport import TSocket, TTransport
    from supernode.Supernode import Client as SupernodeClient
    from compute_node.ComputeNode import Client as NodeClient, Processor
    from compute_node.ttypes import Model

    node = Node(args.port, args.supernode_host, args.supernode_port)
    node.join()
    server = TServer.TThreadedServer(Processor(Handler(node)), TSocket.TServerSocket(host="127.0.0.1", port=args.port),
                                     TTransport.TBufferedTransportFactory(), TBinaryProtocol.TBinaryProtocolFactory(),
                                     daemon=True)
    print("node %d serving on port %d" % (node.id, args.port), flush=True)
    server.serve()


if __name__ == "__main__":
    main()
