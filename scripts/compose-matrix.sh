#!/usr/bin/env bash
# The same suite on several JavaScript runtimes in one command (the original compared two Python
# versions): for each runtime, one after the other (never at the same time, they would disturb
# each other's timings), compose builds the client image with that runtime (Dockerfile.client's
# RUNTIME) and runs it against the same server; then one comparison report over all of them.
#   scripts/compose-matrix.sh [--host-network] [RUNTIME...]      (default: node22 node24 node26 bun deno)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

# The pinned runtimes' names (runtimes/package.json "binaries"; a test keeps them equal).
RUNTIMES=(node22 node24 node26 bun deno)

usage() {
  cat <<USAGE
Usage: scripts/compose-matrix.sh [--host-network] [RUNTIME...]

Runs the benchmark suite once per RUNTIME (default: all of them), one after the other, with
docker compose. RUNTIME is one of the pinned runtimes (runtimes/package.json, from the npm
registry):
  node22 node24 node26   Node.js 22, 24, 26
  bun                    Bun (JavaScriptCore)
  deno                   Deno
(a bare Node major such as 22 means node22). The client image is built with that runtime
(Dockerfile.client --build-arg RUNTIME=...) and times the clients on it; the suite itself and
the server stay on Node \${BENCHMARK_SERVER_NODE_VERSION:-24}, so that only the client's runtime
changes. Results: <results>/<RUNTIME>.{json,md,meta.json,report.md,svg} and the side-by-side
comparison <results>/matrix.report.md and matrix.svg.

  --host-network   use docker-compose.host.yml too (host networking, as on EC2)

Settings: the same environment variables (or .env) as docker compose up: BENCHMARK_QUERIES,
BENCHMARK_CHUNK, BENCHMARK_RUNS, BENCHMARK_WARMUP, BENCHMARK_STRATEGIES, BENCHMARK_SERVER_PORT,
BENCHMARK_RESULTS_DIR (default ./results), ... (docs/containers.md).
A missing base image is pulled; when no registry answers, it is built locally with
scripts/build-base-images.sh (needs root and debootstrap).
USAGE
}

die() { echo "compose-matrix: error: $*" >&2; exit 2; }
say() { echo "compose-matrix: $*" >&2; }
# shellcheck source-path=SCRIPTDIR source=lib/node-images.sh
source "$ROOT/scripts/lib/node-images.sh"

files=(-f docker-compose.yml)
runtimes=()
for arg in "$@"; do
  case $arg in
    -h|--help) usage; exit 0 ;;
    --host-network) files+=(-f docker-compose.host.yml) ;;
    -*) die "unknown option '$arg' (see --help)" ;;
    *)
      [[ $arg =~ ^[0-9]+$ ]] && arg=node$arg
      [[ " ${RUNTIMES[*]} " == *" $arg "* ]] || die "RUNTIME must be one of ${RUNTIMES[*]}, got '$arg'"
      [[ " ${runtimes[*]} " == *" $arg "* ]] && die "$arg is named twice"
      runtimes+=("$arg")
      ;;
  esac
done
[[ ${#runtimes[@]} -gt 0 ]] || runtimes=("${RUNTIMES[@]}")

require_docker
if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
else
  die "neither 'docker compose' (v2) nor 'docker-compose' is installed"
fi
compose+=(-p "${COMPOSE_PROJECT_NAME:-ntab-matrix}" "${files[@]}")

# Base images: the server's and the client's Node (Dockerfile.client's NODE_VERSION, 24), pulled
# where a registry answers, else built locally (the air-gapped path).
server_major=${BENCHMARK_SERVER_NODE_VERSION:-24}
check_node_major "$server_major"
for major in $(printf '%s\n' "$server_major" 24 | sort -un); do
  base="node:$major-bookworm-slim"
  docker image inspect "$base" >/dev/null 2>&1 && continue
  say "$base is missing: pulling it"
  if ! docker pull -q "$base" >/dev/null 2>&1; then
    say "cannot pull $base (no registry?): building it with scripts/build-base-images.sh $major"
    bash "$ROOT/scripts/build-base-images.sh" "$major" \
      || die "no $base: run 'sudo scripts/build-base-images.sh $major' (or pull it) and try again"
  fi
done

# Results belong to the user who runs this; the git commit is recorded with them.
export HOST_UID=${HOST_UID:-$(id -u)} HOST_GID=${HOST_GID:-$(id -g)}
export BENCHMARK_RESULTS_DIR=${BENCHMARK_RESULTS_DIR:-./results}
mkdir -p "$BENCHMARK_RESULTS_DIR"
results_abs=$(cd "$BENCHMARK_RESULTS_DIR" && pwd)
# (The images hold no .git, so the commit comes from here.)
if [[ -z ${BENCHMARK_GIT_COMMIT:-} ]] && commit=$(git -C "$ROOT" rev-parse HEAD 2>/dev/null); then
  export BENCHMARK_GIT_COMMIT=$commit
fi
prefix=${BENCHMARK_IMAGE_PREFIX:-ntab}

failed=() done_files=()
for runtime in "${runtimes[@]}"; do
  export BENCHMARK_RUNTIME=$runtime BENCHMARK_RESULT_NAME=$runtime
  say "$runtime: building the images"
  if ! "${compose[@]}" build; then failed+=("$runtime (build)"); continue; fi
  server_id=$(docker image inspect -f '{{.Id}}' "$prefix-server:node$server_major")
  client_id=$(docker image inspect -f '{{.Id}}' "$prefix-client:$runtime")
  export BENCHMARK_IMAGE_DIGESTS="{\"server\":\"$server_id\",\"client\":\"$client_id\"}"
  say "$runtime: running the suite"
  status=0
  "${compose[@]}" up --abort-on-container-exit --exit-code-from client || status=$?
  "${compose[@]}" down --remove-orphans >/dev/null 2>&1 || true
  if [[ $status == 0 ]]; then done_files+=("/results/$runtime.json"); else failed+=("$runtime (exit $status)"); fi
done

# One side-by-side report over every runtime that finished.
report_image="$prefix-client:${runtimes[-1]}"
if [[ ${#done_files[@]} -gt 1 ]]; then
  if docker run --rm --user "$HOST_UID:$HOST_GID" -v "$results_abs:/results" "$report_image" \
    benchmark report "${done_files[@]}" --output /results --name matrix; then
    say "comparison: $BENCHMARK_RESULTS_DIR/matrix.report.md"
  else
    failed+=("comparison report")
  fi
fi

if [[ ${#failed[@]} -gt 0 ]]; then
  say "failed: ${failed[*]}"
  exit 1
fi
say "done: ${runtimes[*]} in $BENCHMARK_RESULTS_DIR"
