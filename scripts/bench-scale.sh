#!/usr/bin/env bash
# How the cost of a federated round grows with the number of nodes N and of files S: for every
# (N, S), a supernode and N compute nodes as real processes on this machine (with the programs'
# default JVM options, see scripts/lib/build.sh), then the client with --rounds on S files. Prints
# per (N, S) one line:
#   round_s_median   the median of the rounds' times as the client prints them
#   rpcs_per_round   calls the nodes served during the run (the client's and the nodes' own,
#                    stabilisation included), divided by the rounds
#   client_calls_per_round  of those, the calls of the methods a client calls (the ring walk,
#                    lookups, the jobs' and results' calls), divided by the rounds: the client's
#                    calls, and any of its per-file calls a node passed on to the owner
#   mb_per_round     bytes of those calls and answers, in MB, divided by the rounds
#   node_rss_mb      every node's resident memory after the run (min/median/max) and their sum
#   idle_rss_mb      the same, 5 s after the run: nodes idle in a ring
# and writes them to OUT/scale.csv, then OUT/scale.png and the fitted cost model OUT/scale-model.txt.
# S = 33 is the reference's 33 shards; other S re-split the 16,500 training rows with
# `client split` (IID).
#
# Usage: scripts/bench-scale.sh [--nodes "3 8 16 32"] [--files "33 330"] [--rounds 3] [--out DIR]
#   --out DIR   where the table, plot and logs go (default runs/bench-scale-<time>)
# Takes about 10 minutes on two cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/script.sh"
source "$root/scripts/lib/build.sh"
source "$root/scripts/lib/cluster.sh"

node_counts="3 8 16 32"
file_counts="33 330"
rounds=3
out=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --nodes) node_counts=${2:?}; shift 2 ;;
    --files) file_counts=${2:?}; shift 2 ;;
    --rounds) rounds=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    -h|--help) show_help; exit 0 ;;
    *) echo "bench-scale: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
out=${out:-$root/runs/bench-scale-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
out=$(cd "$out" && pwd)

on_exit cluster_stop
ensure_built

# The shard folder with S files: the project's 33, or the training rows split S ways.
shards_for() {
  local s=$1
  if [[ $s -eq 33 ]]; then echo "$root/data/letters"; return; fi
  local dir=$out/data-$s
  if [[ ! -d $dir/letters ]]; then
    mkdir -p "$dir"
    cat "$root"/data/letters/* > "$dir/all.txt"
    program_java client
    "${java_cmd[@]}" split "$dir/all.txt" --shards "$s" --out "$dir/letters" > "$dir/split.log"
    cp "$root/data/validate_letters.txt" "$dir/validate_letters.txt"
  fi
  echo "$dir/letters"
}

# The sum over the nodes' metrics of the samples of NAME (all labels).
metric_sum() {
  local name=$1 port total=0 value
  for port in "${metric_ports[@]}"; do
    value=$(curl -fsS "http://127.0.0.1:$port/metrics" 2>/dev/null \
      | awk -v n="$name" '$1 ~ "^"n"({|$)" { s += $2 } END { printf "%.0f", s }') || value=0
    total=$((total + ${value:-0}))
  done
  echo "$total"
}

# The client's methods: what a client calls on a node during a run (not ping: nodes ping each
# other). Nodes call none of them during a run but lookup (when joining) and submit_job, job_result
# and get_model (passing a client's call on to the owner).
client_methods="get_ring_state lookup put_data put_files get_model submit_job submit_jobs job_result job_results class_statistics score_models"

# The sum over the nodes of the calls served of the client's methods.
client_calls() {
  local port total=0 value
  for port in "${metric_ports[@]}"; do
    value=$(curl -fsS "http://127.0.0.1:$port/metrics" 2>/dev/null | awk -v methods="$client_methods" '
      BEGIN { n = split(methods, m, " "); for (i = 1; i <= n; i++) want[m[i]] = 1 }
      $1 ~ /^dhtfl_rpc_server_calls_total\{/ && match($1, /method="[a-z_]+"/) {
        if (substr($1, RSTART + 8, RLENGTH - 9) in want) s += $2 }
      END { printf "%.0f", s }') || value=0
    total=$((total + ${value:-0}))
  done
  echo "$total"
}

# min/median/max and sum of the nodes' resident memory, in MB.
rss_summary() {
  local pid
  for pid in "${node_pids[@]}"; do
    awk '/^VmRSS/ { print $2 / 1024 }' "/proc/$pid/status" 2>/dev/null || true
  done | sort -n | awk '{ a[NR] = $1; s += $1 } END {
    printf "%.0f/%.0f/%.0f sum %.0f", a[1], a[int((NR + 1) / 2)], a[NR], s }'
}

command -v curl > /dev/null || { echo "bench-scale: needs curl for the nodes' metrics" >&2; exit 1; }
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem/ { print $2 }') GB," \
  "$(java -version 2>&1 | head -1)"
echo "N,S,round_s_median,rpcs_per_round,mb_per_round,node_rss_mb_median,node_rss_mb_sum,idle_rss_mb_median,idle_rss_mb_sum,client_calls_per_round" \
  > "$out/scale.csv"
for s in $file_counts; do
  data=$(shards_for "$s")
  for n in $node_counts; do
    run=$out/n$n-s$s
    mkdir -p "$run"
    sport=$(free_ports 9300 1)
    first=$(free_ports 15000 "$n")
    mfirst=$(free_ports $((first + n)) "$n")
    listed=()
    for ((i = 0; i < n; i++)); do listed+=("127.0.0.1,$((first + i))"); done
    admission_list "$run" "${listed[@]}"
    supernode_start "$run" "$sport" --bits 10
    # Every node at once, then the wait for all: they join one at a time, retrying while the
    # supernode admits another.
    node_pids=()
    metric_ports=()
    for ((i = 0; i < n; i++)); do
      node_start "$run" $((first + i)) "$sport" "$data" --metrics-port $((mfirst + i))
      node_pids+=("$last_pid")
      metric_ports+=($((mfirst + i)))
    done
    for ((i = 0; i < n; i++)); do
      node_await "$run" $((first + i)) "${node_pids[i]}"
    done
    calls0=$(metric_sum dhtfl_rpc_server_calls_total)
    client0=$(client_calls)
    bytes0=$(metric_sum dhtfl_rpc_server_bytes_total)
    program_java client
    if ! "${java_cmd[@]}" 127.0.0.1 "$sport" --data-dir "$data" --validate "$data/../validate_letters.txt" \
        --rounds "$rounds" --out "$run/run" --entry "127.0.0.1:$first" > "$run/client.log" 2>&1; then
      echo "bench-scale: the client failed for N=$n S=$s; see $run/client.log" >&2
      tail -n 5 "$run/client.log" >&2
      exit 1
    fi
    calls1=$(metric_sum dhtfl_rpc_server_calls_total)
    client1=$(client_calls)
    bytes1=$(metric_sum dhtfl_rpc_server_bytes_total)
    busy=$(rss_summary)
    sleep 5 # idle in the ring: what a node holds between runs
    idle=$(rss_summary)
    median=$(sed -n "s/^Round [0-9]*\/$rounds: .*, \([0-9.]*\) s$/\1/p" "$run/client.log" | sort -n \
      | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
    rpcs=$(( (calls1 - calls0) / rounds ))
    client=$(( (client1 - client0) / rounds ))
    mb=$(awk -v a="$bytes0" -v b="$bytes1" -v r="$rounds" 'BEGIN { printf "%.2f", (b - a) / r / 1e6 }')
    error=$(sed -n 's/^Final validation error: //p' "$run/client.log")
    printf "N=%-3s S=%-4s round_s_median %-6s rpcs_per_round %-7s client_calls_per_round %-5s mb_per_round %-7s node_rss_mb %s   idle_rss_mb %s   (error %s)\n" \
      "$n" "$s" "$median" "$rpcs" "$client" "$mb" "$busy" "$idle" "$error"
    echo "$n,$s,$median,$rpcs,$mb,$(echo "$busy" | awk -F'[/ ]' '{ print $2 "," $5 }'),$(echo "$idle" | awk -F'[/ ]' '{ print $2 "," $5 }'),$client" \
      >> "$out/scale.csv"
    cluster_stop
  done
done
java -cp "$(tool_classpath)" org.dhtfl.systest.tools.scale.ScaleReport "$out/scale.csv" \
  "$out/scale.png" | tee "$out/scale-model.txt"
echo "table: $out/scale.csv, plot: $out/scale.png"
