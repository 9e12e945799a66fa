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

ensure_built() {
  local module
  for module in supernode computenode client; do
    if stale "$(jar_of "$module")"; then
      echo "building dhtfl (mvn -DskipTests package) ..." >&2
      # Maven's quiet mode still prints colour codes; they are dropped.
      (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests package 2>&1) | sed $'s/\x1b\[[0-9;]*m//g' >&2
      [[ ${PIPESTATUS[0]} -eq 0 ]] || { echo "the build failed" >&2; return 1; }
      return
    fi
  done
}

# The class path of a module's tools (fuzzer, load driver, ring simulator), which live with its
# tests, outside the product jar: its compiled test classes, then its jar.
tool_classpath() { echo "$root/$1/target/test-classes:$(jar_of "$1")"; }
