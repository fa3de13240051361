#!/usr/bin/env bash
# npm run bench [-- run.sh options]: the one-command native run. Starts a server on a
# free loopback port, runs scripts/run.sh against it, leaves the exports in results/,
# and stops the server, also on Ctrl-C or failure.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NODE_BIN=${NODE_BIN:-$(command -v node)}
SERVER_LOG=$(mktemp)
SERVER_PID=

cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -f "$SERVER_LOG"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[[ -f $ROOT/dist/server/cli.js ]] || { echo "bench: dist/ is missing: run 'npm run build' first" >&2; exit 2; }

"$NODE_BIN" "$ROOT/dist/server/cli.js" --host 127.0.0.1 --port 0 --log-level error >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!
port=
for _ in $(seq 1 100); do
  port=$(sed -n 's#^benchmark-server listening on http://127\.0\.0\.1:\([0-9]*\)$#\1#p' "$SERVER_LOG")
  [[ -n $port ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$SERVER_LOG" >&2; echo "bench: the server did not start" >&2; exit 1; }
  sleep 0.1
done
[[ -n $port ]] || { echo "bench: the server did not report its port within 10 s" >&2; exit 1; }

version=$("$NODE_BIN" -p 'process.versions.node')
output=${BENCH_OUTPUT:-$ROOT/results/$(date -u +%Y%m%dT%H%M%SZ)-node$version.json}
echo "bench: server on 127.0.0.1:$port (pid $SERVER_PID)" >&2
status=0
BENCHMARK_SERVER_HOST=127.0.0.1 BENCHMARK_SERVER_PORT=$port \
  bash "$ROOT/scripts/run.sh" "$NODE_BIN" -o "$output" "$@" || status=$?
# Say where everything is, also after a failed or partial run (run.sh reports what it measured).
base=${output%.json}
written=()
for file in "$output" "$base.meta.json" "$base.report.md" "$base.svg"; do [[ -s $file ]] && written+=("$file"); done
[[ -s $base.report.md ]] && echo "bench: report: $base.report.md, chart: $base.svg" >&2
[[ ${#written[@]} -gt 0 ]] && echo "bench: files: ${written[*]}" >&2
(( status == 0 )) || exit "$status"
