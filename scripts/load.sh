#!/usr/bin/env bash
# Load: a supernode and three compute nodes, then 20 clients submitting and polling at once for
# 60 s (requests, errors and p50/p99 latency per method); then a burst of 10 more nodes started at
# the same moment, which must all join (the supernode admits one at a time, the others retry
# with backoff) into a correct ring. Every process started is stopped on exit.
#
# Usage: scripts/load.sh [--clients 20] [--seconds 60] [--burst 10] [--data DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/script.sh"
source "$root/scripts/lib/build.sh"
source "$root/scripts/lib/cluster.sh"

clients=20
seconds=60
burst=10
data=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --clients) clients=${2:?}; shift 2 ;;
    --seconds) seconds=${2:?}; shift 2 ;;
    --burst) burst=${2:?}; shift 2 ;;
    --data) data=${2:?}; shift 2 ;;
    -h|--help) show_help; exit 0 ;;
    *) echo "load: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
on_exit cluster_stop
ensure_built
run_dir=""
make_run_dir load-
# shellcheck disable=SC2119 # no generator options: the default generated data set
use_data
burst_ports=$(seq 6001 $((6000 + burst)) | tr '\n' ' ')
for port in $burst_ports; do port_busy "$port" && { echo "load: port $port is in use" >&2; exit 1; }; done
cluster_start "$run_dir" "$data" 9091 "5001 5002 5003" > /dev/null
for port in $burst_ports; do echo "127.0.0.1,$port" >> "$run_dir/compute_node.txt"; done

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(java -version 2>&1 | head -n 1)"
echo "== $clients clients for $seconds s against nodes 5001, 5002, 5003"
set +e
java -cp "$(tool_classpath)" org.dhtfl.systest.tools.load.LoadMain --nodes 127.0.0.1:5001,127.0.0.1:5002,127.0.0.1:5003 \
  --data-dir "$data" --clients "$clients" --seconds "$seconds"
load_status=$?
set -e

echo "== a burst of $burst nodes started at the same moment"
burst_pids=()
for port in $burst_ports; do
  node_start "$run_dir" "$port" 9091 "$data"
  burst_pids+=("$last_pid")
done
for i in "${!burst_pids[@]}"; do
  port=$((6001 + i))
  node_await "$run_dir" "$port" "${burst_pids[$i]}"
done
joined=$(grep -l "running on port" "$run_dir"/node-60*.log | wc -l)
# shellcheck disable=SC2126 # lines of several files, counted together
retries=$(grep -h "the supernode is busy" "$run_dir"/node-60*.log | wc -l)
echo "burst_joined: $joined of $burst (NACKs answered with a retry: $retries)"
members=127.0.0.1:5001,127.0.0.1:5002,127.0.0.1:5003
for port in $burst_ports; do members+=",127.0.0.1:$port"; done
set +e
java -cp "$(tool_classpath)" org.dhtfl.systest.tools.load.RingCheckMain --nodes "$members" --within-s 30
ring_status=$?
set -e
echo "logs: $run_dir"
[[ $load_status -eq 0 && $ring_status -eq 0 && $joined -eq $burst ]]
