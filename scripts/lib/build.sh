# shellcheck shell=bash disable=SC2154 # root is set by the script that sources this
# Shared by the scripts: builds the runnable jars when they are missing or older than the sources.
# Sourced, not run. Expects $root to be the project root.

jar_of() { echo "$root/$1/target/dhtfl-$1.jar"; }

# True when some source or build file is newer than the jar (or the jar is missing). Test sources
# count: the tools run from target/test-classes are compiled by the same package build.
stale() {
  local jar=$1
  [[ -f $jar ]] || return 0
  [[ -n $(find "$root/pom.xml" "$root"/*/pom.xml "$root"/*/src/main "$root"/*/src/test "$root/thrift"/*.thrift \
      -newer "$jar" -type f -print -quit 2>/dev/null) ]]
}

# Builds the jars when they are stale. One build at a time: the README's four commands may start at
# the same moment, and four Maven builds in one target/ break each other. The first takes the lock
# (a folder, as mkdir is atomic everywhere) and builds; the others wait for it, then find the jars
# fresh. A lock whose owner died is taken over.
ensure_built() {
  # Set by the integration tests, which run the scripts on the jars the running build made.
  [[ -n ${DHTFL_NO_BUILD:-} ]] && return 0
  local lock=$root/.build-lock waited=0
  local deadline=$((SECONDS + ${DHTFL_BUILD_WAIT_S:-1800}))
  until mkdir "$lock" 2>/dev/null; do
    local owner
    owner=$(cat "$lock/pid" 2>/dev/null || true)
    if [[ -n $owner ]] && ! kill -0 "$owner" 2>/dev/null; then
      rm -rf "$lock"
      continue
    fi
    if [[ $waited -eq 0 ]]; then
      echo "waiting for the build another command started (process ${owner:-?}) ..." >&2
      waited=1
    fi
    if [[ $SECONDS -ge $deadline ]]; then
      echo "the build lock $lock is still held after ${DHTFL_BUILD_WAIT_S:-1800} s; remove it if no build runs" >&2
      return 1
    fi
    sleep 0.2
  done
  echo $$ > "$lock/pid"
  local status=0
  build_if_stale || status=$?
  rm -rf "$lock"
  return $status
}

build_if_stale() {
  local module
  for module in supernode computenode client; do
    if stale "$(jar_of "$module")"; then
      build_reactor
      return
    fi
  done
}

# The whole reactor, tests skipped: every module is built from this tree, so nothing is read from
# dhtfl artifacts in the local Maven repository (a fresh machine has none). The build makes the
# class-data archives too (make-cds.sh, run by the client module's package phase).
build_reactor() {
  echo "building dhtfl (mvn -DskipTests package) ..." >&2
  # Maven's quiet mode still prints colour codes; they are dropped.
  (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests package 2>&1) | sed $'s/\x1b\[[0-9;]*m//g' >&2
  [[ ${PIPESTATUS[0]} -eq 0 ]] || { echo "the build failed" >&2; return 1; }
}

# The archive of the classes a program loads (class-data sharing), made by make-cds.sh in each build.
archive_of() { local jar; jar=$(jar_of "$1"); echo "${jar%.jar}.jsa"; }

# The JVM options with which ml-core's trainer uses the Vector API, one per line: the incubator module
# (the JVM then prints "WARNING: Using incubator modules: jdk.incubator.vector" on stderr as it starts)
# and a trap limit that keeps C2 from giving up on the vector code (ml-core's VectorApi says why).
# Without them a program trains in plain Java: slower, with the same results. For the JVMs that
# train: the computenode and the tools built on ml-core (the client only validates, with C1 alone).
vector_opts() { printf "%s\n" "--add-modules=jdk.incubator.vector" "-XX:PerMethodTrapLimit=10000"; }

# A node's C2 thresholds, ten times (back-edges and invocations) and four times (both) the JVM's: the
# training kernels, whose loops run millions of times, are still compiled by C2 during the warm-up, but
# code run a few thousand times per round (the result's encoding, the file's parsing, the calls'
# handling) stays in C1 instead of being compiled, and compiled again after deoptimisations, by C2 during
# a client's first rounds, where it took half a second of a core at a time (reports/benchmarks.md,
# "The first job and the floor on a quiet machine").
node_jit_opts() {
  printf "%s\n" -XX:Tier4InvocationThreshold=50000 -XX:Tier4CompileThreshold=60000 -XX:Tier4BackEdgeThreshold=400000
}

# The JVM options a program runs with unless DHTFL_JAVA_OPTS says otherwise (it comes later on the
# command line, so its options win). Memory: each program is a JVM of its own, and students run
# 32 nodes on one laptop; a node gets at most 512 MB of heap (it needs far less: the whole data
# set is 2 MB), the serial collector (no collector threads, a small footprint; a node's heap is
# small and its pauses short) and 512 KB thread stacks. See the README, "Memory". A node trains with
# the Vector API and keeps C2 for its hottest code.
default_java_opts() {
  case $1 in
    computenode) printf '%s\n' -XX:+UseSerialGC -Xms16m -Xmx512m -Xss512k -XX:MaxMetaspaceSize=128m; vector_opts
      node_jit_opts ;;
    supernode) printf '%s\n' -XX:+UseSerialGC -Xms8m -Xmx256m -Xss512k -XX:MaxMetaspaceSize=128m ;;
    client) printf '%s\n' -XX:+UseSerialGC -Xss512k -XX:TieredStopAtLevel=1 ;;
  esac
}

# program_java MODULE [JVM_OPTION...]: sets the array java_cmd to the command that runs a program
# (supernode, computenode, client): java (DHTFL_JAVA when set, as the integration tests set it to the
# JVM that runs them), its default options, the JVM options given, the
# class-data archive when it is newer than the jar, DHTFL_JAVA_OPTS and -jar with the program's
# jar. The program's own arguments follow.
program_java() {
  local module=$1 jar archive
  shift
  jar=$(jar_of "$module")
  archive=$(archive_of "$module")
  mapfile -t java_cmd < <(default_java_opts "$module")
  java_cmd=("${DHTFL_JAVA:-java}" "${java_cmd[@]}" "$@")
  if [[ -z ${DHTFL_NO_CDS:-} && -f $archive && $archive -nt $jar ]]; then
    # Without the log option a Java 17 that cannot use the archive would say so on every start.
    java_cmd+=("-XX:SharedArchiveFile=$archive" "-Xlog:cds*=off")
  fi
  # shellcheck disable=SC2206 # DHTFL_JAVA_OPTS is a list of options, split on blanks
  java_cmd+=(${DHTFL_JAVA_OPTS:-} -jar "$jar")
}

# JVM options that tell a program where the project is (for its data) and whether a person watches
# its output (for the progress bar), so that this works where /proc is missing too.
program_opts() {
  local progress=none
  if [[ -t 1 ]]; then progress=stdout; elif [[ -t 2 ]]; then progress=stderr; fi
  printf "%s\n" "-Ddhtfl.home=$root" "-Ddhtfl.progress=$progress"
}

# The class path of system-tests' tools (attack, fuzz, load, the federated simulator, the scale
# report), which live with the tests, outside every program's jar: its compiled test classes, then the
# class path the build wrote beside them (system-tests/pom.xml).
tool_classpath() {
  local target=$root/system-tests/target
  [[ -s $target/test-classpath.txt ]] || { echo "$target/test-classpath.txt is missing: a build writes it" >&2; return 1; }
  echo "$target/test-classes:$(cat "$target/test-classpath.txt")"
}

# The class path of the tools that live in a program module's tests beside the code they drive (the
# Chord ring simulator in computenode, ml-core's benchmarks): its test classes, then its jar or classes.
module_tool_classpath() {
  local module=$1
  if [[ -f $(jar_of "$module") ]]; then
    echo "$root/$module/target/test-classes:$(jar_of "$module")"
  else
    echo "$root/$module/target/test-classes:$root/$module/target/classes"
  fi
}
