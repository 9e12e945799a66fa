#!/usr/bin/env bash
# A network partition and its healing, with each compute node a host of its own (ip netns, as
# root) and the supernode on the host side of a bridge, which every node reaches throughout.
#   three: node 3's routes to nodes 1 and 2, and theirs to it, are blackholed: a ring of two and
#          a ring of one;
#   four:  nodes 1 and 2 against nodes 3 and 4: two rings of two;
#   run:   (not in both) a ten-round federated run on the project's shards, with node 3 cut from
#          nodes 1 and 2 from the start of round 3; prints the rounds and the final validation error.
# Each node's ring size (the members its successor pointers lead through, read from the host side
# by `client watch`, four times a second) is printed before the cut, halfway, at its end, and every
# 5 s after healing, with the seconds until every node walks the whole ring. Fails when that takes longer than
# --deadline-s. Everything made here (processes, namespaces, links) is removed on exit, also on
# Ctrl-C or failure.
#
# Usage: scripts/partition.sh [--scenario three|four|both|run] [--runs N] [--cut-s 30] [--after-s 30]
#                             [--deadline-s 20] [--subnet 10.79.7] [--supernode-port PORT] [--run-dir DIR]
#   the supernode's port defaults to the first free one from 19091 on
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/script.sh"
source "$root/scripts/lib/build.sh"
source "$root/scripts/lib/cluster.sh"

scenario=both
runs=1
cut_s=30
after_s=30
deadline_s=20
subnet=10.79.7
sport=""
run_dir=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --scenario) scenario=${2:?}; shift 2 ;;
    --runs) runs=${2:?}; shift 2 ;;
    --cut-s) cut_s=${2:?}; shift 2 ;;
    --after-s) after_s=${2:?}; shift 2 ;;
    --deadline-s) deadline_s=${2:?}; shift 2 ;;
    --subnet) subnet=${2:?}; shift 2 ;;
    --supernode-port) sport=${2:?}; shift 2 ;;
    --run-dir) run_dir=${2:?}; shift 2 ;;
    -h|--help) show_help; exit 0 ;;
    *) echo "partition: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
case $scenario in three|four|both|run) ;; *) echo "partition: --scenario '$scenario' must be three, four, both or run" >&2; exit 2 ;; esac
for option in "--runs $runs" "--cut-s $cut_s" "--after-s $after_s" "--deadline-s $deadline_s"; do
  [[ ${option#* } =~ ^[0-9]+$ && ${option#* } -ge 1 ]] || {
    echo "partition: $option: must be a whole number of at least 1" >&2; exit 2; }
done
[[ $subnet =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "partition: --subnet '$subnet' must be three octets, e.g. 10.79.7" >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || { echo "partition: network namespaces need root" >&2; exit 2; }
command -v ip >/dev/null || { echo "partition: needs ip (Debian package iproute2)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "partition: needs python3 to read the ring's JSON" >&2; exit 2; }

tag=pt$$
bridge=${tag}br
namespaces=()
links=()
teardown() {
  cluster_stop
  local ns
  for ns in "${namespaces[@]}"; do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  done
  namespaces=()
  for link in "${links[@]}"; do ip link del "$link" 2>/dev/null || true; done
  links=()
}
on_exit teardown
on_exit print_run_dir

ensure_built
make_run_dir partition-
# A port no process listens on, on any address: a supernode elsewhere on this host that listens on
# all addresses would answer the nodes at the bridge's address.
sport=${sport:-$(free_ports 19091 1)}
program_java client
client_cmd=("${java_cmd[@]}")
watch_port=""

# ring_sizes N: one reading of the watcher's /ring.json, "SECONDS node1(19)=2 node2(51)=2
# node3(6)=1": when the ring was read (seconds since the epoch), then each node's ring size, the
# members its successor pointers lead through before they come back to it (or to a node met
# before); "nodeI=?" for a node that did not answer.
ring_sizes() {
  python3 - "$watch_port" "$subnet" "$1" <<'EOF'
import datetime, json, sys, urllib.request
port, subnet, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
try:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/ring.json", timeout=5) as r:
        ring = json.load(r)
    at = datetime.datetime.fromisoformat(ring["time"].replace("Z", "+00:00")).timestamp()
except (OSError, ValueError, KeyError):
    ring, at = {"members": []}, datetime.datetime.now().timestamp()
by_id = {m["id"]: m for m in ring.get("members", [])}
by_host = {m["host"]: m for m in ring.get("members", [])}
out = [f"{at:.3f}"]
for i in range(1, count + 1):
    m = by_host.get(f"{subnet}.1{i}")
    if m is None:
        out.append(f"node{i}=?")
        continue
    seen, step = [], m
    while step is not None and step["id"] not in seen:
        seen.append(step["id"])
        nxt = step.get("successors") or []
        step = by_id.get(nxt[0]) if nxt else None
    out.append(f"node{i}({m['id']})={len(seen)}")
print(" ".join(out))
EOF
}

# sizes N: the ring sizes of a fresh reading, without its time.
sizes() { local line; line=$(ring_sizes "$1"); echo "${line#* }"; }

# seconds_between A B: B - A, with one decimal.
seconds_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# whole LINE N: true when every node of the reading walks a ring of N.
whole() {
  local line=$1 count=$2 i
  for ((i = 1; i <= count; i++)); do
    [[ $line =~ node$i\([0-9]+\)=$count( |$) ]] || return 1
  done
}

# blackhole add|del NODE... -- NODE...: adds or removes blackhole routes between the two groups,
# both ways; the bridge and the supernode stay reachable from every node.
blackhole() {
  local action=$1 a b
  shift
  local left=() right=() side=left
  for a in "$@"; do
    if [[ $a == -- ]]; then side=right; continue; fi
    if [[ $side == left ]]; then left+=("$a"); else right+=("$a"); fi
  done
  for a in "${left[@]}"; do
    for b in "${right[@]}"; do
      ip -n "${tag}n$a" route "$action" blackhole "$subnet.1$b/32"
      ip -n "${tag}n$b" route "$action" blackhole "$subnet.1$a/32"
    done
  done
}

# start_cluster DIR N: the bridge, N namespaces with a node each (empty data folders), the
# supernode and the ring watcher on the host side; returns once the N nodes walk one ring.
start_cluster() {
  local dir=$1 count=$2
  mkdir -p "$dir"
  ip link add "$bridge" type bridge
  links+=("$bridge")
  ip addr add "$subnet.1/24" dev "$bridge"
  ip link set "$bridge" up
  : > "$dir/compute_node.txt"
  local i
  for ((i = 1; i <= count; i++)); do
    local ns=${tag}n$i
    ip netns add "$ns"
    namespaces+=("$ns")
    ip link add "${tag}v$i" type veth peer name "${tag}p$i"
    links+=("${tag}v$i")
    ip link set "${tag}p$i" netns "$ns"
    ip link set "${tag}v$i" master "$bridge" up
    ip -n "$ns" addr add "$subnet.1$i/24" dev "${tag}p$i"
    ip -n "$ns" link set "${tag}p$i" up
    ip -n "$ns" link set lo up
    echo "$subnet.1$i,$((5000 + i))" >> "$dir/compute_node.txt"
  done
  supernode_start "$dir" "$sport" --bind "$subnet.1"
  for ((i = 1; i <= count; i++)); do
    mkdir -p "$dir/host-$i/letters"
    program_start --in "${tag}n$i" "$dir/host-$i" "$dir/node-$i.log" computenode "$((5000 + i))" "$subnet.1" \
      "$sport" --data-dir letters
    wait_for_line "$dir/node-$i.log" "running on port" "$last_pid" "compute node $i"
  done

  # The watcher reads every node from the host side four times a second; each reading is
  # fetched from its /ring.json.
  watch_port=$(free_ports 18091 1)
  "${client_cmd[@]}" watch "$subnet.1" "$sport" --http "$watch_port" --interval-ms 250 > "$dir/watch.log" 2>&1 &
  pids+=($!)
  wait_for_line "$dir/watch.log" "http://" "${pids[-1]}" "the ring watcher"
  local line start=$SECONDS
  until line=$(sizes "$count") && whole "$line" "$count"; do
    if ((SECONDS - start > 60)); then echo "no ring of $count after 60 s: $line" >&2; return 1; fi
    sleep 0.5
  done
}

# await_whole LABEL N HEALED: prints the ring sizes every 5 s from HEALED (an $EPOCHREALTIME) on,
# until a printed reading shows every node walking the whole ring or --after-s pass, then the
# seconds to the first whole reading; returns 1 when there was none or it came after --deadline-s.
await_whole() {
  local label=$1 count=$2 healed=$3 next_print=0 whole_after="" elapsed at line
  while true; do
    read -r at line <<< "$(ring_sizes "$count")"
    # From healing to when the watcher read the ring.
    elapsed=$(seconds_between "$healed" "$at")
    if [[ -z $whole_after ]] && whole "$line" "$count"; then
      whole_after=$elapsed
    fi
    if ((${elapsed%.*} >= next_print)); then
      echo "$label: ${elapsed} s after healing: $line"
      next_print=$((${elapsed%.*} / 5 * 5 + 5))
      # Done once a printed reading shows the whole ring, or at the end of the watch.
      if whole "$line" "$count" || ((${elapsed%.*} >= after_s)); then
        break
      fi
    fi
    sleep 0.25
  done
  if [[ -z $whole_after ]]; then
    echo "$label: RESULT not one ring within $after_s s of healing"
    return 1
  fi
  echo "$label: RESULT one ring of $count within $whole_after s of healing"
  awk -v t="$whole_after" -v d="$deadline_s" 'BEGIN { exit !(t <= d) }' || {
    echo "$label: slower than the deadline of $deadline_s s" >&2; return 1; }
}

# experiment NAME N RUN CUT...: a fresh cluster of N nodes, the cut, the healing; prints the
# figures and returns 1 when the ring was not whole within the deadline.
experiment() {
  local name=$1 count=$2 run=$3
  shift 3
  local dir="$run_dir/$name-$run" line
  start_cluster "$dir" "$count" || return 1
  line=$(sizes "$count")
  echo "$name run $run: before the cut: $line"
  blackhole add "$@"
  local cut_at=$SECONDS
  echo "$name run $run: cut nodes ${*} apart for $cut_s s"
  sleep "$(((cut_s + 1) / 2))"
  echo "$name run $run: $((SECONDS - cut_at)) s into the cut: $(sizes "$count")"
  sleep "$((cut_s - (SECONDS - cut_at) > 0 ? cut_s - (SECONDS - cut_at) : 0))"
  echo "$name run $run: at the end of the cut ($((SECONDS - cut_at)) s): $(sizes "$count")"
  blackhole del "$@"
  await_whole "$name run $run" "$count" "$EPOCHREALTIME"
}

# federated RUN: three nodes, a ten-round run of the client (on the host side, with the project's
# shards, which its jobs carry) and node 3 cut from nodes 1 and 2 for --cut-s seconds from the
# start of round 3; prints the client's rounds and its final validation error.
federated() {
  local run=$1
  local dir="$run_dir/run-$run"
  start_cluster "$dir" 3 || return 1
  "${client_cmd[@]}" "$subnet.1" "$sport" --data-dir "$root/data/letters" --validate "$root/data/validate_letters.txt" \
    --rounds 10 --out "$dir/client-run" > "$dir/client.log" 2>&1 &
  local client=$!
  pids+=("$client")
  local wait_s=600
  wait_for_line "$dir/client.log" "^Round 2/10:" "$client" "the client" || return 1
  blackhole add 3 -- 1 2
  echo "run $run: round 3 started; cut nodes 3 -- 1 2 apart for $cut_s s: $(sizes 3)"
  sleep "$(((cut_s + 1) / 2))"
  echo "run $run: halfway through the cut: $(sizes 3)"
  sleep "$((cut_s / 2))"
  blackhole del 3 -- 1 2
  local status=0
  await_whole "run $run" 3 "$EPOCHREALTIME" || status=1
  wait "$client" || status=$?
  grep -E "^Round [0-9]+/10:|Final validation error" "$dir/client.log" | sed "s/^/run $run: /"
  echo "run $run: client exit status $status"
  return "$status"
}

failed=0
for ((run = 1; run <= runs; run++)); do
  if [[ $scenario == run ]]; then
    federated "$run" || failed=1
    teardown
  fi
  if [[ $scenario == three || $scenario == both ]]; then
    experiment three 3 "$run" 3 -- 1 2 || failed=1
    teardown
  fi
  if [[ $scenario == four || $scenario == both ]]; then
    experiment four 4 "$run" 1 2 -- 3 4 || failed=1
    teardown
  fi
done
exit "$failed"
