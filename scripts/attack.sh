#!/usr/bin/env bash
# Attacks on live processes: each runs against a cluster of its own on this machine (a
# supernode and three nodes with 256 MB heaps, on free ports) and prints `NAME: held` or
# `NAME: broken (what happened)`; then the fuzzer's malformed cases against a supernode and a node;
# last `attacks: N, held: N`. Exits 0 when every attack was held.
#
#   declared-size-flood  64 connections, each declaring a 16,000,000-byte method name
#   idle-connections     70 silent connections held to one node for 20 s, the ring walked meanwhile
#   planted-results      store_replica and take_over of forged results for every file of later rounds,
#                        by a local process that is no member, during a three-round run
#   planted-jobs         submit_job of rounds 2-3 of a running client's run, its id read from
#                        get_ring_state, every file's rows relabelled as one class, by a local process
#   metrics-on-every-interface  a node's --metrics-port reached on an address other than 127.0.0.1
#   page-for-another-domain     the live page asked for the ring with another site's Host header
#                               (DNS rebinding)
#   watch-fan-out        a node naming 4,032 invented addresses, given to the live page as its entry
#   watch-malformed-state  a node naming more fingers than the ring has bits, as the page's entry
#   tls-handshake-drip   with TLS, a dead node's port taken by a listener that drips its handshake
#   element-flood        64 connections, each 1 MB of a take_over whose list declares 10^6 empty structs
#   budget-kept-full     for 45 s, declarations of ever smaller messages never sent; the ring meanwhile
#                        and a minute later
#   join-squatter        a local process asking every 50 ms to join as a listed port, never confirming,
#                        while the real node of that port and another listed node start
#   renew-to-any-id      a local process renewing a member's membership under a free ID
#   pointer-from-non-member  a member that lies: a local process admitted for a listed port names an
#                        unadmitted node as its predecessor and successor to the node before it
#   held-without-secret  after a run, a local process reads each key get_ring_state shows from every node
#                        with held, the nodes' own read, without the run's secret
#   queue-hog            a local process's own run keeps the nodes' job queues full of costly jobs while a
#                        client's run goes on
#   query-hog            a local process's own run keeps one owner's query places busy with 16 threads of
#                        near-limit score_models queries; another run's small query meanwhile
#   replica-overwrite    a lying member, a node's predecessor, has it keep a forged copy of its own result
#   weight-change-1e6    a lying member answers its keys' jobs with a change of 10^6 per weight, in a run
#   cost-at-submit       200 jobs far too costly, with start weights, submitted during a three-round run
#   compact-rows-bomb    16 jobs of under 200 bytes whose compact start weights declare 2^31 rows of no values
#   query-bound          24 score_models of 10^9 multiply-adds each at once to one node: its pings, the ring
#   membership-write-storm  8 threads renewing and removing members for 5 s: file writes, get_members' time
#   key-file-modes       scripts/tls-keys.sh, command lines read meanwhile: the CA key's place, password, mode
#   fuzzer               scripts/fuzz.sh: no crash, no hang
#
# Usage: scripts/attack.sh [--only NAME,NAME] [--dir DIR]
# Takes about nine minutes on a quiet two-core machine; each attack prints how long it took.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/script.sh"
source "$root/scripts/lib/build.sh"

only=""
dir=$root/runs/attack-$(date +%Y%m%d-%H%M%S)-$$
while [[ $# -gt 0 ]]; do
  case $1 in
    --only) only=${2:?--only needs names}; shift 2 ;;
    --dir) dir=${2:?--dir needs a folder}; shift 2 ;;
    -h|--help) show_help; exit 0 ;;
    *) echo "attack: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
ensure_built

java_only=""
run_fuzzer=1
if [[ -n $only ]]; then
  java_only=$(tr ',' '\n' <<< "$only" | grep -v '^fuzzer$' | paste -sd, || true)
  [[ ",$only," == *",fuzzer,"* ]] || run_fuzzer=0
fi

attacks=0
held=0
if [[ -z $only || -n $java_only ]]; then
  # The attacks use the integration tests' cluster (system-tests' LocalCluster), whose class path the
  # build writes (system-tests/pom.xml), so a missing one means a build is due.
  classpath_file=$root/system-tests/target/test-classpath.txt
  if [[ ! -s $classpath_file || $classpath_file -ot $root/system-tests/pom.xml ]]; then
    build_reactor || exit 1
  fi
  mkdir -p "$(dirname "$dir")"
  set +e
  java -Dbasedir="$root/system-tests" -cp "$(tool_classpath)" org.dhtfl.systest.tools.attack.AttackMain --dir "$dir" ${java_only:+--only "$java_only"} | tee "$dir.log"
  set -e
  attacks=$(sed -n 's/^attacks: \([0-9]*\), held: \([0-9]*\)$/\1/p' "$dir.log")
  held=$(sed -n 's/^attacks: \([0-9]*\), held: \([0-9]*\)$/\2/p' "$dir.log")
  if [[ -z $attacks ]]; then
    echo "attack-driver: broken (it ended without its total; see above)"
    attacks=1
    held=0
  fi
fi

if [[ $run_fuzzer -eq 1 ]]; then
  attacks=$((attacks + 1))
  fuzz_out=$("$root/scripts/fuzz.sh" --cases 50 2>&1 || true)
  crashes=$(sed -n 's/^crashes:* *\([0-9]*\).*/\1/p' <<< "$fuzz_out" | head -n 1)
  hangs=$(sed -n 's/^hangs:* *\([0-9]*\).*/\1/p' <<< "$fuzz_out" | head -n 1)
  if [[ ${crashes:-x} == 0 && ${hangs:-x} == 0 ]]; then
    echo "fuzzer: held"
    held=$((held + 1))
  else
    echo "fuzzer: broken (crashes ${crashes:-?}, hangs ${hangs:-?})"
  fi
fi
echo "total: attacks: $attacks, held: $held"
[[ $attacks -eq $held ]]
