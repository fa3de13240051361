#!/usr/bin/env bash
# hyperfine over the benchmark strategies, as the original's run.sh:
#   scripts/run.sh <runtime> [-w WARMUP] [-r RUNS] [-q QUERIES] [-c CHUNK] [-o OUTPUT] [-s STRATEGIES]
# A thin wrapper: the suite itself is `benchmark suite --runtime <runtime>` (src/suite/), against
# BENCHMARK_SERVER_HOST / BENCHMARK_SERVER_PORT. Its --help describes every option.
set -euo pipefail

# Without dirname: the script must also start with a PATH that lacks coreutils.
here=${BASH_SOURCE[0]%/*}
[[ $here == "${BASH_SOURCE[0]}" ]] && here=.
ROOT=$(cd "$here/.." && pwd)
CLI=$ROOT/dist/client/cli.js

die() { echo "run.sh: error: $*" >&2; exit 2; }
usage() {
  cat <<USAGE
Usage: scripts/run.sh <runtime> [options]

Runs 'benchmark suite --server env --runtime <runtime>': hyperfine over the strategies against
BENCHMARK_SERVER_HOST:BENCHMARK_SERVER_PORT, the timed clients on <runtime>:
  a binary or a command on PATH: node, bun or deno (e.g. node, /opt/bun/bin/bun, deno), or
  a pinned runtime's name: node22, node24, node26, bun, deno (npm run runtimes installs them;
  the name wins over a command of that name on PATH).
The suite itself runs on <runtime> when it is a Node that can run it, else on the node first
on PATH.
USAGE
}

# The node that runs the suite: the runtime itself when it is a Node the project's check accepts
# (the minimum is package.json's engines.node), else the node on PATH, which must then fit.
suite_node() {
  local answer reason
  if answer=$("$1" "$ROOT/scripts/check-node.cjs" 2>/dev/null </dev/null) && [[ $answer == *'"kind":"node"'* ]]; then
    printf '%s\n' "$1"
    return
  fi
  command -v node >/dev/null 2>&1 || die "no node on PATH to run the suite ('$1' is no Node that can run it)"
  if ! reason=$(node "$ROOT/scripts/check-node.cjs" 2>&1 >/dev/null); then
    reason=${reason##*$'\n'}
    die "'$1' is no Node that can run the suite, and the node on PATH cannot either: ${reason:-it does not run as node}"
  fi
  command -v node
}

# The options are the suite's: its help, from a node that can run it.
show_help() {
  usage
  echo
  local node
  if [[ -f $CLI ]] && node=$(suite_node "${1:-node}" 2>/dev/null); then
    exec "$node" "$CLI" suite --help
  fi
  echo "The options: scripts/run.sh <runtime> --help (needs a Node that can run the built CLI)."
  exit 0
}

[[ $# -ge 1 ]] || { usage >&2; exit 2; }
case $1 in
  -h|--help) show_help node ;;
  -*) die "the first argument must be the runtime, e.g. node, bun or deno (see --help)" ;;
esac
RUNTIME=$1
shift
for arg in "$@"; do [[ $arg == -h || $arg == --help ]] && show_help "$RUNTIME"; done

[[ -f $CLI ]] || die "$CLI is missing: run 'npm ci && npm run build' first"
SUITE_NODE=$(suite_node "$RUNTIME")

# Recorded with the results as the command that made them (a caller's own --invoked-as, later, wins).
printf -v invoked '%q ' scripts/run.sh "$RUNTIME" "$@"
# exec: the suite is this process, so SIGTERM and Ctrl-C reach it (and it stops what it started).
exec "$SUITE_NODE" "$CLI" suite --runtime "$RUNTIME" --server env --invoked-as "${invoked% }" "$@"
