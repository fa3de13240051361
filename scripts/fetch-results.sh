#!/usr/bin/env bash
# Fetches the EC2 client hosts' results: waits until each host's STATUS says "done" or
# "failed", then copies its results directory to OUTPUT/client-<n>/ over SSH.
#   scripts/fetch-results.sh [options] USER@HOST...
# `terraform -chdir=terraform output -raw fetch_results_command` prints this line filled in.
set -euo pipefail

usage() {
  cat <<USAGE
Usage: scripts/fetch-results.sh [options] USER@HOST...

Waits until every client host has finished the benchmark (its STATUS file starts with
"done" or "failed"), then copies its results into OUTPUT/client-<n>/ (n: position of the
host in the arguments, as the instances' Name tags client-<n>).

Options:
  --remote-dir DIR      results directory on the hosts (default /var/lib/ntab-benchmark/results)
  -o, --output DIR      local directory (default ./results)
  -i, --identity FILE   SSH private key (default: ssh's own choice / ssh-agent)
  --timeout MINUTES     give up waiting after this long (default 240)
  --no-wait             copy whatever is there now, finished or not
  --ssh-command CMD     ssh program and options (default "ssh"), e.g. "ssh -J bastion"
  -h, --help            this help

Exit codes: 0 every host finished with "done", 1 a host reported "failed" or did not
finish in time (what it had is still copied), 2 usage error or a host unreachable.
USAGE
}

die() { echo "fetch-results: error: $*" >&2; exit 2; }
say() { echo "fetch-results: $*" >&2; }

REMOTE_DIR=/var/lib/ntab-benchmark/results OUTPUT=./results IDENTITY='' TIMEOUT_MIN=240 WAIT=1
SSH_COMMAND=ssh
targets=()
while [[ $# -gt 0 ]]; do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --no-wait) WAIT=0; shift; continue ;;
    -*) [[ $# -ge 2 ]] || die "option $1 needs a value (see --help)" ;;
  esac
  case $1 in
    --remote-dir) REMOTE_DIR=$2 ;;
    -o|--output) OUTPUT=$2 ;;
    -i|--identity) IDENTITY=$2 ;;
    --timeout) TIMEOUT_MIN=$2 ;;
    --ssh-command) SSH_COMMAND=$2 ;;
    -*) die "unknown option '$1' (see --help)" ;;
    *) targets+=("$1"); shift; continue ;;
  esac
  shift 2
done

[[ ${#targets[@]} -gt 0 ]] || { usage >&2; die "give at least one client host as USER@HOST"; }
[[ $TIMEOUT_MIN =~ ^[0-9]+$ ]] || die "--timeout must be a whole number of minutes, got '$TIMEOUT_MIN'"
[[ $REMOTE_DIR == /* && $REMOTE_DIR != *"'"* ]] || die "--remote-dir must be an absolute path without quotes, got '$REMOTE_DIR'"
[[ -z $IDENTITY || -r $IDENTITY ]] || die "identity file '$IDENTITY' is not readable"
for target in "${targets[@]}"; do
  [[ $target =~ ^[A-Za-z0-9._-]+@[A-Za-z0-9.:_-]+$ ]] || die "'$target' is not USER@HOST"
done

read -r -a ssh_cmd <<<"$SSH_COMMAND"
# accept-new: the hosts are new on every apply; their keys are remembered from the first contact.
ssh_cmd+=(-o BatchMode=yes -o StrictHostKeyChecking=accept-new -o ConnectTimeout=10)
[[ -n $IDENTITY ]] && ssh_cmd+=(-i "$IDENTITY")

remote() { "${ssh_cmd[@]}" "$1" "$2"; }

# Waits for one host; prints its final STATUS line on stdout.
wait_for() {
  local target=$1 deadline=$(($(date +%s) + TIMEOUT_MIN * 60)) line seen=
  while :; do
    if ! line=$(remote "$target" "cat '$REMOTE_DIR/STATUS' 2>/dev/null || echo 'running: the client has not started yet'"); then
      die "cannot reach $target over SSH (is ssh_allowed_cidr your address? right key? try: ssh $target)"
    fi
    [[ $line != "$seen" ]] && say "$target: $line" && seen=$line
    if [[ $line == done* || $line == failed* || $WAIT == 0 ]]; then
      echo "$line"
      return 0
    fi
    if (($(date +%s) >= deadline)); then
      echo "timeout: still '$line' after $TIMEOUT_MIN minutes"
      return 0
    fi
    sleep 30
  done
}

status=0
for i in "${!targets[@]}"; do
  target=${targets[i]}
  dest="$OUTPUT/client-$((i + 1))"
  final=$(wait_for "$target")
  mkdir -p "$dest"
  # tar over ssh keeps the layout (node<version>/, memory-check.md, client.log, STATUS).
  remote "$target" "tar -C '$REMOTE_DIR' -cf - ." | tar -C "$dest" -xf - ||
    die "copying $target:$REMOTE_DIR failed"
  say "$target -> $dest ($final)"
  [[ $final == done* ]] || status=1
done
exit "$status"
