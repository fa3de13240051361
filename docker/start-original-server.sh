#!/bin/sh
# Original-server image entrypoint: the Python original's server.py, from the checkout mounted
# read-only at /original, run by Debian's uvicorn as the original's README runs it, on all
# interfaces at BENCHMARK_SERVER_PORT (default 8080). exec makes uvicorn PID 1; it stops on
# SIGTERM. Extra arguments go to uvicorn.
# Compose sets BENCHMARK_ORIGINAL_DIR (empty when the user did not): the message names it.
set -eu
dir=/original
if [ "${BENCHMARK_ORIGINAL_DIR+set}" = set ] && [ -z "$BENCHMARK_ORIGINAL_DIR" ]; then
  echo "original-server: error: BENCHMARK_ORIGINAL_DIR is not set: point it at a checkout of the Python original (e.g. BENCHMARK_ORIGINAL_DIR=../python-threads-async-benchmark)" >&2
  exit 2
fi
if [ ! -r "$dir" ] || [ ! -x "$dir" ]; then
  echo "original-server: error: $dir cannot be read as uid $(id -u): make the checkout readable (chmod -R a+rX)" >&2
  exit 2
fi
if [ ! -f "$dir/server.py" ]; then
  echo "original-server: error: no server.py in $dir${BENCHMARK_ORIGINAL_DIR:+ (BENCHMARK_ORIGINAL_DIR=$BENCHMARK_ORIGINAL_DIR)}: mount a checkout of the Python original there" >&2
  exit 2
fi
cd "$dir"
exec python3 -m uvicorn --no-access-log --log-level critical --host 0.0.0.0 --port "${BENCHMARK_SERVER_PORT:-8080}" "$@" server:app
