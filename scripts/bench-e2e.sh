#!/usr/bin/env bash
# End-to-end benchmark: a supernode and three compute nodes on this machine, then the client run
# several times against them, each run timed from the client's start to its exit (JVM start-up
# included). The first run meets freshly started nodes; it is reported apart, beside the warm median.
# Then where a warm run's time goes (the median of each phase the client measures with --timings,
# and what it cannot see: the JVM's boot before its clock starts and its exit) and the floor: the
# CPU time the nodes spent training the job's files (from their logs) over the cores, plus the
# client's start.
#
# Usage: scripts/bench-e2e.sh [--data DIR] [--files N] [--runs N] [--workers N] [--ports S,N1,N2,N3]
#   --data DIR   shards (default data/letters, the real data), validation in DIR/../validate_letters.txt
#   --files N    files per run (default 20)
#   --runs N     client runs (default 6)
#   --workers N  training workers per node (default: the nodes' own default, one per core)
#   --ports S,N1,N2,N3  the supernode's and the three nodes' ports (default 9091,5001,5002,5003; other
#                ports give other node IDs, so the files fall otherwise on the nodes)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/script.sh"
source "$root/scripts/lib/build.sh"
source "$root/scripts/lib/cluster.sh"

data=$root/data/letters
files=20
runs=6
sport=9091
nports="5001 5002 5003"
node_opts=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --data) data=${2:?}; shift 2 ;;
    --files) files=${2:?}; shift 2 ;;
    --runs) runs=${2:?}; shift 2 ;;
    --workers) node_opts+=(--workers "${2:?}"); shift 2 ;;
    --ports)
      IFS=, read -r sport n1 n2 n3 <<< "${2:?}"
      [[ -n $n3 ]] || { echo "bench-e2e: --ports wants S,N1,N2,N3, got '$2'" >&2; exit 2; }
      nports="$n1 $n2 $n3"; shift 2 ;;
    -h|--help) show_help; exit 0 ;;
    *) echo "bench-e2e: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[[ -d $data ]] || { echo "bench-e2e: no data folder $data" >&2; exit 1; }
data=$(cd "$data" && pwd)
validate=$data/../validate_letters.txt

on_exit cluster_stop
ensure_built
run_dir=$root/runs/bench-e2e-$(date +%Y%m%d-%H%M%S)
mkdir -p "$run_dir"
cluster_start "$run_dir" "$data" "$sport" "$nports" "${node_opts[@]}" > /dev/null
entry=${nports%% *}

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(java -version 2>&1 | head -1)"
echo "job: $files shards of $data on 3 local nodes ${node_opts[*]}, client entering through node $entry"
times=()
# One line per warm run: its wall time in ms, the nodes' training CPU in ms, then the client's phases.
phases=$run_dir/phases.txt
: > "$phases"
node_logs=("$run_dir"/node-*.log)
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR) print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
program_java client
for ((i = 1; i <= runs; i++)); do
  # Each node log's length before the run: the run's lines are what each log adds after it.
  before=()
  for log in "${node_logs[@]}"; do before+=("$(wc -l < "$log")"); done
  start=$(date +%s%N)
  "${java_cmd[@]}" 127.0.0.1 "$sport" --data-dir "$data" --validate "$validate" \
    --files "$files" --entry "127.0.0.1:$entry" --timings > "$run_dir/client-$i.log" 2>&1
  end=$(date +%s%N)
  seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
  error=$(sed -n 's/^Final validation error: //p' "$run_dir/client-$i.log")
  echo "run $i: ${seconds} s, final validation error $error"
  if [[ $i -eq 1 ]]; then
    first_s=$seconds
  else
    times+=("$seconds")
    # The nodes log "trained KEY: ..., N ms (C ms CPU)" per file; the lines this run added.
    cpu=$(for n in "${!node_logs[@]}"; do tail -n +"$((before[n] + 1))" "${node_logs[n]}"; done \
      | sed -n 's/.*trained .*ms (\([0-9]*\) ms CPU).*/\1/p' | awk '{ s += $1 } END { print s + 0 }')
    echo "$(((end - start) / 1000000)) $cpu $(sed -n 's/^Time (ms): //p' "$run_dir/client-$i.log" | tr -cs '0-9' ' ')" >> "$phases"
  fi
done
if [[ ${#times[@]} -gt 0 ]]; then
  median_s=$(printf '%s\n' "${times[@]}" | median)
  echo "client_s_median_warm: $median_s"
  awk -v a="$first_s" -v m="$median_s" 'BEGIN { printf "run 1 / warm median: %.2f\n", a / m }'
  labels=("client start" "ring walk" "submissions" "waiting for training" "result reads" "validation")
  echo "where a warm run's time goes (median of $((runs - 1)) runs, ms):"
  sum=0
  for ((p = 0; p < ${#labels[@]}; p++)); do
    ms=$(awk -v f=$((p + 3)) '{ print $f }' "$phases" | median)
    sum=$(awk -v a="$sum" -v b="$ms" 'BEGIN { print a + b }')
    printf '  %-22s %6.0f\n' "${labels[p]}" "$ms"
    [[ $p -eq 0 ]] && start_ms=$ms
  done
  wall_ms=$(awk '{ print $1 }' "$phases" | median)
  printf '  %-22s %6.0f\n' "JVM boot and exit" "$(awk -v w="$wall_ms" -v s="$sum" 'BEGIN { print w - s }')"
  cpu_ms=$(awk '{ print $2 }' "$phases" | median)
  floor=$(awk -v c="$cpu_ms" -v n="$(nproc)" -v s="$start_ms" 'BEGIN { printf "%.3f", (c / n + s) / 1000 }')
  echo "training CPU per run: $cpu_ms ms on $(nproc) cores"
  echo "floor_s: $floor (training CPU / cores + client start)"
  awk -v m="$median_s" -v f="$floor" 'BEGIN { printf "warm median / floor: %.2f\n", m / f }'
fi
echo "logs: $run_dir"
