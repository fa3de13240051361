#!/bin/bash
# Compose's `original` profile, in the client image built with the original's Python packages:
# the 2x2 of docs/methodology.md in one container. Two suites, one after the other (never at
# once: they would disturb each other's timings), each with our client and the Python
# original's (run unchanged from the checkout mounted read-only at /original):
#   1. against our server (BENCHMARK_SERVER_HOST, compose: server)        -> ours-server.*
#   2. against the original's (BENCHMARK_ORIGINAL_SERVER_HOST, compose: original-server)
#                                                                          -> original-server.*
# Each is docker/run-suite.sh (settings, results directory and ownership as there) with
# --original /original --python /usr/bin/python3 and any run.sh options given as arguments.
# SIGTERM/SIGINT go to the suite that runs, which keeps what it measured; this script then
# ends with its exit code and does not start the second.
set -euo pipefail

APP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ORIGINAL=/original

say() { echo "run-original: $*" >&2; }
die() { say "error: $*"; exit 2; }

if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  cat <<USAGE
Compose profile 'original': our client and the Python original's, against our server and then
against the original's, written as ours-server.* and original-server.* into the results.

Settings (environment), besides those of the client image (docker/run-suite.sh --help):
  BENCHMARK_ORIGINAL_DIR          the checkout of the original on the host, mounted at $ORIGINAL
  BENCHMARK_ORIGINAL_SERVER_HOST  the original's server (original-server)
  BENCHMARK_ORIGINAL_SERVER_PORT  its port (8080)
  BENCHMARK_RESULT_NAME           when set, a prefix: NAME-ours-server.*, NAME-original-server.*
USAGE
  exit 0
fi

# Compose passes BENCHMARK_ORIGINAL_DIR on, empty when the user did not set it; plain
# `docker run` with a mounted checkout need not set it.
if [[ ${BENCHMARK_ORIGINAL_DIR+set} == set && -z $BENCHMARK_ORIGINAL_DIR ]]; then
  die "BENCHMARK_ORIGINAL_DIR is not set: point it at a checkout of the Python original (e.g. BENCHMARK_ORIGINAL_DIR=../python-threads-async-benchmark)"
fi
[[ -f $ORIGINAL/benchmark.py ]] || die "no benchmark.py in $ORIGINAL${BENCHMARK_ORIGINAL_DIR:+ (BENCHMARK_ORIGINAL_DIR=$BENCHMARK_ORIGINAL_DIR)}: mount a checkout of the Python original there"
prefix=${BENCHMARK_RESULT_NAME:+$BENCHMARK_RESULT_NAME-}

child=''
# The suite keeps what it measured and exits 130/143; this script ends with that code.
forward() {
  [[ -n $child ]] || exit "$2"
  kill -s "$1" "$child" 2>/dev/null || true
  local status=0
  wait "$child" || status=$?
  exit "$status"
}
trap 'forward TERM 143' TERM
trap 'forward INT 130' INT

# run_side NAME HOST PORT READY_PATH WHOSE [run.sh options]: one suite, in the background so
# that this script can hand a signal on to it.
run_side() {
  local name=$1 host=$2 port=$3 ready=$4 whose=$5
  shift 5
  say "both clients against $name ($host:$port) -> ${prefix}$name.*"
  BENCHMARK_SERVER_HOST=$host BENCHMARK_SERVER_PORT=$port BENCHMARK_SERVER_READY_PATH=$ready \
    BENCHMARK_SERVER_NAME=$whose BENCHMARK_RESULT_NAME="${prefix}$name" \
    bash "$APP/docker/run-suite.sh" --original "$ORIGINAL" --python /usr/bin/python3 "$@" &
  child=$!
  local status=0
  wait "$child" || status=$?
  child=''
  return "$status"
}

run_side ours-server "${BENCHMARK_SERVER_HOST:-server}" "${BENCHMARK_SERVER_PORT:-8080}" /health \
  "benchmark-server, this project's (its container)" "$@"
run_side original-server "${BENCHMARK_ORIGINAL_SERVER_HOST:-original-server}" "${BENCHMARK_ORIGINAL_SERVER_PORT:-8080}" '/multiply?number=1' \
  "the original's server.py, FastAPI on uvicorn (its container)" "$@"
