#!/usr/bin/env bash
# Makes the class-data sharing archives of the three programs (target/dhtfl-MODULE.jsa beside each
# jar). The client module's package phase runs it once the three jars exist, so every build makes
# them: `mvn package`, `mvn verify` and the scripts' own build alike. A short real run records what
# each program loads: a supernode and two compute nodes on free loopback ports (so that routing,
# replication and copy tokens run too), the client's reference job on six generated files, then a
# one-round federated run (recorded by the first node, not by the client); each JVM writes its
# archive when it exits. With one node and the reference job alone, a node loaded some 200 classes
# from its jar and the runtime (the structs of the calls between nodes, the security providers)
# during a client's first job. Later starts
# map those classes from the archive instead of reading, parsing and verifying them again (see
# reports/benchmarks.md, "Start"). Takes a few seconds.
#
# Usage: scripts/lib/make-cds.sh [--keep-going]
#   --keep-going   a failure prints why and exits 0: it costs only the archives (the programs
#                  start without them), never the build that runs this
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)

if [[ ${1:-} == --keep-going ]]; then
  "$0" || echo "no class-data archives made; the programs start without them" >&2
  exit 0
fi
source "$root/scripts/lib/script.sh"
source "$root/scripts/lib/build.sh"
source "$root/scripts/lib/cluster.sh"

work=$(mktemp -d)
on_exit cluster_stop
remove_work() { rm -rf "$work"; }
on_exit remove_work

# The JVM options with which a program records its classes into WORK/MODULE.jsa when it exits.
recording() { printf '%s\n' --jvm "-XX:ArchiveClassesAtExit=$work/$1.jsa" --jvm "-Xlog:cds*=off"; }

# Recorded without an archive: the programs started here (program.sh) read it from the environment.
export DHTFL_NO_CDS=1
echo "recording the classes each program loads (class-data sharing) ..."
generate_data "$work" --shards 6
sport=$(free_ports $((20000 + RANDOM % 40000)) 3)
nports=($((sport + 1)) $((sport + 2)))
printf '127.0.0.1,%s\n' "${nports[@]}" > "$work/compute_node.txt"

mapfile -t options < <(recording supernode)
program_start "${options[@]}" "$work" "$work/supernode.log" supernode --port "$sport" --nodes compute_node.txt
wait_for_line "$work/supernode.log" "supernode listening" "$last_pid" "the supernode"
# The first node records the archive; the second is there for the calls between nodes.
for n in 0 1; do
  if [[ $n -eq 0 ]]; then mapfile -t options < <(recording computenode); else options=(); fi
  program_start "${options[@]}" "$work" "$work/node-$n.log" computenode "${nports[$n]}" 127.0.0.1 "$sport" \
    --data-dir "$work/data/letters"
  wait_for_line "$work/node-$n.log" "running on port" "$last_pid" "compute node ${nports[$n]}"
done
# client_run LOG [OPTION...]: the client (as java_cmd has it) on the generated files; exits on failure.
client_run() {
  local log=$1
  shift
  if ! (cd "$work" && "${java_cmd[@]}" 127.0.0.1 "$sport" --data-dir "$work/data/letters" \
      --validate "$work/data/validate_letters.txt" "$@") > "$log" 2>&1; then
    echo "the recording run failed; its log ($log) ends with:" >&2
    tail -n 5 "$log" >&2
    exit 1
  fi
}
program_java client "-XX:ArchiveClassesAtExit=$work/client.jsa" "-Xlog:cds*=off"
client_run "$work/client.log"
# A federated round, for the nodes' archive only (the client's is the reference job's).
program_java client
client_run "$work/client-rounds.log" --rounds 1 --epochs 5 --out "$work/run"
cluster_stop
for module in supernode computenode client; do
  if [[ -s $work/$module.jsa ]]; then
    mv -f "$work/$module.jsa" "$(archive_of "$module")"
  else
    echo "no archive for the $module" >&2
  fi
done
