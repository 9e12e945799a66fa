#!/usr/bin/env bash
# A multi-round federated run on three local nodes with faults injected while it runs: a node
# killed with kill -9 during one round, a fourth node started during another, the supernode
# killed after a round. Prints the client's output; the run must complete and count every file
# in every round. Every process started is stopped on exit.
#
# Usage: scripts/chaos-run.sh [--data DIR] [--rounds 10] [--kill-node-in-round 3]
#                             [--add-node-in-round 6] [--kill-supernode-after-round 0]
#                             [--run-dir DIR] [-- CLIENT_OPTIONS...]
#   a round number of 0 leaves that fault out; without --data a small data set is generated
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/script.sh"
source "$root/scripts/lib/build.sh"
source "$root/scripts/lib/cluster.sh"

data=""
rounds=10
kill_round=3
add_round=6
kill_supernode_after=0
run_dir=""
client_extra=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --data) data=${2:?}; shift 2 ;;
    --rounds) rounds=${2:?}; shift 2 ;;
    --kill-node-in-round) kill_round=${2:?}; shift 2 ;;
    --add-node-in-round) add_round=${2:?}; shift 2 ;;
    --kill-supernode-after-round) kill_supernode_after=${2:?}; shift 2 ;;
    --run-dir) run_dir=${2:?}; shift 2 ;;
    --) shift; client_extra=("$@"); break ;;
    -h|--help) show_help; exit 0 ;;
    *) echo "chaos-run: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

client_pid=""
# shellcheck disable=SC2317 # run on exit (on_exit)
kill_client() { if [[ -n $client_pid ]]; then kill -KILL "$client_pid" 2>/dev/null; fi; }
on_exit kill_client
on_exit cluster_stop
on_exit print_run_dir

ensure_built
make_run_dir chaos-
# shellcheck disable=SC2119 # no generator options: the default generated data set
use_data

port_busy 5004 && { echo "chaos-run: port 5004 is in use" >&2; exit 1; }
cluster_start "$run_dir" "$data" 9091 "5001 5002 5003"
echo "127.0.0.1,5004" >> "$run_dir/compute_node.txt"
supernode_pid=${pids[0]}

# The round the client is in: one more than the last "Round r/R" line it printed.
round_now() { echo $(( $(grep -c "^Round [0-9]*/$rounds:" "$run_dir/client.log" 2>/dev/null || true) + 1 )); }

echo "running the client: $rounds rounds"
program_java client
"${java_cmd[@]}" 127.0.0.1 9091 --data-dir "$data" \
  --validate "$data/../validate_letters.txt" --rounds "$rounds" --out "$run_dir" --entry 127.0.0.1:5001 \
  "${client_extra[@]}" > "$run_dir/client.log" 2>&1 &
client_pid=$!
killed=0 added=0 supernode_killed=0
while kill -0 "$client_pid" 2>/dev/null; do
  now=$(round_now)
  if [[ $kill_round -gt 0 && $killed -eq 0 && $now -ge $kill_round ]]; then
    echo "round $now: kill -9 of node 5002"
    { kill -KILL "${pids[2]}" && wait "${pids[2]}"; } 2>/dev/null || true
    killed=1
  fi
  if [[ $add_round -gt 0 && $added -eq 0 && $now -ge $add_round ]]; then
    echo "round $now: starting node 5004"
    node_start "$run_dir" 5004 9091 "$data"
    added=1
  fi
  if [[ $kill_supernode_after -gt 0 && $supernode_killed -eq 0 && $now -gt $kill_supernode_after ]]; then
    echo "after round $kill_supernode_after: kill -9 of the supernode"
    { kill -KILL "$supernode_pid" && wait "$supernode_pid"; } 2>/dev/null || true
    supernode_killed=1
  fi
  sleep 0.05
done
set +e
wait "$client_pid"
status=$?
set -e
client_pid=""
grep -E "^(Ring of|Round [0-9]+/|Final validation error)" "$run_dir/client.log"
exit "$status"
