#!/usr/bin/env bash
# The three-node demo in one command: a supernode, compute nodes 5001, 5002 and 5003 (IDs 19, 51
# and 6), and the client, on this machine. Logs go to a run folder under runs/. Every process
# started here is stopped on exit, also on Ctrl-C or failure.
#
# The client enters the ring through the first node (5001, ID 19), so paths are the same every run.
#
# Usage: scripts/local-cluster.sh [--data DIR] [--validate FILE] [--files N] [--rounds R ...] [--run-dir DIR]
#                                 [--supernode-port PORT] [--nodes "5001 5002 5003"] [-- CLIENT_OPTIONS...]
#   without --data, a small deterministic data set is generated in the run folder;
#   --data DIR       shards in DIR, validation in DIR/../validate_letters.txt unless --validate
#   --files N        submit only the first N files
#   --rounds R       R rounds of federated averaging (model, report and plot go to the run folder);
#                    --epochs, --eta, --eta-per-row, --hidden, --seed, --model, --momentum,
#                    --no-early-stop, --min-fraction, --round-timeout-s, --strategy go to the client too
#   --tls            every party with mutual TLS and a key of its own (made in the run folder by
#                    scripts/tls-keys.sh); off by default, as the reference speaks plain Thrift
#   options after -- go to the client as they are
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/build.sh"
source "$root/scripts/lib/cluster.sh"

data=""
validate=""
files=""
run_dir=""
supernode_port=9091
node_ports="5001 5002 5003"
client_extra=()
use_tls=0

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --data) data=${2:?--data needs a folder}; shift 2 ;;
    --validate) validate=${2:?--validate needs a file}; shift 2 ;;
    --files) files=${2:?--files needs a number}; shift 2 ;;
    --run-dir) run_dir=${2:?--run-dir needs a folder}; shift 2 ;;
    --supernode-port) supernode_port=${2:?}; shift 2 ;;
    --nodes) node_ports=${2:?}; shift 2 ;;
    --rounds|--epochs|--eta|--hidden|--seed|--model|--momentum|--min-fraction|--round-timeout-s|--strategy)
      client_extra+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
    --eta-per-row|--no-early-stop) client_extra+=("$1"); shift ;;
    --tls) use_tls=1; shift ;;
    --) shift; client_extra+=("$@"); break ;;
    -h|--help) usage; exit 0 ;;
    *) echo "local-cluster: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
if [[ -n $files && ! $files =~ ^[0-9]+$ ]]; then
  echo "local-cluster: --files '$files' is not a number" >&2; exit 2
fi

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  cluster_stop
  [[ -n $run_dir ]] && echo "logs: $run_dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_built

make_run_dir ""
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
client_args=(127.0.0.1 "$supernode_port" --data-dir "$data" --validate "$validate" --entry "127.0.0.1:$first_port")
[[ -n $files ]] && client_args+=(--files "$files")
mapfile -t client_tls < <(tls_options client)
client_args+=("${client_tls[@]}")
[[ " ${client_extra[*]} " == *" --rounds "* ]] && client_args+=(--out "$run_dir")
echo "running the client"
set +e
java ${DHTFL_JAVA_OPTS:-} -jar "$(jar_of client)" "${client_args[@]}" "${client_extra[@]}" 2>&1 | tee "$run_dir/client.log"
status=${PIPESTATUS[0]}
set -e
exit "$status"
