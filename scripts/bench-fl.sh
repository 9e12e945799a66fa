#!/usr/bin/env bash
# Federated strategies compared (issue 12), in the in-process federated simulator
# (client/src/test/java/org/dhtfl/client/sim): the client's strategies and ml-core's trainer, no ring.
#
# The 16,500 training rows (data/letters, the 33 shards in name order) in four splits of 33 files:
#   iid            the reference's shards, data/letters
#   dirichlet-0.5  client split --shards 33 --alpha 0.5 --seed 1
#   dirichlet-0.1  client split --shards 33 --alpha 0.1 --seed 1
#   sorted         sorted by label (stable), cut in order into 33 files of 500 rows (McMahan et al. 2017)
# Every strategy below, ten rounds from the reference's start weights and training settings; then,
# on the IID shards, the same with 3 of the 33 results replaced in every round by their change
# times -10. Writes reports/federated-strategies-results.md (tables), reports/federated-strategies.csv
# (every curve) and reports/federated-strategies.png (one panel per split), and checks that FedAvg
# ends at 21.69% on the IID shards, as `client --rounds 10` does.
#
# Usage: scripts/bench-fl.sh [--rounds 10] [--threads N] [--config 'LABEL=CLIENT OPTIONS' ...]
#   --config adds a strategy to the list (e.g. 'fedavgm-0.9=--strategy fedavgm --server-momentum 0.9').
# Takes about 15 minutes on two cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/build.sh"
if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
  exit 0
fi
ensure_built
cd "$root"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
classpath=$(tool_classpath client)

mapfile -t shards < <(LC_ALL=C ls data/letters | LC_ALL=C sort)
(cd data/letters && cat "${shards[@]}") > "$work/train.txt"
for alpha in 0.5 0.1; do
  java -cp "$classpath" org.dhtfl.client.ClientMain split "$work/train.txt" --shards 33 --alpha $alpha --seed 1 \
    --out "$work/dirichlet-$alpha" > /dev/null
done
mkdir "$work/sorted"
LC_ALL=C sort -t, -k17,17n -s "$work/train.txt" | split -l 500 -d -a 2 - "$work/sorted/shard-"

configs=(
  'fedavg='
  'fedavgm=--strategy fedavgm'
  'fedadam=--strategy fedadam'
  'fedyogi=--strategy fedyogi'
  'median=--strategy median'
  'trimmed-mean=--strategy trimmed-mean'
  'krum=--strategy krum --byzantine 3'
  'multi-krum=--strategy multi-krum --byzantine 3'
  'median+momentum=--strategy median --server-optimizer momentum'
  'trimmed-mean+momentum=--strategy trimmed-mean --server-optimizer momentum'
  'fedavg, fraction 0.3=--fraction 0.3'
)
args=()
for config in "${configs[@]}"; do args+=(--config "$config"); done

java -cp "$classpath" org.dhtfl.client.sim.FlBenchMain --validate data/validate_letters.txt \
  --split iid=data/letters --split "dirichlet-0.5=$work/dirichlet-0.5" --split "dirichlet-0.1=$work/dirichlet-0.1" \
  --split "sorted=$work/sorted" --poison-split iid --poisoned 3 --poison-scale 10 "${args[@]}" \
  --table reports/federated-strategies-results.md --csv reports/federated-strategies.csv \
  --plot reports/federated-strategies.png "$@"

fedavg=$(awk -F, '$1 == "iid" && $2 == "fedavg" && $3 == "false" && $4 == 10 { printf "%.2f", 100 * $5 }' \
  reports/federated-strategies.csv)
if [[ -n $fedavg && $fedavg != 21.69 ]]; then
  echo "check failed: FedAvg on the IID shards ends at $fedavg%, the client's --rounds 10 at 21.69%" >&2
  exit 1
fi
[[ -n $fedavg ]] && echo "check: FedAvg on the IID shards after 10 rounds: $fedavg% (the client's --rounds 10: 21.69%)"
