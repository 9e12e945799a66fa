#!/usr/bin/env bash
# Makes the class-data sharing archives of the three programs (target/dhtfl-MODULE.jsa beside each
# jar). The client module's package phase runs it once the three jars exist, so every build makes
# them: `mvn package`, `mvn verify` and the scripts' own build alike. A short real run records what
# each program loads: a supernode and one compute node on free loopback ports, and the client's
# reference job on three generated files; each JVM writes its archive when it exits. Later starts
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
generate_data "$work" --shards 3
sport=$(free_ports $((20000 + RANDOM % 40000)) 2)
nport=$((sport + 1))
echo "127.0.0.1,$nport" > "$work/compute_node.txt"

mapfile -t options < <(recording supernode)
program_start "${options[@]}" "$work" "$work/supernode.log" supernode --port "$sport" --nodes compute_node.txt
wait_for_line "$work/supernode.log" "supernode listening" "$last_pid" "the supernode"
mapfile -t options < <(recording computenode)
program_start "${options[@]}" "$work" "$work/node.log" computenode "$nport" 127.0.0.1 "$sport" \
  --data-dir "$work/data/letters"
wait_for_line "$work/node.log" "running on port" "$last_pid" "the compute node"
program_java client "-XX:ArchiveClassesAtExit=$work/client.jsa" "-Xlog:cds*=off"
if ! (cd "$work" && "${java_cmd[@]}" 127.0.0.1 "$sport" --data-dir "$work/data/letters" \
    --validate "$work/data/validate_letters.txt") > "$work/client.log" 2>&1; then
  echo "the recording run failed; its log ends with:" >&2
  tail -n 5 "$work/client.log" >&2
  exit 1
fi
cluster_stop
for module in supernode computenode client; do
  if [[ -s $work/$module.jsa ]]; then
    mv -f "$work/$module.jsa" "$(archive_of "$module")"
  else
    echo "no archive for the $module" >&2
  fi
done
