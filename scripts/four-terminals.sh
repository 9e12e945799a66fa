#!/usr/bin/env bash
# The README's four terminals as a stranger types them: clones this project into a fresh folder
# (nothing built, no data beside it), starts the supernode and the three compute nodes from that
# clone within one second of each other, with no build before, waits until the nodes serve, runs
# `scripts/client 127.0.0.1 9091` there and checks that it prints the reference's
# "Final validation error: 41.09%". Every process started is stopped at the end, also on failure.
#
# Usage: scripts/four-terminals.sh [--keep DIR]
#   --keep DIR   clone into DIR (must not exist) and leave it, with the logs, for a look afterwards
# Needs ports 9091 and 5001-5003 free, as the README's commands use them. Takes about two minutes
# (one Maven build).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/script.sh"
source "$root/scripts/lib/cluster.sh"

keep=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --keep) keep=${2:?--keep needs a folder}; shift 2 ;;
    -h|--help) show_help; exit 0 ;;
    *) echo "four-terminals: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

for port in 9091 5001 5002 5003; do
  if port_busy "$port"; then echo "four-terminals: port $port is in use" >&2; exit 1; fi
done
work=${keep:-$(mktemp -d)}
[[ -n $keep && -e $keep ]] && { echo "four-terminals: $keep exists" >&2; exit 1; }
clone=$work/dhtfl
# The scripts exec java, so these are the programs themselves; their children (a build) first.
stop_children() { local pid; for pid in "${pids[@]}"; do pkill -TERM -P "$pid" 2>/dev/null || true; done; }
on_exit stop_children
on_exit cluster_stop
remove_clone() { if [[ -z $keep ]]; then rm -rf "$work"; else echo "clone and logs: $work"; fi; }
on_exit remove_clone

git clone -q "$root" "$clone"
cd "$clone"
# The four commands of the README, each in its own "terminal" (a background process with a log).
scripts/supernode > "$work/terminal-1.log" 2>&1 & pids+=($!)
scripts/computenode 5001 127.0.0.1 9091 > "$work/terminal-2.log" 2>&1 & pids+=($!)
scripts/computenode 5002 127.0.0.1 9091 > "$work/terminal-3.log" 2>&1 & pids+=($!)
scripts/computenode 5003 127.0.0.1 9091 > "$work/terminal-4.log" 2>&1 & pids+=($!)
echo "started the four commands in $clone"

wait_s=600  # the first command builds the project
wait_for_line "$work/terminal-1.log" "supernode listening" "${pids[0]}" "the supernode"
for i in 1 2 3; do
  wait_for_line "$work/terminal-$((i + 1)).log" "running on port" "${pids[$i]}" "compute node $((5000 + i))"
done
builds=$(cat "$work"/terminal-*.log | grep -c "building dhtfl" || true)
echo "builds started: $builds (the others waited for it)"
[[ $builds -eq 1 ]] || { echo "four-terminals: expected exactly one build" >&2; exit 1; }

scripts/client 127.0.0.1 9091 | tee "$work/terminal-5.log"
grep -q "^Final validation error: 41.09%" "$work/terminal-5.log" || {
  echo "four-terminals: the client did not print 41.09%" >&2; exit 1; }
echo "four-terminals: ok"
