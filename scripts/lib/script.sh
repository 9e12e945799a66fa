# shellcheck shell=bash
# What every script shares: its --help, printed from its own header comment, and the clean-up that
# runs when it ends, however it ends. Sourced, not run.

# Prints the script's header comment (the comment lines after the #! line) without the "# ".
show_help() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

cleanups=()

# on_exit FUNCTION: runs FUNCTION (a command without arguments) when the script ends: at its end, on a failure
# under set -e, on Ctrl-C (exit status 130) or on SIGTERM (143). Commands run in the order given, each
# whatever the others did, and the script keeps its exit status. The first call sets the traps.
on_exit() {
  if [[ ${#cleanups[@]} -eq 0 ]]; then
    trap run_cleanups EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
  fi
  cleanups+=("$1")
}

run_cleanups() {
  local status=$? command
  trap - EXIT INT TERM
  for command in "${cleanups[@]}"; do
    "$command" || true
  done
  exit "$status"
}
