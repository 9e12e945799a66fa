#!/usr/bin/env bash
# The three-node demo in one command: a supernode, compute nodes 5001, 5002 and 5003 (IDs 19, 51
# and 6), and the client, on this machine. Logs go to a run folder under runs/. Every process
# started here is stopped on exit, also on Ctrl-C or failure.
#
# The client enters the ring through the first node (5001, ID 19), so paths are the same every run.
#
# Usage: scripts/local-cluster.sh [--data DIR | --generated] [--validate FILE] [--run-dir DIR]
#                                 [--supernode-port PORT] [--nodes "5001 5002 5003"] [--tls]
#                                 [--watch | --watch-port PORT] [--virtual V] [CLIENT_OPTIONS...]
#   without --data, the real letters data of the project (data/letters, 33 shards): 41.09%
#   --data DIR       shards in DIR, validation in DIR/../validate_letters.txt unless --validate
#   --generated      a small deterministic data set generated into the run folder instead
#   --tls            every party with mutual TLS and a key of its own (made in the run folder by
#                    scripts/tls-keys.sh); off by default, as the reference speaks plain Thrift
#   --watch          serve the live page of the ring and the run on http://127.0.0.1:8080/ (the URL
#                    is printed); it stays after the run, and the cluster with it, until Ctrl-C
#   --watch-port P   the same on port P
#   --virtual V      each node holds V positions on the ring (computenode --virtual), on its port
#                    and the ports 100, 200, ... above it, all in the admission list; not with --tls
#   every other option goes to the client as it is (see scripts/client --help), e.g. --files N,
#   --rounds R with --epochs, --init, --strategy ...; with --rounds the run's folder (model,
#   report.json, plot, run.json) is the run folder unless --out says otherwise; -- ends the
#   script's own options
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/script.sh"
source "$root/scripts/lib/build.sh"
source "$root/scripts/lib/cluster.sh"

data=$root/data/letters
generated=0
validate=""
run_dir=""
supernode_port=9091
node_ports="5001 5002 5003"
client_extra=()
use_tls=0
watch_port=""

while [[ $# -gt 0 ]]; do
  case $1 in
    --data) data=${2:?--data needs a folder}; shift 2 ;;
    --generated) generated=1; shift ;;
    --validate) validate=${2:?--validate needs a file}; shift 2 ;;
    --run-dir) run_dir=${2:?--run-dir needs a folder}; shift 2 ;;
    --supernode-port) supernode_port=${2:?}; shift 2 ;;
    --nodes) node_ports=${2:?}; shift 2 ;;
    --tls) use_tls=1; shift ;;
    --watch) watch_port=${watch_port:-8080}; shift ;;
    --watch-port) watch_port=${2:?--watch-port needs a port}; shift 2 ;;
    --virtual) virtual_positions=${2:?--virtual needs a count}; shift 2 ;;
    --) shift; client_extra+=("$@"); break ;;
    -h|--help) show_help; exit 0 ;;
    *) client_extra+=("$1"); shift ;;
  esac
done
[[ $generated -eq 1 ]] && data=""

on_exit cluster_stop
on_exit print_run_dir

if [[ -n $watch_port ]] && port_busy "$watch_port"; then
  echo "port $watch_port of the live page is in use; choose another with --watch-port" >&2; exit 1
fi

if [[ $use_tls -eq 1 && $virtual_positions -gt 1 ]]; then
  echo "--virtual cannot run with --tls: a node certificate names one port, a position serves on its own" >&2; exit 2
fi

ensure_built

make_run_dir ""
# shellcheck disable=SC2119 # no generator options: the default generated data set
use_data
validate=${validate:-$data/../validate_letters.txt}
[[ -f $validate ]] || { echo "local-cluster: validation file $validate does not exist" >&2; exit 1; }

if [[ $use_tls -eq 1 ]]; then
  node_names=()
  for port in $node_ports; do node_names+=("node-$port"); done
  "$root/scripts/tls-keys.sh" "$run_dir/tls" supernode client "${node_names[@]}" > /dev/null
  tls_dir=$run_dir/tls
  echo "TLS on: keys in $tls_dir"
fi
cluster_start "$run_dir" "$data" "$supernode_port" "$node_ports"

first_port=${node_ports%% *}
client_args=(127.0.0.1 "$supernode_port" --entry "127.0.0.1:$first_port")
# A resumed run keeps the data and folder it recorded.
[[ " ${client_extra[*]} " != *" --resume "* ]] && client_args+=(--data-dir "$data" --validate "$validate")
mapfile -t client_tls < <(tls_options client)
client_args+=("${client_tls[@]}")
if [[ " ${client_extra[*]} " == *" --rounds "* && " ${client_extra[*]} " != *" --out "*
      && " ${client_extra[*]} " != *" --resume "* ]]; then
  client_args+=(--out "$run_dir")
fi
if [[ -n $watch_port ]]; then
  client_args+=(--http "$watch_port")
  echo "the live page: http://127.0.0.1:$watch_port/ (it stays after the run; Ctrl-C ends it and the cluster)"
fi
# The client's output goes through tee into the log; its progress bar is drawn on this script's
# terminal (descriptor 3) when a person watches one, and left out of the log.
progress=none
[[ -t 2 ]] && progress=/dev/fd/3
echo "running the client"
set +e
program_java client "-Ddhtfl.progress=$progress" "$(class_log "$run_dir" client)"
"${java_cmd[@]}" "${client_args[@]}" "${client_extra[@]}" \
  3>&2 2>&1 | tee "$run_dir/client.log"
status=${PIPESTATUS[0]}
set -e
archive_use "$run_dir" client client
exit "$status"
