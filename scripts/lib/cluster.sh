# shellcheck shell=bash disable=SC2154 # root is set by the script that sources this
# Starting and stopping a local cluster: the one way every script and the integration tests start
# the programs. Each program runs through scripts/lib/program.sh (java with the options of
# program_java in build.sh), which system-tests' LocalCluster calls as well; the functions here add
# the cluster's layout (compute_node.txt, DIR/NAME.log, DIR/NAME.classes.log) and its waits. Sourced,
# not run; expects $root and build.sh. Every process started is recorded in pids and stopped by
# cluster_stop, which the caller runs on exit (on_exit cluster_stop, script.sh).

pids=()
wait_s=${DHTFL_WAIT_S:-60}
# When set, a folder made by scripts/tls-keys.sh: every party runs with TLS and a key of its own
# (supernode.p12, node-PORT.p12, client.p12).
tls_dir=""
# Positions each node of cluster_start holds on the ring (computenode --virtual), its ports PORT,
# PORT + step, ... (--virtual-port-step); every one is in the admission list.
virtual_positions=1
virtual_port_step=100

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

# program_start [--jvm OPTION]... [--in NAMESPACE] DIR LOG MODULE [ARGUMENT...]: starts a program
# (supernode, computenode, client) in the background, in folder DIR, its output in LOG, with the JVM
# options given; --in runs it in that network namespace (ip netns exec). Records its process, the
# JVM itself, in pids and last_pid.
program_start() {
  local jvm=() prefix=()
  while [[ $# -gt 0 ]]; do
    case $1 in
      --jvm) jvm+=("$2"); shift 2 ;;
      --in) prefix=(ip netns exec "$2"); shift 2 ;;
      *) break ;;
    esac
  done
  local dir=$1 log=$2 module=$3
  shift 3
  (cd "$dir" && exec "${prefix[@]}" "$root/scripts/lib/program.sh" "$module" "${jvm[@]}" -- "$@") > "$log" 2>&1 &
  pids+=($!)
  last_pid=$!
}

# admission_list DIR HOST,PORT...: writes DIR/compute_node.txt, the supernode's admission list.
admission_list() {
  local dir=$1
  shift
  : > "$dir/compute_node.txt"
  [[ $# -eq 0 ]] || printf '%s\n' "$@" > "$dir/compute_node.txt"
}

# supernode_start DIR PORT [OPTION...]: the supernode on PORT, admitting DIR/compute_node.txt, its
# output in DIR/supernode.log and its classes in DIR/supernode.classes.log; returns once it listens.
supernode_start() {
  local dir=$1 port=$2
  shift 2
  local tls
  mapfile -t tls < <(tls_options supernode)
  program_start --jvm "$(class_log "$dir" supernode)" "$dir" "$dir/supernode.log" supernode --port "$port" \
    --nodes compute_node.txt "${tls[@]}" "$@"
  wait_for_line "$dir/supernode.log" "supernode listening" "$last_pid" "the supernode"
}

# node_start DIR PORT SUPERNODE_PORT DATA_DIR [OPTION...]: a compute node on 127.0.0.1:PORT joining the
# supernode on 127.0.0.1:SUPERNODE_PORT, its output in DIR/node-PORT.log; does not wait (node_await).
node_start() {
  local dir=$1 port=$2 sport=$3 data=$4
  shift 4
  local tls
  mapfile -t tls < <(tls_options "node-$port")
  program_start --jvm "$(class_log "$dir" "node-$port")" "$dir" "$dir/node-$port.log" computenode "$port" \
    127.0.0.1 "$sport" --data-dir "$data" "${tls[@]}" "$@"
}

# node_await DIR PORT PID: returns once the node on PORT has joined and serves.
node_await() { wait_for_line "$1/node-$2.log" "running on port" "$3" "compute node $2"; }

# The ports of the positions of the node on PORT: PORT alone unless virtual_positions is above 1.
position_ports() {
  local k
  for ((k = 0; k < virtual_positions; k++)); do echo $(($1 + k * virtual_port_step)); done
}

# cluster_start RUN_DIR DATA_DIR SUPERNODE_PORT "NODE_PORTS" [node options...]: the supernode, then
# each node in turn once the one before it serves (all its positions), each with a line saying
# whether it runs with its class-data archive.
cluster_start() {
  local dir=$1 data=$2 sport=$3 ports=$4
  shift 4
  local port all_ports=() virtual=()
  for port in $ports; do mapfile -t -O "${#all_ports[@]}" all_ports < <(position_ports "$port"); done
  for port in $sport "${all_ports[@]}"; do
    if port_busy "$port"; then
      echo "port $port is in use; stop what uses it or choose other ports" >&2; return 1
    fi
  done
  local listed=()
  for port in "${all_ports[@]}"; do listed+=("127.0.0.1,$port"); done
  admission_list "$dir" "${listed[@]}"
  if [[ $virtual_positions -gt 1 ]]; then
    virtual=(--virtual "$virtual_positions" --virtual-port-step "$virtual_port_step")
  fi
  echo "starting the supernode on port $sport"
  supernode_start "$dir" "$sport"
  archive_use "$dir" supernode supernode
  for port in $ports; do
    echo "starting compute node $port"
    node_start "$dir" "$port" "$sport" "$data" "${virtual[@]}" "$@"
    node_await "$dir" "$port" "$last_pid"
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

# For on_exit: says where the run folder's logs are, once there is one.
print_run_dir() { if [[ -n ${run_dir:-} ]]; then echo "logs: $run_dir"; fi; }

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
