#!/usr/bin/env bash
# The same suite for several Node versions in one command (the original compared two Python
# versions): for each major, one after the other (never at the same time, they would disturb
# each other's timings), compose builds the client on node:<major>-bookworm-slim and runs it
# against the same server; then one comparison report over all of them.
#   scripts/compose-matrix.sh [--host-network] [MAJOR...]      (default: 22 24 26)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

usage() {
  cat <<USAGE
Usage: scripts/compose-matrix.sh [--host-network] [MAJOR...]

Runs the benchmark suite once per Node major (default: 22 24 26), one after the other, with
docker compose: the client image is built on node:<MAJOR>-bookworm-slim, the server stays on
Node \${BENCHMARK_SERVER_NODE_VERSION:-24} so that only the client's runtime changes. Results:
<results>/node<MAJOR>.{json,md,meta.json,report.md,svg} and the side-by-side comparison
<results>/matrix.report.md and matrix.svg.

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
script_option() { case $1 in --host-network) files+=(-f docker-compose.host.yml) ;; *) return 1 ;; esac; }
parse_majors "$@"
[[ ${#majors[@]} -gt 0 ]] || majors=(22 24 26)

require_docker
if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
else
  die "neither 'docker compose' (v2) nor 'docker-compose' is installed"
fi
compose+=(-p "${COMPOSE_PROJECT_NAME:-ntab-matrix}" "${files[@]}")

# Base images: pulled where a registry answers, else built locally (the air-gapped path).
server_major=${BENCHMARK_SERVER_NODE_VERSION:-24}
for major in $(printf '%s\n' "$server_major" "${majors[@]}" | sort -un); do
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
for major in "${majors[@]}"; do
  export BENCHMARK_NODE_VERSION=$major BENCHMARK_RESULT_NAME=node$major
  say "Node $major: building the images"
  if ! "${compose[@]}" build; then failed+=("node$major (build)"); continue; fi
  server_id=$(docker image inspect -f '{{.Id}}' "$prefix-server:node$server_major")
  client_id=$(docker image inspect -f '{{.Id}}' "$prefix-client:node$major")
  export BENCHMARK_IMAGE_DIGESTS="{\"server\":\"$server_id\",\"client\":\"$client_id\"}"
  say "Node $major: running the suite"
  status=0
  "${compose[@]}" up --abort-on-container-exit --exit-code-from client || status=$?
  "${compose[@]}" down --remove-orphans >/dev/null 2>&1 || true
  if [[ $status == 0 ]]; then done_files+=("/results/node$major.json"); else failed+=("node$major (exit $status)"); fi
done

# One side-by-side report over every version that finished (when the CLI has `report`).
report_image="$prefix-client:node${majors[-1]}"
if [[ ${#done_files[@]} -gt 1 ]] && docker run --rm "$report_image" benchmark --help 2>/dev/null | grep -Eq '^ +report( |$)'; then
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
say "done: ${majors[*]/#/node} in $BENCHMARK_RESULTS_DIR"
