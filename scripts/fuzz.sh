#!/usr/bin/env bash
# Fuzzes a supernode and a compute node (started here, each with a 256 MB heap) with seeded
# malformed input, checking between cases that a correct request still works.
# Prints cases, crashes, hangs and the largest heap either process used.
#
# Usage: scripts/fuzz.sh [--cases N] [--seed S]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/script.sh"
source "$root/scripts/lib/build.sh"
source "$root/scripts/lib/cluster.sh"

cases=1000
seed=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --cases) cases=${2:?}; shift 2 ;;
    --seed) seed=${2:?}; shift 2 ;;
    -h|--help) show_help; exit 0 ;;
    *) echo "fuzz: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
on_exit cluster_stop
ensure_built
run_dir=$root/runs/fuzz-$(date +%Y%m%d-%H%M%S)-$$
mkdir -p "$run_dir/letters"
read -r sport nport < <(python3 -c 'import socket
s=[socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1",0)) for x in s]
print(*[x.getsockname()[1] for x in s])' 2>/dev/null || echo "19091 15001")
DHTFL_JAVA_OPTS="-Xmx256m ${DHTFL_JAVA_OPTS:-}" cluster_start "$run_dir" "$run_dir/letters" "$sport" "$nport" > /dev/null
java -cp "$(tool_classpath)" org.dhtfl.systest.tools.fuzz.FuzzMain --supernode "127.0.0.1:$sport" --node "127.0.0.1:$nport" \
  --supernode-pid "${pids[0]}" --node-pid "${pids[1]}" \
  --cases "$cases" --seed "$seed"
