#!/usr/bin/env bash
# Simulated ring benchmark: mean lookup hops for N = 8..1024 (table, and a plot in
# reports/ring-hops.png), and repair of a 1,000-node ring after 10%, 25% and 50% crash at once.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/build.sh"
ensure_built
cd "$root"
exec java -cp "$(module_tool_classpath computenode)" org.dhtfl.chord.sim.RingBenchMain "$@"
