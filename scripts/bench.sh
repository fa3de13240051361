#!/usr/bin/env bash
# npm run bench [-- suite options]: the one-command native run. scripts/run.sh with the
# suite's own server (--server ours: a free loopback port, stopped on every exit path,
# Ctrl-C included) and the results in results/<UTC time>-node<version>.json.
# NODE_BIN picks the node (default: node on PATH); BENCH_OUTPUT the export file.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NODE_BIN=${NODE_BIN:-$(command -v node || true)}
[[ -n $NODE_BIN ]] || { echo "bench: error: no node on PATH (set NODE_BIN)" >&2; exit 2; }

version=$("$NODE_BIN" -p 'process.versions.node' 2>/dev/null || echo unknown)
output=${BENCH_OUTPUT:-$ROOT/results/$(date -u +%Y%m%dT%H%M%SZ)-node$version.json}
invoked="npm run bench"
[[ $# -gt 0 ]] && printf -v invoked '%s -- %s' "$invoked" "$(printf '%q ' "$@")"
# Given later, a user's -o or --server wins. exec all the way down: a signal reaches the suite.
exec bash "$ROOT/scripts/run.sh" "$NODE_BIN" --server ours -o "$output" --invoked-as "${invoked% }" "$@"
