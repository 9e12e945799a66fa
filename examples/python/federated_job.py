#!/usr/bin/env python3
"""Trains one data file on a dhtfl ring from Python, with nothing but the ring's IDL.

It asks the supernode for a member of the ring, asks that member which node owns the file's
key, submits a training job for the file to the owner (with the file's rows when the owner
asks for them), waits for the result and prints it.

Needs Python 3, the thrift module (Debian: python3-thrift) and the code the Thrift compiler
generates from the IDL; see README.md in this folder.
"""

import argparse
import hashlib
import os
import secrets
import sys
import time


def parse_args():
    parser = argparse.ArgumentParser(description="Train one data file on a dhtfl ring and print the result.")
    parser.add_argument("supernode_host")
    parser.add_argument("supernode_port", type=int)
    parser.add_argument("data_file", help="CSV rows of 16 features and a class 0..25, no header")
    parser.add_argument("--gen-py", default="gen-py", metavar="DIR",
                        help="the Python code generated from thrift/compute_node.thrift (default: gen-py)")
    parser.add_argument("--run-secret", default=secrets.token_hex(32), metavar="SECRET",
                        help="the run's secret, 32 to 128 printable characters, which names the run; "
                             "a new one trains again (default: 64 random hexadecimal digits)")
    parser.add_argument("--epochs", type=int, default=250, help="most epochs (default: 250)")
    parser.add_argument("--timeout", type=float, default=120, metavar="S",
                        help="seconds to wait for the result (default: 120)")
    return parser.parse_args()


# The generated code's folder is an argument, so the arguments come before the imports.
args = parse_args()
try:
    from thrift.protocol import TBinaryProtocol
    from thrift.transport import TSocket, TTransport
except ImportError:
    sys.exit("error: Python's thrift module is missing (Debian: apt-get install python3-thrift)")
if not os.path.isdir(os.path.join(args.gen_py, "compute_node")):
    sys.exit("error: no generated code in %s; run: thrift -r --gen py thrift/compute_node.thrift" % args.gen_py)
sys.path.insert(0, args.gen_py)
from compute_node import ComputeNode
from compute_node.constants import STATUS_DONE, STATUS_WAIT, SUBMIT_NEED_DATA
from compute_node.ttypes import Job, JobKey, TrainSpec, Unavailable
from supernode import Supernode
from supernode.ttypes import InvalidRequest


class Connection:
    """A client of the service at host:port, over TBinaryProtocol on a buffered socket as dhtfl speaks.

    A class rather than contextlib.contextmanager: that one sets the traceback of an exception it
    passes on, and the exceptions Thrift generates are immutable.
    """

    def __init__(self, service, host, port):
        socket = TSocket.TSocket(host, port)
        socket.setTimeout(10_000)
        self.transport = TTransport.TBufferedTransport(socket)
        self.client = service.Client(TBinaryProtocol.TBinaryProtocol(self.transport))

    def __enter__(self):
        self.transport.open()
        return self.client

    def __exit__(self, *exception):
        self.transport.close()


def key_of(filename, bits):
    """The file's key, as every node computes it: SHA-1 of its name mod 2^bits."""
    return int.from_bytes(hashlib.sha1(filename.encode("utf-8")).digest(), "big") % (1 << bits)


def run_id_of(secret):
    """The run's public id, as every node computes it: "run-" and the first 32 hex digits of SHA-256."""
    return "run-" + hashlib.sha256(secret.encode("utf-8")).hexdigest()[:32]


def main(args):
    filename = os.path.basename(args.data_file)
    with open(args.data_file, "rb") as f:
        data = f.read()

    with Connection(Supernode, args.supernode_host, args.supernode_port) as supernode:
        bits = supernode.get_bits()
        entry = supernode.get_node()  # "id:host:port", or a sentence when the ring is empty
    if entry.count(":") != 2:
        sys.exit("error: the supernode has no node to offer: " + entry)
    entry_id, entry_host, entry_port = entry.split(":")
    print("entry node %s at %s:%s (ring of m = %d)" % (entry_id, entry_host, entry_port, bits))

    key = key_of(filename, bits)
    with Connection(ComputeNode, entry_host, int(entry_port)) as node:
        lookup = node.lookup(key)
    owner = lookup.owner
    print("file %s: key %d, owner %d at %s:%d, path %s"
          % (filename, key, owner.id, owner.host, owner.port, " -> ".join(map(str, lookup.path))))

    # Nodes take a run's jobs and show its results only with the run's secret; they show others
    # only the run id, which is derived from it.
    job_key = JobKey(run_id=run_id_of(args.run_secret), round=1, filename=filename)
    print("run %s" % job_key.run_id)
    # The reference's model and training; without start weights the owner draws them from seed and init.
    spec = TrainSpec(model="mlp", hidden=20, classes=26, epochs=args.epochs, eta=1e-4, momentum=0.7,
                     early_stop=True, eta_per_row=False, seed=1, init="glibc")
    # A node other than the owner would route the calls; the path of nodes passed through starts empty.
    with Connection(ComputeNode, owner.host, owner.port) as node:
        answer = node.submit_job(Job(key=job_key, spec=spec, run_secret=args.run_secret), [])
        if answer == SUBMIT_NEED_DATA:
            print("submit_job: the owner does not have the file; sending its %d rows" % len(data.splitlines()))
            answer = node.submit_job(Job(key=job_key, spec=spec, data=data, run_secret=args.run_secret), [])
        print("submit_job: " + answer)

        deadline = time.monotonic() + args.timeout
        result = node.job_result(job_key, [], args.run_secret)
        while result.status == STATUS_WAIT:
            if time.monotonic() > deadline:
                sys.exit("error: no result within %g s" % args.timeout)
            time.sleep(0.2)
            result = node.job_result(job_key, [], args.run_secret)

    print("status: " + result.status)
    if result.status != STATUS_DONE:
        sys.exit("error: " + (result.reason or "no reason given"))
    print("trained by: node %d" % result.trained_by)
    print("rows: %d" % result.rows)
    print("epochs: %d" % result.epochs)
    print("training error: %.4f" % result.error_rate)


try:
    main(args)
except (InvalidRequest, Unavailable) as e:
    sys.exit("error: " + e.message)
except (TTransport.TTransportException, OSError) as e:
    sys.exit("error: %s" % e)
