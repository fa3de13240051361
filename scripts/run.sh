#!/usr/bin/env bash
# hyperfine over the benchmark strategies, as the original's run.sh:
#   scripts/run.sh <node-binary> [-w WARMUP] [-r RUNS] [-q QUERIES] [-c CHUNK] [-o OUTPUT] [-s STRATEGIES]
# A thin wrapper: the suite itself is `benchmark suite` (src/suite/), run by <node-binary>
# against BENCHMARK_SERVER_HOST / BENCHMARK_SERVER_PORT. Its --help describes every option.
set -euo pipefail

# Without dirname: the script must also start with a PATH that lacks coreutils.
here=${BASH_SOURCE[0]%/*}
[[ $here == "${BASH_SOURCE[0]}" ]] && here=.
ROOT=$(cd "$here/.." && pwd)
CLI=$ROOT/dist/client/cli.js

die() { echo "run.sh: error: $*" >&2; exit 2; }
usage() {
  cat <<USAGE
Usage: scripts/run.sh <node-binary> [options]

Runs 'benchmark suite --server env' with <node-binary> (the node of the timed clients):
hyperfine over the strategies against BENCHMARK_SERVER_HOST:BENCHMARK_SERVER_PORT.
USAGE
}

# The node binary must run the project's check (the minimum is package.json's engines.node).
check_node() {
  local reason
  if ! reason=$("$1" "$ROOT/scripts/check-node.cjs" 2>&1 >/dev/null); then
    reason=${reason##*$'\n'}
    die "'$1': ${reason:-does not run as node}"
  fi
}

# The options are the suite's: its help, from a node that can run it.
show_help() {
  usage
  echo
  if [[ -n ${1:-} ]] && "$1" "$ROOT/scripts/check-node.cjs" >/dev/null 2>&1 && [[ -f $CLI ]]; then
    exec "$1" "$CLI" suite --help
  fi
  echo "The options: scripts/run.sh <node-binary> --help (needs a Node that can run the built CLI)."
  exit 0
}

[[ $# -ge 1 ]] || { usage >&2; exit 2; }
case $1 in
  -h|--help) show_help "$(command -v node || true)" ;;
  -*) die "the first argument must be the node binary (see --help)" ;;
esac
NODE_BIN=$1
shift
for arg in "$@"; do [[ $arg == -h || $arg == --help ]] && show_help "$NODE_BIN"; done

if ! command -v "$NODE_BIN" >/dev/null 2>&1 && [[ ! -x $NODE_BIN ]]; then
  die "node binary '$NODE_BIN' not found or not executable"
fi
check_node "$NODE_BIN"
[[ -f $CLI ]] || die "$CLI is missing: run 'npm ci && npm run build' first"

# Recorded with the results as the command that made them (a caller's own --invoked-as, later, wins).
printf -v invoked '%q ' scripts/run.sh "$NODE_BIN" "$@"
# exec: the suite is this process, so SIGTERM and Ctrl-C reach it (and it stops what it started).
exec "$NODE_BIN" "$CLI" suite --node "$NODE_BIN" --server env --invoked-as "${invoked% }" "$@"
