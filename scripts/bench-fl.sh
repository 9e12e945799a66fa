#!/usr/bin/env bash
# Federated strategies compared, in the in-process federated simulator
# (system-tests/src/test/java/org/dhtfl/systest/tools/flsim): the client's strategies and ml-core's trainer, no ring.
#
# The 16,500 training rows (data/letters, the 33 shards in name order) in four splits of 33 files:
#   iid            the reference's shards, data/letters
#   dirichlet-0.5  client split --shards 33 --alpha 0.5 --seed 1
#   dirichlet-0.1  client split --shards 33 --alpha 0.1 --seed 1
#   sorted         client split --shards 33 --sorted: sorted by label (stable), cut in order into 33 files
#                  of 500 rows (McMahan et al. 2017)
# Every strategy below, ten rounds from the reference's start weights and training settings (the
# 'half step' lines: the nodes' step halved, --eta 5e-5 --momentum 0.85, fedavgm's default; see the report); then,
# on the IID shards, the same with 3 of the 33 results replaced in every round by their change
# times -10. Writes reports/federated-strategies-results.md (tables), reports/federated-strategies.csv
# (every curve) and reports/federated-strategies.png (one panel per split), and checks that FedAvg
# ends at 21.69% on the IID shards, as `client --rounds 10` does.
#
# Usage: scripts/bench-fl.sh [--configs-only] [--splits iid,sorted] [--no-poison] [--prefix NAME]
#                            [--rounds 10] [--threads N] [--config 'LABEL=CLIENT OPTIONS' ...]
#   --config        adds a strategy to the list, as client options (e.g. 'fedavgm-0.9=--strategy fedavgm
#                   --server-momentum 0.9'), the nodes' training options (--epochs, --eta, --eta-per-row,
#                   --momentum, --no-early-stop) included; the simulator also takes --calibrate-head MODE (see
#                   system-tests/src/test/java/org/dhtfl/systest/tools/flsim/HeadCalibration.java)
#   --configs-only  runs the --config strategies alone, without the list below
#   --splits        the splits to run, of iid, dirichlet-0.5, dirichlet-0.1, sorted (default: all)
#   --no-poison     leaves out the poisoning experiment
#   --prefix NAME   writes reports/NAME-results.md, NAME.csv and NAME.png (default: federated-strategies)
# Takes about 15 minutes on two cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/script.sh"
source "$root/scripts/lib/build.sh"
if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  show_help
  exit 0
fi
ensure_built
cd "$root"

configs_only=""
splits="iid,dirichlet-0.5,dirichlet-0.1,sorted"
poison=(--poison-split iid --poisoned 3 --poison-scale 10)
prefix=federated-strategies
extra=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --configs-only) configs_only=1; shift ;;
    --splits) splits=${2:?--splits needs a list}; shift 2 ;;
    --no-poison) poison=(); shift ;;
    --prefix) prefix=${2:?--prefix needs a name}; shift 2 ;;
    --config) extra+=(--config "${2:?--config needs LABEL=OPTIONS}"); shift 2 ;;
    *) extra+=("$1"); shift ;;
  esac
done

work=$(mktemp -d)
remove_work() { rm -rf "$work"; }
on_exit remove_work
classpath=$(tool_classpath)

mapfile -t shards < <(cd data/letters && find . -maxdepth 1 -type f | sed 's|^\./||' | LC_ALL=C sort)
(cd data/letters && cat "${shards[@]}") > "$work/train.txt"
for alpha in 0.5 0.1; do
  java -cp "$classpath" org.dhtfl.client.ClientMain split "$work/train.txt" --shards 33 --alpha $alpha --seed 1 \
    --out "$work/dirichlet-$alpha" > /dev/null
done
java -cp "$classpath" org.dhtfl.client.ClientMain split "$work/train.txt" --shards 33 --sorted --out "$work/sorted" \
  > /dev/null

configs=(
  'fedavg='
  'fedavgm, reference step=--strategy fedavgm --eta 1e-4 --momentum 0.7'
  'fedadam=--strategy fedadam'
  'fedyogi=--strategy fedyogi'
  'fedprox=--strategy fedprox'
  'median=--strategy median'
  'trimmed-mean=--strategy trimmed-mean'
  'krum=--strategy krum --byzantine 3'
  'multi-krum=--strategy multi-krum --byzantine 3'
  'median+momentum=--strategy median --server-optimizer momentum'
  'trimmed-mean+momentum=--strategy trimmed-mean --server-optimizer momentum'
  'fedavg, fraction 0.3=--fraction 0.3'
  'fedavgm, reference step, calibrated=--strategy fedavgm --eta 1e-4 --momentum 0.7 --calibrate-head select-best'
  'fedavg, half step=--eta 5e-5 --momentum 0.85'
  'fedavgm (its default: half step)=--strategy fedavgm'
  'fedavgm, calibrated=--strategy fedavgm --calibrate-head select-best'
)
args=()
if [[ -z $configs_only ]]; then
  for config in "${configs[@]}"; do args+=(--config "$config"); done
fi
declare -A dirs=([iid]=data/letters [dirichlet-0.5]=$work/dirichlet-0.5 [dirichlet-0.1]=$work/dirichlet-0.1
  [sorted]=$work/sorted)
IFS=, read -ra chosen <<< "$splits"
for split in "${chosen[@]}"; do
  [[ -n ${dirs[$split]:-} ]] || { echo "unknown split $split (iid, dirichlet-0.5, dirichlet-0.1, sorted)" >&2; exit 2; }
  args+=(--split "$split=${dirs[$split]}")
done

mapfile -t vector < <(vector_opts)
java "${vector[@]}" -cp "$classpath" org.dhtfl.systest.tools.flsim.FlBenchMain --validate data/validate_letters.txt "${poison[@]}" \
  "${args[@]}" "${extra[@]}" --table "reports/$prefix-results.md" --csv "reports/$prefix.csv" \
  --plot "reports/$prefix.png"

fedavg=$(awk -F, '$1 == "iid" && $2 == "fedavg" && $3 == "false" && $4 == 10 { printf "%.2f", 100 * $5 }' \
  "reports/$prefix.csv")
if [[ -n $fedavg && $fedavg != 21.69 ]]; then
  echo "check failed: FedAvg on the IID shards ends at $fedavg%, the client's --rounds 10 at 21.69%" >&2
  exit 1
fi
[[ -n $fedavg ]] && echo "check: FedAvg on the IID shards after 10 rounds: $fedavg% (the client's --rounds 10: 21.69%)"
