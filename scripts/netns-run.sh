#!/usr/bin/env bash
# shellcheck disable=SC2317 # cleanup and its helpers run from traps
# Two hosts on one machine: a server namespace and a client namespace joined by a veth
# pair, optionally with link latency (tc netem where the kernel has it, else the
# userspace latency proxy). Runs the benchmark server in one and a command (default:
# scripts/run.sh) in the other, then tears everything down, also on failure and Ctrl-C.
#   scripts/netns-run.sh [options] [-- run.sh options | -- COMMAND [ARGS...]]
set -euo pipefail

# Started in the background by a non-interactive shell (`netns-run.sh ... &` in a script),
# bash inherits SIGINT ignored and cannot trap a signal ignored on entry: a Ctrl-C or
# `kill -INT` would be lost, the run would go on and exit 0. Start again with INT, TERM and
# HUP at their defaults, so that the traps below hold whoever started the script.
if [[ -z ${NETNS_RUN_SIGNALS_RESET:-} && -n $(trap -p INT TERM HUP) ]]; then
  if env --default-signal=INT true 2>/dev/null; then
    NETNS_RUN_SIGNALS_RESET=1 exec env --default-signal=INT,TERM,HUP bash "${BASH_SOURCE[0]}" "$@"
  fi
  echo "netns-run: warning: SIGINT/SIGTERM are ignored in this shell and this env cannot reset them (coreutils < 8.31): signals will not stop the run" >&2
fi
unset NETNS_RUN_SIGNALS_RESET

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
  cat <<USAGE
Usage: scripts/netns-run.sh [options] [-- run.sh options | -- COMMAND [ARGS...]]

Creates network namespaces ntab-<pid>-srv and ntab-<pid>-cli joined by a veth pair
(10.77.0.1 <-> 10.77.0.2), runs benchmark-server in the first and, in the second,
COMMAND with BENCHMARK_SERVER_HOST/PORT pointing across the link. After "--", arguments
starting with "-" are options of scripts/run.sh (run with this script's node);
without "--", scripts/run.sh runs with its defaults. Needs root and iproute2.

Options:
  --rtt MS            round-trip time added between the namespaces (default 0)
  --jitter MS         variation of the RTT, half on each direction (netem only)
  --loss PCT          packet loss per direction, in percent (netem only)
  --link KIND         auto (default): netem if the kernel has it, else the proxy;
                      netem: tc netem on both veth ends (an error where the kernel lacks it);
                      proxy: the userspace latency proxy (dist/proxy/cli.js) in front of the server
  --server-delay SPEC benchmark-server --delay (e.g. 5, uniform:1,9, normal:5,2)
  --node BIN          node binary for the server, proxy and run.sh (default: node on PATH)
  -h, --help          this help

The command also gets BENCHMARK_NETWORK (e.g. "netns veth, link proxy, rtt 20 ms"),
BENCHMARK_LINK (none|netem|proxy), BENCHMARK_RTT_MS and BENCHMARK_SERVER_DELAY, so the
recorded environment says how the link was emulated.
Signals: INT, TERM and HUP stop the command and everything in the namespaces (SIGTERM,
then SIGKILL after 5 s) and clean up; the exit code is then 130, 143 or 129.
Exit code: the command's; 2 for usage errors (netem asked for but missing included).
USAGE
}

die() { echo "netns-run: error: $*" >&2; exit 2; }
say() { echo "netns-run: $*" >&2; }
is_ms() { [[ $1 =~ ^[0-9]+([.][0-9]+)?$ ]]; }

NODE_BIN=$(command -v node || true)
RTT=0 JITTER=0 LOSS=0 LINK=auto SERVER_DELAY=0
COMMAND=()
while [[ $# -gt 0 ]]; do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --) shift; COMMAND=("$@"); break ;;
  esac
  [[ $# -ge 2 ]] || die "option $1 needs a value (see --help)"
  case $1 in
    --rtt) RTT=$2 ;;
    --jitter) JITTER=$2 ;;
    --loss) LOSS=$2 ;;
    --link) LINK=$2 ;;
    --server-delay) SERVER_DELAY=$2 ;;
    --node) NODE_BIN=$2 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift 2
done

for pair in "--rtt:$RTT" "--jitter:$JITTER" "--loss:$LOSS"; do
  is_ms "${pair#*:}" || die "${pair%%:*} must be a non-negative number, got '${pair#*:}'"
done
awk -v l="$LOSS" 'BEGIN { exit !(l <= 100) }' || die "--loss must be a percentage from 0 to 100, got '$LOSS'"
case $LINK in auto|netem|proxy) ;; *) die "--link must be auto, netem or proxy, got '$LINK'" ;; esac
[[ $(id -u) -eq 0 ]] || die "network namespaces need root (run as root or with sudo)"
command -v ip >/dev/null 2>&1 || die "'ip' is missing (Debian/Ubuntu: apt-get install iproute2)"
command -v tc >/dev/null 2>&1 || die "'tc' is missing (Debian/Ubuntu: apt-get install iproute2)"
[[ -n $NODE_BIN ]] || die "no node on PATH (use --node BIN)"
command -v "$NODE_BIN" >/dev/null 2>&1 || die "node '$NODE_BIN' is not an executable file or a command on PATH (use --node BIN)"
# check-node.cjs prints {"kind":"node",...} when this binary is a Node new enough, else one line saying why
# (the server and proxy run on Node; Bun or Deno run only as the command's own clients).
node_rc=0
node_said=$("$NODE_BIN" "$ROOT/scripts/check-node.cjs" 2>&1) || node_rc=$?
case $node_rc:$node_said in
  '0:{"kind":"bun"'*) node_said="it is Bun, not Node: the server and the proxy run on Node"; node_rc=1 ;;
  '0:{"kind":"deno"'*) node_said="it is Deno, not Node: the server and the proxy run on Node"; node_rc=1 ;;
esac
if [[ $node_rc -ne 0 || $node_said != '{"kind":"node"'* ]]; then
  reason=${node_said##*$'\n'}
  # A binary that is no Node at all (/bin/false, /bin/true) says nothing.
  [[ -n ${reason//[[:space:]]/} ]] || reason="it exited $node_rc and printed nothing when asked to run scripts/check-node.cjs: not a Node.js binary?"
  die "node '$NODE_BIN': $reason (use --node BIN)"
fi
for file in dist/server/cli.js dist/proxy/cli.js dist/client/cli.js; do
  [[ -f $ROOT/$file ]] || die "$ROOT/$file is missing: run 'npm run build' first"
done
"$NODE_BIN" "$ROOT/dist/server/cli.js" --delay "$SERVER_DELAY" --help >/dev/null || die "bad --server-delay '$SERVER_DELAY'"

if [[ ${#COMMAND[@]} -eq 0 || ${COMMAND[0]} == -* ]]; then
  COMMAND=(bash "$ROOT/scripts/run.sh" "$NODE_BIN" "${COMMAND[@]}")
fi
needs_delay=$(awk -v r="$RTT" -v j="$JITTER" -v l="$LOSS" 'BEGIN { print (r > 0 || j > 0 || l > 0) ? 1 : 0 }')
netem_only=$(awk -v j="$JITTER" -v l="$LOSS" 'BEGIN { print (j > 0 || l > 0) ? 1 : 0 }')
[[ $LINK == proxy && $netem_only == 1 ]] && die "--jitter and --loss need netem; the proxy adds a fixed RTT only"

# Names unique to this run, so concurrent runs and other tools never collide with ours.
PREFIX="ntab-$$"
NS_SRV="$PREFIX-srv" NS_CLI="$PREFIX-cli"
VETH_SRV="ntab$$s" VETH_CLI="ntab$$c"
ADDR_SRV=10.77.0.1 ADDR_CLI=10.77.0.2
WORK='' SERVER_PID='' PROXY_PID='' COMMAND_PID=''

# Seconds a process has to stop on SIGTERM before it gets SIGKILL.
GRACE_SECONDS=5

# SIGTERM to every given process still alive, then SIGKILL to those that ignored it for
# GRACE_SECONDS: one grace period for all of them, not one each.
stop_pids() {
  local pid alive=() seen=' '
  for pid in "$@"; do
    [[ -n $pid && $seen != *" $pid "* ]] || continue
    seen+="$pid "
    kill -0 "$pid" 2>/dev/null && alive+=("$pid")
  done
  [[ ${#alive[@]} -gt 0 ]] || return 0
  kill -TERM "${alive[@]}" 2>/dev/null || true
  local _ still
  for _ in $(seq 1 $((GRACE_SECONDS * 10))); do
    still=()
    for pid in "${alive[@]}"; do kill -0 "$pid" 2>/dev/null && still+=("$pid"); done
    [[ ${#still[@]} -gt 0 ]] || return 0
    sleep 0.1
  done
  say "still running ${GRACE_SECONDS} s after SIGTERM: sending SIGKILL to pid ${still[*]}"
  kill -KILL "${still[@]}" 2>/dev/null || true
  # Gone (or a zombie of ours, reaped below) before the namespaces are deleted.
  for _ in $(seq 1 20); do
    local left=()
    for pid in "${still[@]}"; do kill -0 "$pid" 2>/dev/null && left+=("$pid"); done
    [[ ${#left[@]} -gt 0 ]] || return 0
    sleep 0.05
  done
}

# Every process inside one of our namespaces (the command's children, hyperfine's too).
namespace_pids() {
  if ip netns list | grep -qw "^$1"; then ip netns pids "$1" 2>/dev/null || true; fi
}

cleanup() {
  local rc=$?
  # Nothing may interrupt the clean-up: a second Ctrl-C (or SIGTERM) would leave namespaces,
  # processes and the temp dir behind. Commands run from here inherit the ignoring too.
  trap '' INT TERM HUP
  trap - EXIT
  # The client side first (the command and whatever it started), then the server side;
  # anything inside our namespaces was started by this run.
  local pids
  mapfile -t pids < <(namespace_pids "$NS_CLI")
  stop_pids "$COMMAND_PID" "${pids[@]}"
  mapfile -t pids < <(namespace_pids "$NS_SRV")
  stop_pids "$PROXY_PID" "$SERVER_PID" "${pids[@]}"
  # Started in the client namespace during the clean-up above (a dying command's last child).
  mapfile -t pids < <(namespace_pids "$NS_CLI")
  stop_pids "${pids[@]}"
  local ns
  for ns in "$NS_CLI" "$NS_SRV"; do
    if ip netns list | grep -qw "^$ns"; then
      ip netns del "$ns" 2>/dev/null || say "warning: could not delete namespace $ns"
    fi
  done
  # Only left in the host namespace when set-up failed half-way (deleting a namespace deletes its veth end).
  ip link del "$VETH_SRV" 2>/dev/null || true
  ip link del "$VETH_CLI" 2>/dev/null || true
  [[ -n $WORK ]] && rm -rf "$WORK"
  say "cleaned up $NS_SRV, $NS_CLI (exit $rc)"
  exit "$rc"
}
# The first signal starts the clean-up; from then on further signals are ignored.
on_signal() {
  trap '' INT TERM HUP
  exit "$1"
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'on_signal 129' HUP
WORK=$(mktemp -d)
say "temp dir $WORK"

say "namespaces $NS_SRV $NS_CLI, veth $VETH_SRV $VETH_CLI"
ip netns add "$NS_SRV"
ip netns add "$NS_CLI"
ip link add "$VETH_SRV" type veth peer name "$VETH_CLI"
ip link set "$VETH_SRV" netns "$NS_SRV"
ip link set "$VETH_CLI" netns "$NS_CLI"
ip -n "$NS_SRV" addr add "$ADDR_SRV/30" dev "$VETH_SRV"
ip -n "$NS_CLI" addr add "$ADDR_CLI/30" dev "$VETH_CLI"
for ns in "$NS_SRV" "$NS_CLI"; do ip -n "$ns" link set lo up; done
ip -n "$NS_SRV" link set "$VETH_SRV" up
ip -n "$NS_CLI" link set "$VETH_CLI" up

# Half the RTT each way, in microseconds (tc takes integers).
half_us() { awk -v v="$1" 'BEGIN { printf "%d", v * 500 + 0.5 }'; }
netem_args() {
  local args=(delay "$(half_us "$RTT")us")
  [[ $JITTER != 0 ]] && args+=("$(half_us "$JITTER")us")
  [[ $LOSS != 0 ]] && args+=(loss "$LOSS%")
  echo "${args[@]}"
}

METHOD=none
if [[ $needs_delay == 1 ]]; then
  if [[ $LINK != proxy ]]; then
    # shellcheck disable=SC2046 # netem_args is a list of words on purpose
    if tc_error=$(ip netns exec "$NS_SRV" tc qdisc add dev "$VETH_SRV" root netem $(netem_args) 2>&1); then
      # shellcheck disable=SC2046
      ip netns exec "$NS_CLI" tc qdisc add dev "$VETH_CLI" root netem $(netem_args)
      METHOD=netem
    elif [[ $LINK == netem ]]; then
      die "tc netem is not available on this kernel (tc said: ${tc_error//$'\n'/ }); use --link proxy, or --link auto to fall back to it"
    elif [[ $netem_only == 1 ]]; then
      die "--jitter and --loss need tc netem, which this kernel lacks (tc said: ${tc_error//$'\n'/ })"
    else
      say "tc netem is not available here (${tc_error//$'\n'/ }): using the userspace latency proxy"
      METHOD=proxy
    fi
  else
    METHOD=proxy
  fi
fi

# Prints the port from a "... listening on ...:PORT..." line once the process writes it.
wait_for_port() {
  local log=$1 pid=$2 what=$3 port
  for _ in $(seq 1 150); do
    port=$(sed -n 's#^.* listening on [^ ]*:\([0-9][0-9]*\)\( .*\)\{0,1\}$#\1#p' "$log")
    [[ -n $port ]] && { echo "$port"; return 0; }
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; say "$what did not start"; return 1; }
    sleep 0.1
  done
  say "$what did not report its port within 15 s"
  return 1
}

SERVER_HOST=$ADDR_SRV
[[ $METHOD == proxy ]] && SERVER_HOST=127.0.0.1 # only the proxy is reachable from the client
ip netns exec "$NS_SRV" "$NODE_BIN" "$ROOT/dist/server/cli.js" --host "$SERVER_HOST" --port 0 --log-level error \
  --delay "$SERVER_DELAY" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
say "server pid $SERVER_PID"
server_port=$(wait_for_port "$WORK/server.log" "$SERVER_PID" "benchmark-server")
TARGET_PORT=$server_port

if [[ $METHOD == proxy ]]; then
  ip netns exec "$NS_SRV" "$NODE_BIN" "$ROOT/dist/proxy/cli.js" --listen "$ADDR_SRV:0" \
    --target "127.0.0.1:$server_port" --rtt "$RTT" >"$WORK/proxy.log" 2>&1 &
  PROXY_PID=$!
  say "proxy pid $PROXY_PID"
  TARGET_PORT=$(wait_for_port "$WORK/proxy.log" "$PROXY_PID" "latency-proxy")
fi

NETWORK="netns veth, link $METHOD, rtt $RTT ms"
[[ $METHOD == netem ]] && NETWORK+=", jitter $JITTER ms, loss $LOSS%"
NETWORK+=", server delay $SERVER_DELAY"
say "$NETWORK; client in $NS_CLI -> $ADDR_SRV:$TARGET_PORT"

# In the background so that Ctrl-C/SIGTERM reach the trap at once instead of after the command.
ip netns exec "$NS_CLI" env BENCHMARK_SERVER_HOST="$ADDR_SRV" BENCHMARK_SERVER_PORT="$TARGET_PORT" \
  BENCHMARK_NETWORK="$NETWORK" BENCHMARK_LINK="$METHOD" BENCHMARK_RTT_MS="$RTT" BENCHMARK_SERVER_DELAY="$SERVER_DELAY" \
  "${COMMAND[@]}" &
COMMAND_PID=$!
set +e
wait "$COMMAND_PID"
rc=$?
set -e
COMMAND_PID=''
exit "$rc"
