#!/usr/bin/env bash
# Runs one of the programs (supernode, computenode, client) as every script runs it: java with the
# program's default options, the JVM options given, its class-data archive when it is fresh,
# DHTFL_JAVA_OPTS and -jar with its runnable jar (program_java in build.sh). The process becomes the
# JVM itself, so its id is the program's. Builds nothing: the scripts in scripts/ build first, and the
# integration tests (system-tests' LocalCluster) run it on the jars their build made.
#
# Usage: scripts/lib/program.sh MODULE [JVM_OPTION...] -- [ARGUMENT...]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/scripts/lib/build.sh"

module=${1:?program.sh needs a program: supernode, computenode or client}
shift
jvm=()
while [[ $# -gt 0 && $1 != -- ]]; do
  jvm+=("$1")
  shift
done
[[ $# -gt 0 ]] && shift
program_java "$module" "${jvm[@]}"
exec "${java_cmd[@]}" "$@"
