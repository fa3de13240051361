#!/bin/bash
# Client image entrypoint: runs the whole suite (scripts/run.sh: hyperfine over the strategies, the
# timed clients on the image's runtime, BENCHMARK_RUNTIME) against
# BENCHMARK_SERVER_HOST:BENCHMARK_SERVER_PORT, writes <name>.json/.md/.outcomes.jsonl/.meta.json,
# <name>.report.md and the chart <name>.svg into /results, and exits with the suite's exit code.
# The suite reads its settings (BENCHMARK_QUERIES and the rest) itself (benchmark suite --help);
# this script only waits for the server and sees to the results folder. The suite replaces this
# script (exec), so `docker stop` (SIGTERM) reaches it: it stops hyperfine and the client and
# keeps what it measured.
#   docker run ... ntab-client [run.sh options, e.g. -q 200 -r 3]   arguments win over the environment
#   docker run ... ntab-client benchmark <subcommand> ...            any benchmark CLI command
#   docker run ... ntab-client client <strategy> ...                 one timed client on BENCHMARK_RUNTIME
set -euo pipefail

APP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CLI="$APP/dist/client/cli.js"
RESULTS_DIR=${BENCHMARK_RESULTS_DIR:-/results}

say() { echo "run-suite: $*" >&2; }
die() { say "error: $*"; exit 2; }

if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  cat <<USAGE
Client image: runs scripts/run.sh against the benchmark server and writes the results into $RESULTS_DIR.

Settings (environment; run.sh options given as arguments win; an empty variable counts as
unset). The suite reads every option's variable itself (the list: run.sh options below,
"env:"), among them:
  BENCHMARK_SERVER_HOST   server address (image default 127.0.0.1; compose: server)
  BENCHMARK_SERVER_PORT   server port (8080)
  BENCHMARK_RUNTIME       runtime of the timed clients: the one this image was built for
                          (this image: ${BENCHMARK_RUNTIME:-none}; --build-arg RUNTIME=node22,
                          node24, node26, bun or deno), or any node, bun or deno binary in it
  BENCHMARK_QUERIES       requests per invocation (1000)
  BENCHMARK_CHUNK         chunk / thread pool size (100)
  BENCHMARK_RUNS          measured invocations per strategy, at most (10)
  BENCHMARK_WARMUP        warmup invocations per strategy whose run is short (10)
  BENCHMARK_BUDGET        seconds of measured runs per strategy whose run takes seconds (180)
  BENCHMARK_EXACT         1: exactly BENCHMARK_WARMUP/BENCHMARK_RUNS for every strategy, as the original
  BENCHMARK_STRATEGIES    comma-separated strategies (all of run.sh's default five)
  BENCHMARK_OUTPUT        the export (default $RESULTS_DIR/<BENCHMARK_RESULT_NAME>.json)
Read by this entrypoint:
  BENCHMARK_RESULT_NAME   file name of the result set (default: the runtime's name: node24.json,
                          bun.json, ...)
  BENCHMARK_SERVER_WAIT   seconds to wait for the server's /health (60)
  BENCHMARK_SERVER_READY_PATH  what the wait asks for (/health; the Python original's server,
                          which has none: /multiply?number=1)
  HOST_UID, HOST_GID      compose runs the client as this uid/gid (default 1000:1000, the
                          image's node): $RESULTS_DIR must be writable by it. Started as root
                          (docker run --user 0:0), the directory is handed to them and the
                          process drops to them (default: the owner of $RESULTS_DIR; a
                          root-owned directory stays root's). Only the directory itself
                          changes owner, never a link's target or anything inside it
Thread budget, read by the client itself: BENCHMARK_MAX_THREADS (cap on worker threads alive
at once), BENCHMARK_SKIP_THREAD_CHECK=1 (run even what the check says cannot fit),
BENCHMARK_STRICT=1 (a strategy that cannot fit fails the run; without it, it is recorded as
"did not fit" and the run succeeds).
Metadata only: BENCHMARK_LABEL, BENCHMARK_INSTANCE_TYPE, BENCHMARK_IMAGE_DIGESTS, BENCHMARK_GIT_COMMIT.

Other commands: 'benchmark <subcommand> ...' runs the benchmark CLI on the image's Node (e.g.
benchmark list); 'client <strategy> [options]' runs one timed client on the image's runtime,
as the suite runs it (e.g. client threads-map -r 10 -c 10 --json).

run.sh options:
USAGE
  bash "$APP/scripts/run.sh" --help | sed -n '/^Options:/,$p' | tail -n +2
  exit 0
fi

# Started as root (compose does this): the results go to HOST_UID:HOST_GID when given, else
# to the directory's own owner, and the process drops to that user so every file written
# there is theirs. Nothing is ever handed to anyone else (a root-owned directory stays root's),
# and only the directory itself changes owner: chown -h changes a link, never its target,
# and nothing below it is touched.
if [[ $(id -u) == 0 ]]; then
  mkdir -p "$RESULTS_DIR"
  uid=${HOST_UID:-} gid=${HOST_GID:-}
  if [[ -z $uid ]]; then
    uid=$(stat -c %u "$RESULTS_DIR") gid=${gid:-$(stat -c %g "$RESULTS_DIR")}
    if [[ $uid == 0 ]]; then
      say "note: $RESULTS_DIR belongs to root and HOST_UID is unset: the results stay root's (set HOST_UID/HOST_GID to your ids)"
    fi
  fi
  gid=${gid:-$uid}
  [[ $uid =~ ^[0-9]+$ && $gid =~ ^[0-9]+$ ]] || die "HOST_UID and HOST_GID must be numeric ids, got '$uid' and '$gid'"
  if [[ $uid != 0 ]]; then
    chown -h "$uid:$gid" "$RESULTS_DIR"
    export HOME=/tmp
    exec setpriv --reuid="$uid" --regid="$gid" --clear-groups -- bash "$0" "$@"
  fi
fi

# An empty BENCHMARK_* variable counts as unset, its default applies: compose passes a variable
# that .env leaves empty (BENCHMARK_STRATEGIES=, as .env.example has it) on as an empty string,
# which the CLI, reading its variables itself, would refuse.
for variable in $(compgen -e); do
  [[ $variable == BENCHMARK_* && -z ${!variable} ]] && unset "$variable"
done

if [[ ${1:-} == benchmark ]]; then
  shift
  exec node "$CLI" "$@"
fi

# One timed client on the image's runtime, run as the suite runs it (the runtime's own argument
# vector, e.g. Deno's permissions): what a thread costs under this runtime, measured here.
if [[ ${1:-} == client ]]; then
  shift
  # shellcheck disable=SC2016 # JavaScript, not shell
  mapfile -t command < <(node --input-type=module -e '
    const [module, runtime, cli] = process.argv.slice(1);
    const { probeRuntime, runScript } = await import(module);
    for (const part of runScript(probeRuntime(runtime, "BENCHMARK_RUNTIME"), cli)) console.log(part);' \
    "$APP/dist/environment/runtime.js" "${BENCHMARK_RUNTIME:-node}" "$CLI")
  [[ ${#command[@]} -gt 0 ]] || die "BENCHMARK_RUNTIME='${BENCHMARK_RUNTIME:-}' does not run here"
  exec "${command[@]}" "$@"
fi

# The file name carries the runtime, so a matrix of runtimes fills one directory.
runtime=${BENCHMARK_RUNTIME:-node}
name=${BENCHMARK_RESULT_NAME:-${runtime##*/}}
[[ $name =~ ^[A-Za-z0-9._-]+$ ]] || die "BENCHMARK_RESULT_NAME may only contain letters, digits, '.', '_' and '-', got '$name'"
# The suite reads BENCHMARK_OUTPUT itself; a run.sh -o/--output argument wins, as every other argument.
export BENCHMARK_OUTPUT=${BENCHMARK_OUTPUT:-$RESULTS_DIR/$name.json}

mkdir -p "$RESULTS_DIR" 2>/dev/null || true
probe="$RESULTS_DIR/.write-test.$$"
if ! (: >"$probe") 2>/dev/null; then
  me="$(id -u):$(id -g)"
  if ! owner=$(stat -c %u:%g "$RESULTS_DIR" 2>/dev/null); then
    die "cannot create $RESULTS_DIR as uid $me"
  elif [[ ${owner%%:*} == 0 ]]; then
    # What Docker does with a bind-mount source that does not exist (compose's ./results on a
    # checkout without it): it creates it, as root.
    die "cannot write to $RESULTS_DIR as uid $me: it belongs to root (Docker creates a missing bind-mount folder as root). Create the folder yourself before starting (mkdir -p results; or sudo chown \$(id -u):\$(id -g) on it), and with compose set HOST_UID/HOST_GID to your ids if they are not 1000 (docs/containers.md)"
  else
    die "cannot write to $RESULTS_DIR as uid $me: it belongs to $owner. With compose set HOST_UID=${owner%%:*} HOST_GID=${owner#*:} (your ids: id -u, id -g); with docker run, --user ${owner} (docs/containers.md)"
  fi
fi
rm -f "$probe"

host=${BENCHMARK_SERVER_HOST:-127.0.0.1} port=${BENCHMARK_SERVER_PORT:-8080}
wait_seconds=${BENCHMARK_SERVER_WAIT:-60}
ready_path=${BENCHMARK_SERVER_READY_PATH:-/health}
[[ $wait_seconds =~ ^[0-9]+$ ]] || die "BENCHMARK_SERVER_WAIT must be a number of seconds, got '$wait_seconds'"
[[ $ready_path == /* ]] || die "BENCHMARK_SERVER_READY_PATH must start with /, got '$ready_path'"
# On EC2 the client host may be up before the server: wait for /health instead of failing at once.
say "waiting up to ${wait_seconds}s for http://$host:$port$ready_path"
# In the background, so that docker stop (SIGTERM to this script, PID 1 without an init) ends the wait at once.
# shellcheck disable=SC2016 # JavaScript, not shell
node --input-type=module -e '
  const [host, port, seconds, path] = process.argv.slice(1);
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}${path}`;
  const deadline = Date.now() + Number(seconds) * 1000;
  for (;;) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) process.exit(0);
    } catch {}
    if (Date.now() >= deadline) process.exit(1);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }' "$host" "$port" "$wait_seconds" "$ready_path" &
waiter=$!
trap 'kill "$waiter" 2>/dev/null; exit 143' TERM
trap 'kill "$waiter" 2>/dev/null; exit 130' INT
if ! wait "$waiter"; then
  say "error: the server at $host:$port did not answer $ready_path within ${wait_seconds}s"
  exit 1
fi
trap - TERM INT

# exec: the suite becomes this process (PID 1 in the container unless compose's init is), so
# docker stop's SIGTERM reaches it directly. It says where the results are ("suite: files: ...").
exec bash "$APP/scripts/run.sh" "$runtime" "$@"
