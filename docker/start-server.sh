#!/bin/sh
# Server image entrypoint: listens on all interfaces at BENCHMARK_SERVER_PORT (default 8080).
# exec makes node PID 1; it handles SIGTERM itself (drains, exits 0). Extra arguments are
# passed on (e.g. --log-level info); a later --port wins over this one.
# BENCHMARK_SERVER_DELAY, when set, is the upstream delay (--delay: 20, uniform:10,30, ...).
set -eu
exec node /app/dist/server/cli.js --host 0.0.0.0 --port "${BENCHMARK_SERVER_PORT:-8080}" \
  ${BENCHMARK_SERVER_DELAY:+--delay "$BENCHMARK_SERVER_DELAY"} "$@"
