# Starting and stopping a local cluster, for the scripts. Sourced, not run; expects $root, and
# jar_of from build.sh. Every process started is recorded in pids and stopped by cluster_stop,
# which the caller's EXIT trap runs.

pids=()
wait_s=${DHTFL_WAIT_S:-60}
# When set, a folder made by scripts/tls-keys.sh: every party runs with TLS and a key of its own
# (supernode.p12, node-PORT.p12, client.p12).
tls_dir=""

# The TLS options of party NAME, or nothing when TLS is off.
tls_options() {
  [[ -n $tls_dir ]] || return 0
  printf '%s\n' --tls-keystore "$tls_dir/$1.p12" --tls-truststore "$tls_dir/truststore.p12" \
    --tls-password-file "$tls_dir/password"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The first free run of COUNT consecutive ports from FIRST on.
free_ports() {
  local first=$1 count=$2 port
  while true; do
    local busy=0
    for ((port = first; port < first + count; port++)); do
      if port_busy "$port"; then busy=1; break; fi
    done
    [[ $busy -eq 0 ]] && { echo "$first"; return; }
    first=$((port + 1))
  done
}

# Waits until the file has a line matching the pattern, the process is gone, or the deadline passes.
wait_for_line() {
  local file=$1 pattern=$2 pid=$3 what=$4
  local deadline=$((SECONDS + wait_s))
  until grep -q -- "$pattern" "$file" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$what exited; its log ($file) ends with:" >&2; tail -n 20 "$file" >&2; return 1
    fi
    if [[ $SECONDS -ge $deadline ]]; then
      echo "$what not ready after ${wait_s} s; see $file" >&2; return 1
    fi
    sleep 0.05
  done
}

# Writes the generated data set into RUN_DIR/data (letters/ and validate_letters.txt); extra
# arguments go to the generator (e.g. --shards 6).
generate_data() {
  local dir=$1
  shift
  java -cp "$(jar_of client)" org.dhtfl.client.data.GenerateData --out "$dir/data" "$@" > "$dir/generate.log"
}

# Makes the run folder (the one in run_dir, else runs/PREFIX<time>-<pid>) and sets run_dir to its
# absolute path.
make_run_dir() {
  run_dir=${run_dir:-$root/runs/$1$(date +%Y%m%d-%H%M%S)-$$}
  mkdir -p "$run_dir"
  run_dir=$(cd "$run_dir" && pwd)
  # A run folder given again is reused as a whole, as its logs are: the client refuses to start a
  # run in a folder that holds another run's state.
  rm -f "$run_dir"/{run.json,report.json,model.txt,validation-error.png}
}

# Sets data to the absolute path of the shard folder: the one in data, else a data set generated
# into the run folder (extra arguments go to the generator).
use_data() {
  if [[ -z $data ]]; then
    generate_data "$run_dir" "$@"
    data=$run_dir/data/letters
  fi
  [[ -d $data ]] || { echo "data folder $data does not exist" >&2; return 1; }
  data=$(cd "$data" && pwd)
}

# cluster_start RUN_DIR DATA_DIR SUPERNODE_PORT "NODE_PORTS" [node options...]
cluster_start() {
  local dir=$1 data=$2 sport=$3 ports=$4
  shift 4
  local port
  for port in $sport $ports; do
    if port_busy "$port"; then
      echo "port $port is in use; stop what uses it or choose other ports" >&2; return 1
    fi
  done
  : > "$dir/compute_node.txt"
  for port in $ports; do echo "127.0.0.1,$port" >> "$dir/compute_node.txt"; done
  echo "starting the supernode on port $sport"
  local tls
  mapfile -t tls < <(tls_options supernode)
  (cd "$dir" && program_java supernode "$(class_log "$dir" supernode)" && exec "${java_cmd[@]}" --port "$sport" \
    --nodes compute_node.txt "${tls[@]}") > "$dir/supernode.log" 2>&1 &
  pids+=($!)
  wait_for_line "$dir/supernode.log" "supernode listening" "${pids[-1]}" "the supernode"
  archive_use "$dir" supernode supernode
  for port in $ports; do
    echo "starting compute node $port"
    mapfile -t tls < <(tls_options "node-$port")
    (cd "$dir" && program_java computenode "$(class_log "$dir" "node-$port")" && exec "${java_cmd[@]}" "$port" \
      127.0.0.1 "$sport" --data-dir "$data" "${tls[@]}" "$@") > "$dir/node-$port.log" 2>&1 &
    pids+=($!)
    wait_for_line "$dir/node-$port.log" "running on port" "${pids[-1]}" "compute node $port"
    archive_use "$dir" "node-$port" computenode
  done
}

# The JVM option with which the program NAME logs where each class it loads comes from, into
# DIR/NAME.classes.log (read by archive_use).
class_log() { echo "-Xlog:class+load=info:file=\"$1/$2.classes.log\""; }

# archive_use DIR NAME MODULE: one line saying whether program NAME (a MODULE) runs with its
# class-data archive, from its DIR/NAME.classes.log: how many of the classes it loaded came from the
# archive ("shared objects file (top)" is the JVM's name for an archive given with
# -XX:SharedArchiveFile), or why none did.
archive_use() {
  local log=$1/$2.classes.log name=$2 module=$3 archive total shared
  archive=$(archive_of "$module")
  total=$(grep -c ' source: ' "$log" 2>/dev/null) || true
  shared=$(grep -c ' source: shared objects file (top)$' "$log" 2>/dev/null) || true
  if [[ ${shared:-0} -gt 0 ]]; then
    echo "$name: class-data archive ${archive#"$root"/} in use, ${shared} of ${total} classes from it"
  elif [[ -n ${DHTFL_NO_CDS:-} ]]; then
    echo "$name: no class-data archive (DHTFL_NO_CDS is set)"
  elif [[ ! -f $archive ]]; then
    echo "$name: no class-data archive (${archive#"$root"/} is missing; a build makes it)"
  elif [[ ! $archive -nt $(jar_of "$module") ]]; then
    echo "$name: no class-data archive (${archive#"$root"/} is older than the jar; a build makes it anew)"
  else
    echo "$name: the JVM did not use the class-data archive ${archive#"$root"/} (made by another Java?)"
  fi
}

# Stops every recorded process: SIGTERM (nodes leave the ring), then SIGKILL after 10 s.
cluster_stop() {
  if [[ ${#pids[@]} -gt 0 ]]; then
    kill -TERM "${pids[@]}" 2>/dev/null || true
    local deadline=$((SECONDS + 10))
    while [[ $SECONDS -lt $deadline ]] && kill -0 "${pids[@]}" 2>/dev/null; do sleep 0.1; done
    kill -KILL "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
    pids=()
  fi
}
