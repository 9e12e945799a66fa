#!/usr/bin/env bash
# End-to-end benchmark: a supernode and three compute nodes on this machine, then the client run
# several times against them, each run timed from the client's start to its exit (JVM start-up
# included). The first run meets nodes whose JIT has not warmed up yet; it is reported apart.
#
# Usage: scripts/bench-e2e.sh [--data DIR] [--files N] [--runs N]
#   --data DIR   shards (default data/letters, the real data), validation in DIR/../validate_letters.txt
#   --files N    files per run (default 20)
#   --runs N     client runs (default 6)
#   --workers N  training workers per node (default: the nodes' own default, one per core)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/build.sh"
source "$root/scripts/lib/cluster.sh"

data=$root/data/letters
files=20
runs=6
node_opts=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --data) data=${2:?}; shift 2 ;;
    --files) files=${2:?}; shift 2 ;;
    --runs) runs=${2:?}; shift 2 ;;
    --workers) node_opts+=(--workers "${2:?}"); shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "bench-e2e: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[[ -d $data ]] || { echo "bench-e2e: no data folder $data" >&2; exit 1; }
data=$(cd "$data" && pwd)
validate=$data/../validate_letters.txt

trap 'cluster_stop' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
ensure_built
run_dir=$root/runs/bench-e2e-$(date +%Y%m%d-%H%M%S)
mkdir -p "$run_dir"
cluster_start "$run_dir" "$data" 9091 "5001 5002 5003" "${node_opts[@]}" > /dev/null

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(java -version 2>&1 | head -1)"
echo "job: $files shards of $data on 3 local nodes ${node_opts[*]}, client entering through node 5001"
times=()
program_java client
for ((i = 1; i <= runs; i++)); do
  start=$(date +%s%N)
  "${java_cmd[@]}" 127.0.0.1 9091 --data-dir "$data" --validate "$validate" \
    --files "$files" --entry 127.0.0.1:5001 > "$run_dir/client-$i.log" 2>&1
  end=$(date +%s%N)
  seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
  error=$(sed -n 's/^Final validation error: //p' "$run_dir/client-$i.log")
  echo "run $i: ${seconds} s, final validation error $error"
  [[ $i -gt 1 ]] && times+=("$seconds")
done
if [[ ${#times[@]} -gt 0 ]]; then
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
  echo "client_s_median_warm: $median"
fi
echo "logs: $run_dir"
