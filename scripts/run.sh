#!/usr/bin/env bash
# hyperfine over the benchmark strategies, as the original's run.sh:
#   scripts/run.sh <node-binary> [-w WARMUP] [-r RUNS] [-q QUERIES] [-c CHUNK] [-o OUTPUT] [-s STRATEGIES]
# The server is taken from BENCHMARK_SERVER_HOST / BENCHMARK_SERVER_PORT.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ALL_STRATEGIES="threads-recreate,threads-reuse,threads-map,async-for,async-map"
# Controls: selectable with -s, not run by default (the default stays the original five).
CONTROLS="async-chunk,async-limit,noop"

usage() {
  cat <<USAGE
Usage: scripts/run.sh <node-binary> [options]

Runs hyperfine (-N, no shell) over the strategies and exports JSON and Markdown.

Options:
  -w, --warmup N        warmup runs per strategy (default 10)
  -r, --runs N          measured runs per strategy (default 10)
  -q, --queries N       requests per run (default 1000)
  -c, --chunk N         chunk / thread pool size (default 100)
  -o, --output FILE     hyperfine JSON export (default results.json). Beside it, named
                        after FILE without .json: .md (hyperfine's Markdown export),
                        .meta.json (environment and parameters, written first),
                        .report.md and .svg (the readable report and its chart)
  -s, --strategies LIST comma-separated strategies (default: the original five;
                        controls: async-chunk, async-limit, noop)
  -h, --help            this help

Environment: BENCHMARK_SERVER_HOST (default 127.0.0.1), BENCHMARK_SERVER_PORT (default 8080),
BENCHMARK_MAX_THREADS (optional cap on worker threads alive at once).

A thread strategy that this machine cannot hold (memory, vm.max_map_count, the cap) is
skipped with the reason; the others are measured, and the exit code is then 1.
USAGE
}

die() { echo "run.sh: error: $*" >&2; exit 2; }

is_int() { [[ $1 =~ ^[0-9]+$ ]]; }

[[ $# -ge 1 ]] || { usage >&2; exit 2; }
case $1 in -h|--help) usage; exit 0 ;; -*) die "the first argument must be the node binary (see --help)" ;; esac
NODE_BIN=$1
shift

WARMUP=10 RUNS=10 QUERIES=1000 CHUNK=100 OUTPUT=results.json STRATEGIES=$ALL_STRATEGIES
while [[ $# -gt 0 ]]; do
  [[ $1 == -h || $1 == --help ]] && { usage; exit 0; }
  [[ $# -ge 2 ]] || die "option $1 needs a value"
  case $1 in
    -w|--warmup) WARMUP=$2 ;;
    -r|--runs) RUNS=$2 ;;
    -q|--queries) QUERIES=$2 ;;
    -c|--chunk) CHUNK=$2 ;;
    -o|--output) OUTPUT=$2 ;;
    -s|--strategies) STRATEGIES=$2 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift 2
done

is_int "$WARMUP" || die "WARMUP must be an integer >= 0, got '$WARMUP'"
for pair in "RUNS:$RUNS" "QUERIES:$QUERIES" "CHUNK:$CHUNK"; do
  name=${pair%%:*} value=${pair#*:}
  { is_int "$value" && (( 10#$value > 0 )); } || die "$name must be a positive integer, got '$value'"
done
[[ $OUTPUT == *.json ]] || die "OUTPUT must end in .json, got '$OUTPUT'"

command -v hyperfine >/dev/null 2>&1 || die "hyperfine is not installed (Debian/Ubuntu: apt-get install hyperfine; macOS: brew install hyperfine)"
if ! command -v "$NODE_BIN" >/dev/null 2>&1 && [[ ! -x $NODE_BIN ]]; then
  die "node binary '$NODE_BIN' not found or not executable"
fi
NODE_VERSION=$("$NODE_BIN" -p 'process.versions.node' 2>/dev/null) || die "'$NODE_BIN' does not run as node"
"$NODE_BIN" -e '
  const [maj, min] = process.versions.node.split(".").map(Number);
  process.exit(maj > 22 || (maj === 22 && min >= 19) ? 0 : 1);' || die "'$NODE_BIN' is Node $NODE_VERSION; Node >= 22.19 is needed"

CLI="$ROOT/dist/client/cli.js"
[[ -f $CLI ]] || die "$CLI is missing: run 'npm ci && npm run build' first"

commands=()
skipped=()
IFS=',' read -r -a selected <<<"$STRATEGIES"
for strategy in "${selected[@]}"; do
  [[ ,$ALL_STRATEGIES,$CONTROLS, == *",$strategy,"* ]] || die "unknown strategy '$strategy'; valid: $ALL_STRATEGIES,$CONTROLS"
done
for strategy in "${selected[@]}"; do
  # A thread strategy this machine cannot hold (memory, vm.max_map_count) would crash
  # mid-suite and stop hyperfine before the others are measured: leave it out, say why.
  if [[ $strategy == threads-* ]] && ! reason=$("$NODE_BIN" "$CLI" check "$strategy" -r "$QUERIES" -c "$CHUNK" 2>&1 >/dev/null); then
    echo "run.sh: skipping $strategy: ${reason#error: }" >&2
    skipped+=("$strategy")
    continue
  fi
  # -N runs without a shell: hyperfine splits the command itself, so quote paths.
  commands+=(--command-name "$strategy" "$(printf '%q %q %q -r %d -c %d' "$NODE_BIN" "$CLI" "$strategy" "$QUERIES" "$CHUNK")")
done
[[ ${#commands[@]} -gt 0 ]] || { echo "run.sh: error: no strategy can run on this machine (see above)" >&2; exit 1; }

mkdir -p "$(dirname "$OUTPUT")"
MARKDOWN="${OUTPUT%.json}.md"
META="${OUTPUT%.json}.meta.json"
SERVER="${BENCHMARK_SERVER_HOST:-127.0.0.1}:${BENCHMARK_SERVER_PORT:-8080}"
# The conditions scripts/netns-run.sh (or the user) set, when set.
conditions=()
for pair in network:BENCHMARK_NETWORK link:BENCHMARK_LINK rttMs:BENCHMARK_RTT_MS serverDelay:BENCHMARK_SERVER_DELAY; do
  variable=${pair#*:}
  if [[ -n ${!variable:-} ]]; then conditions+=(--set "${pair%%:*}=${!variable}"); fi
done
# The environment is recorded before anything is timed, so even a failed run has it.
"$NODE_BIN" "$CLI" environment --output "$META" \
  --set queries="$QUERIES" --set chunk="$CHUNK" --set runs="$RUNS" --set warmup="$WARMUP" \
  --set strategies="$STRATEGIES" --set server="$SERVER" --set skipped="$(IFS=,; echo "${skipped[*]}")" \
  "${conditions[@]}" || die "could not record the environment in $META"
echo "run.sh: Node $NODE_VERSION, server $SERVER," \
  "queries $QUERIES, chunk $CHUNK, warmup $WARMUP, runs $RUNS -> $OUTPUT" >&2
# hyperfine stops at the first failing run (exit code 1 from the client), so a broken run
# is never timed; what it measured before that stays in the export.
status=0
# The clients append their error messages here: hyperfine itself only says "non-zero exit code".
ERROR_LOG=$(mktemp)
trap 'rm -f "$ERROR_LOG"' EXIT
export BENCHMARK_ERROR_LOG=$ERROR_LOG
hyperfine -N --warmup "$WARMUP" --runs "$RUNS" \
  --export-json "$OUTPUT" --export-markdown "$MARKDOWN" \
  "${commands[@]}" || status=$?

# The readable result: <name>.report.md and the chart <name>.svg beside the exports
# (named after the run, so several runs can share a folder), also of a partial run.
if [[ -s $OUTPUT ]]; then
  if ! "$NODE_BIN" "$CLI" report "$OUTPUT" --output "$(dirname "$OUTPUT")" && [[ $status -eq 0 ]]; then status=1; fi
fi
if [[ $status -ne 0 ]]; then
  [[ -s $ERROR_LOG ]] && { echo "run.sh: the failing run said:" >&2; tail -n 5 "$ERROR_LOG" >&2; }
  echo "run.sh: error: a strategy failed (hyperfine exit $status); what was measured before is in $OUTPUT" >&2
  exit "$status"
fi
if [[ ${#skipped[@]} -gt 0 ]]; then
  echo "run.sh: error: not measured on this machine: ${skipped[*]} (reasons above); the others are in $OUTPUT" >&2
  exit 1
fi
