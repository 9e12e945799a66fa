#!/usr/bin/env bash
# Three compute nodes as three hosts: each in its own network namespace (ip netns, as root) with
# its own address and its own empty data folder. The supernode and the client run on the host
# side of a bridge, and only the client has the shards, so every job carries its file: a run
# that needs no shared filesystem. Everything made here (processes, namespaces, links) is
# removed on exit, also on Ctrl-C or failure.
#
# Usage: scripts/netns-cluster.sh [--data DIR] [--validate FILE] [--files N] [--rounds R]
#                                 [--subnet 10.77.0] [--run-dir DIR] [-- CLIENT_OPTIONS...]
#   without --data, a small data set is generated; --rounds defaults to 2
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/script.sh"
source "$root/scripts/lib/build.sh"
source "$root/scripts/lib/cluster.sh"

data=""
validate=""
files=""
rounds=2
subnet=10.77.0
run_dir=""
client_extra=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --data) data=${2:?}; shift 2 ;;
    --validate) validate=${2:?}; shift 2 ;;
    --files) files=${2:?}; shift 2 ;;
    --rounds) rounds=${2:?}; shift 2 ;;
    --subnet) subnet=${2:?}; shift 2 ;;
    --run-dir) run_dir=${2:?}; shift 2 ;;
    --) shift; client_extra=("$@"); break ;;
    -h|--help) show_help; exit 0 ;;
    *) echo "netns-cluster: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[[ $(id -u) -eq 0 ]] || { echo "netns-cluster: network namespaces need root" >&2; exit 2; }
command -v ip >/dev/null || { echo "netns-cluster: needs ip (Debian package iproute2)" >&2; exit 2; }

tag=dh$$
bridge=${tag}br
namespaces=()
# Removes the namespaces (and what still runs in them) and the bridge.
# shellcheck disable=SC2317 # run on exit (on_exit)
remove_network() {
  local ns
  for ns in "${namespaces[@]}"; do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  done
  ip link del "$bridge" 2>/dev/null || true
}
on_exit cluster_stop
on_exit remove_network
on_exit print_run_dir

ensure_built
make_run_dir netns-
use_data --shards 6
validate=${validate:-$data/../validate_letters.txt}

# The host side: a bridge with the supernode's address; one namespace per node, joined by a veth.
ip link add "$bridge" type bridge
ip addr add "$subnet.1/24" dev "$bridge"
ip link set "$bridge" up
: > "$run_dir/compute_node.txt"
for i in 1 2 3; do
  ns=${tag}n$i
  ip netns add "$ns"
  namespaces+=("$ns")
  ip link add "${tag}v$i" type veth peer name "${tag}p$i"
  ip link set "${tag}p$i" netns "$ns"
  ip link set "${tag}v$i" master "$bridge" up
  ip -n "$ns" addr add "$subnet.1$i/24" dev "${tag}p$i"
  ip -n "$ns" link set "${tag}p$i" up
  ip -n "$ns" link set lo up
  echo "$subnet.1$i,5001" >> "$run_dir/compute_node.txt"
done

echo "starting the supernode on $subnet.1:9091"
supernode_start "$run_dir" 9091 --bind "$subnet.1"
for i in 1 2 3; do
  mkdir -p "$run_dir/host-$i/letters"
  echo "starting compute node $subnet.1$i:5001 in namespace ${tag}n$i, with an empty data folder"
  program_start --in "${tag}n$i" "$run_dir/host-$i" "$run_dir/node-$i.log" computenode 5001 "$subnet.1" 9091 \
    --data-dir letters
  wait_for_line "$run_dir/node-$i.log" "running on port" "$last_pid" "compute node $i"
done

client_args=("$subnet.1" 9091 --data-dir "$data" --validate "$validate" --rounds "$rounds" --out "$run_dir")
[[ -n $files ]] && client_args+=(--files "$files")
echo "running the client on the host side; only it has the shards"
set +e
program_java client
"${java_cmd[@]}" "${client_args[@]}" "${client_extra[@]}" 2>&1 | tee "$run_dir/client.log"
status=${PIPESTATUS[0]}
set -e
exit "$status"
