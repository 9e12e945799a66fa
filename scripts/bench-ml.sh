#!/usr/bin/env bash
# Benchmarks of ml-core's training speed.
#
# Builds ml-core's test classes, runs the JMH benchmarks in
# ml-core/src/test/java/org/dhtfl/ml/TrainerBenchmark.java and prints, each on its own line:
#   shard_500x250_ms   median of one 500-row shard, 250 epochs, early stop off, one thread
#   epoch_16500_ms     median of one epoch over 16,500 rows, as many threads as cores
#   layered_shard_256_128_ms  median of one 500-row shard, standardised, on a model of 256 and 128
#                      hidden units: 10 epochs of minibatches of 32 with Adam, one thread (the job
#                      of a round of --hidden 256,128 --batch 32 --optimizer adam --epochs 10)
#   gflops             multiply-add FLOPs of the shard training over its median time
#   dot_gflops         a plain one-accumulator double dot product, same run
# then trains one model on all shards of the data folder concatenated (per-row eta 0.05,
# 1,000 epochs, early stop off, all cores) and prints central_val_error and central_train_s.
#
# Usage: scripts/bench-ml.sh [--data DIR] [--forks N] [--warmups N] [--iterations N] [--only NAMES]
#                            [--no-central]
#   --data DIR   shard folder (default data/letters, the real data in the project);
#                validation is DIR/../validate_letters.txt. Without it the JMH part uses
#                random rows of the same shape and the centralized part is skipped.
#   --forks, --warmups, --iterations   JMH settings (default 2, 3 and 5 one-second iterations).
#   --only NAMES  only these benchmarks, by method name, '|'-separated (e.g. 'layeredShard|shard500x250')
#   --no-central  skip the centralized training
# The trainer runs with the Vector API (scripts/lib/build.sh's vector_opts, which the JMH forks
# inherit); DHTFL_JAVA_OPTS=-Ddhtfl.vector=false measures its plain Java fallback instead.
# Takes about two minutes on two cores.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source "$root/scripts/lib/script.sh"
source "$root/scripts/lib/build.sh"

data="data/letters"
jmh_args=()
central=1
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data="${2:?--data needs a folder}"; shift 2 ;;
    --forks|--warmups|--iterations) jmh_args+=("$1" "${2:?$1 needs a number}"); shift 2 ;;
    --only) jmh_args+=("$1" "${2:?--only needs benchmark names}"); shift 2 ;;
    --no-central) central=0; shift ;;
    -h|--help) show_help; exit 0 ;;
    *) echo "bench-ml.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done

classpath_file="$root/ml-core/target/bench-classpath.txt"
# Quiet build; its output (Maven's terminal codes included) is shown only when it fails.
if ! build_log=$(mvn -B -q -pl ml-core test-compile dependency:build-classpath \
    -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test 2>&1); then
  echo "$build_log" >&2
  exit 1
fi
classpath="$root/ml-core/target/test-classes:$root/ml-core/target/classes:$(cat "$classpath_file")"

echo "machine: $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), $(java -version 2>&1 | head -1)"
# Two cores leave no room for anything else: a build running alongside can double the times.
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
mapfile -t vector < <(vector_opts)
# shellcheck disable=SC2206 # DHTFL_JAVA_OPTS is a list of options, split on blanks
java_opts=("${vector[@]}" ${DHTFL_JAVA_OPTS:-})
java "${java_opts[@]}" -cp "$classpath" org.dhtfl.ml.bench.MlBenchmarks --data "$data" ${jmh_args[@]+"${jmh_args[@]}"}
if [[ $central -eq 1 ]]; then
  java "${java_opts[@]}" -cp "$classpath" org.dhtfl.ml.bench.CentralTraining --data "$data"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
