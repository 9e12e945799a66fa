#!/usr/bin/env bash
# Runs the production Chord code on a seeded in-memory ring (see --help).
# Example: scripts/sim-ring.sh --nodes 1000 --bits 20 --seed 1 --crash 0.5
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/build.sh"
ensure_built
exec java -cp "$(module_tool_classpath computenode)" org.dhtfl.chord.sim.SimRingMain "$@"
