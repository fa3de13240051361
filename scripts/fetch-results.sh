#!/usr/bin/env bash
# Fetches the EC2 client hosts' results: waits until each host's STATUS says "done" or
# "failed", then copies its results directory to OUTPUT/client-<n>/ over SSH.
#   scripts/fetch-results.sh [options] USER@HOST...
# `terraform -chdir=terraform output -raw fetch_results_command` prints this line filled in,
# with the hosts' SSH keys pinned from their console output.
set -euo pipefail

usage() {
  cat <<USAGE
Usage: scripts/fetch-results.sh [options] USER@HOST...

Waits until every client host has finished the benchmark (its STATUS file starts with
"done" or "failed"), then copies its results into OUTPUT/client-<n>/ (n: position of the
host in the arguments, as the instances' Name tags client-<n>). OUTPUT/client-<n> must not
exist yet: each fetch unpacks into a fresh folder, with your ownership, not the host's.

Host keys (how this knows it talks to your instance):
  --host-keys-from-console IDS  comma-separated EC2 instance ids, one per USER@HOST in the
                        same order: reads each instance's SSH host keys from its console
                        output (aws ec2 get-console-output, where cloud-init prints them at
                        boot), and accepts only a host that proves it holds one of them
  --known-hosts FILE    accept only the keys in FILE (OpenSSH known_hosts format)
  (neither)             trust on first use: the first key a host shows is accepted and
                        remembered in ~/.ssh/known_hosts (StrictHostKeyChecking=accept-new)

Options:
  --region REGION       AWS region of the instances (with --host-keys-from-console; default:
                        the AWS CLI's)
  --remote-dir DIR      results directory on the hosts (default /var/lib/ntab-benchmark/results)
  -o, --output DIR      local directory (default ./results)
  -i, --identity FILE   SSH private key (default: ssh's own choice / ssh-agent)
  --timeout MINUTES     give up waiting after this long (default 240)
  --no-wait             copy whatever is there now, finished or not
  --ssh-command CMD     ssh program and options (default "ssh"), e.g. "ssh -J bastion"
  -h, --help            this help

Exit codes: 0 every host finished with "done", 1 a host reported "failed" or did not
finish in time (what it had is still copied), 2 usage error, a host unreachable, or a host
key that is not the pinned one.
USAGE
}

die() { echo "fetch-results: error: $*" >&2; exit 2; }
say() { echo "fetch-results: $*" >&2; }

REMOTE_DIR=/var/lib/ntab-benchmark/results OUTPUT=./results IDENTITY='' TIMEOUT_MIN=240 WAIT=1
SSH_COMMAND=ssh REGION='' CONSOLE_IDS='' KNOWN_HOSTS=''
targets=()
while [[ $# -gt 0 ]]; do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --no-wait) WAIT=0; shift; continue ;;
    -*) [[ $# -ge 2 ]] || die "option $1 needs a value (see --help)" ;;
  esac
  case $1 in
    --remote-dir) REMOTE_DIR=$2 ;;
    -o|--output) OUTPUT=$2 ;;
    -i|--identity) IDENTITY=$2 ;;
    --timeout) TIMEOUT_MIN=$2 ;;
    --ssh-command) SSH_COMMAND=$2 ;;
    --region) REGION=$2 ;;
    --host-keys-from-console) CONSOLE_IDS=$2 ;;
    --known-hosts) KNOWN_HOSTS=$2 ;;
    -*) die "unknown option '$1' (see --help)" ;;
    *) targets+=("$1"); shift; continue ;;
  esac
  shift 2
done

[[ ${#targets[@]} -gt 0 ]] || { usage >&2; die "give at least one client host as USER@HOST"; }
[[ $TIMEOUT_MIN =~ ^[0-9]+$ ]] || die "--timeout must be a whole number of minutes, got '$TIMEOUT_MIN'"
[[ $REMOTE_DIR == /* && $REMOTE_DIR != *"'"* ]] || die "--remote-dir must be an absolute path without quotes, got '$REMOTE_DIR'"
[[ -z $IDENTITY || -r $IDENTITY ]] || die "identity file '$IDENTITY' is not readable"
for target in "${targets[@]}"; do
  [[ $target =~ ^[A-Za-z0-9._-]+@[A-Za-z0-9.:_-]+$ ]] || die "'$target' is not USER@HOST"
done
[[ -z $REGION || $REGION =~ ^[a-z]{2}(-[a-z]+)+-[0-9]$ ]] || die "--region must be a region such as us-east-1, got '$REGION'"
[[ -z $CONSOLE_IDS || -z $KNOWN_HOSTS ]] || die "give --host-keys-from-console or --known-hosts, not both"
[[ -z $KNOWN_HOSTS || -r $KNOWN_HOSTS ]] || die "known hosts file '$KNOWN_HOSTS' is not readable"
instance_ids=()
if [[ -n $CONSOLE_IDS ]]; then
  [[ $CONSOLE_IDS =~ ^i-[0-9a-f]{8,17}(,i-[0-9a-f]{8,17})*$ ]] ||
    die "--host-keys-from-console takes instance ids such as i-0123456789abcdef0, comma-separated, got '$CONSOLE_IDS'"
  IFS=, read -r -a instance_ids <<<"$CONSOLE_IDS"
  [[ ${#instance_ids[@]} -eq ${#targets[@]} ]] ||
    die "--host-keys-from-console needs one instance id per USER@HOST (${#instance_ids[@]} ids, ${#targets[@]} hosts)"
  command -v aws >/dev/null 2>&1 || die "--host-keys-from-console needs the AWS CLI (https://docs.aws.amazon.com/cli/), or use --known-hosts FILE"
fi
# A fresh folder per host: an earlier fetch is never overwritten or mixed with this one.
for i in "${!targets[@]}"; do
  [[ ! -e "$OUTPUT/client-$((i + 1))" ]] ||
    die "$OUTPUT/client-$((i + 1)) already exists (an earlier fetch?): move it away or give another --output"
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

read -r -a ssh_cmd <<<"$SSH_COMMAND"
ssh_cmd+=(-o BatchMode=yes -o ConnectTimeout=10)
[[ -n $IDENTITY ]] && ssh_cmd+=(-i "$IDENTITY")
if [[ -n $KNOWN_HOSTS ]]; then
  ssh_cmd+=(-o StrictHostKeyChecking=yes -o "UserKnownHostsFile=$KNOWN_HOSTS" -o GlobalKnownHostsFile=/dev/null)
  say "host keys pinned: only those in $KNOWN_HOSTS are accepted"
elif [[ -z $CONSOLE_IDS ]]; then
  ssh_cmd+=(-o StrictHostKeyChecking=accept-new)
  say "note: trusting each host's SSH key on first use (StrictHostKeyChecking=accept-new): a host never seen before is accepted as it is, then remembered in ~/.ssh/known_hosts. To pin the keys the instances printed at boot, use --host-keys-from-console (the command 'terraform output fetch_results_command' prints does) or --known-hosts FILE."
fi

# The "type base64" host keys in an EC2 console output, as cloud-init prints them between
# BEGIN/END SSH HOST KEY KEYS; each checked by ssh-keygen (a garbled line is left out).
keys_in_console() {
  local line
  { tr -d '\r' | sed -n '/^-----BEGIN SSH HOST KEY KEYS-----$/,/^-----END SSH HOST KEY KEYS-----$/p' |
    grep -oE '^(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa) [A-Za-z0-9+/]+={0,2}' || true; } |
    sort -u | while read -r line; do
      if ssh-keygen -l -f /dev/stdin <<<"$line" >/dev/null 2>&1; then echo "$line"; fi
    done
}

# pin_from_console INDEX: writes WORK/known_hosts-INDEX with the host keys instance INDEX
# printed to its console, waiting for them (cloud-init prints them minutes after boot).
pin_from_console() {
  local id=${instance_ids[$1]} target=${targets[$1]} host=${targets[$1]#*@} out keys line
  local deadline=$(($(date +%s) + TIMEOUT_MIN * 60)) region=()
  [[ -n $REGION ]] && region=(--region "$REGION")
  while :; do
    # --latest: the live output of Nitro instances; older types answer the buffered one only.
    out=$(aws ec2 get-console-output "${region[@]}" --instance-id "$id" --latest --query Output --output text 2>&1 ||
      aws ec2 get-console-output "${region[@]}" --instance-id "$id" --query Output --output text 2>&1) ||
      die "cannot read the console output of $id (AWS credentials? region? the AWS CLI said: ${out//$'\n'/ })"
    keys=$(keys_in_console <<<"$out")
    [[ -z $keys ]] || break
    if [[ $WAIT == 0 ]] || (($(date +%s) >= deadline)); then
      die "no SSH host keys in the console output of $id yet (cloud-init prints them a few minutes after boot; try again later, or use --known-hosts FILE)"
    fi
    say "$target: waiting for $id to print its SSH host keys to its console"
    sleep 30
  done
  while read -r line; do echo "$host $line"; done <<<"$keys" >"$WORK/known_hosts-$1"
  say "$target: host keys pinned from the console output of $id ($(wc -l <"$WORK/known_hosts-$1") keys)"
}

# remote INDEX COMMAND: COMMAND on host INDEX, checked against its pinned keys if any.
remote() {
  local extra=()
  if [[ -n $CONSOLE_IDS ]]; then
    # The alias makes ssh look the keys up under the bare host, whatever port --ssh-command uses.
    extra=(-o StrictHostKeyChecking=yes -o "UserKnownHostsFile=$WORK/known_hosts-$1" -o GlobalKnownHostsFile=/dev/null
      -o "HostKeyAlias=${targets[$1]#*@}")
  fi
  "${ssh_cmd[@]}" "${extra[@]}" "${targets[$1]}" "$2"
}

# Why ssh failed: a host key that is not the pinned one says so.
unreachable() {
  local target=$1 said=$2
  if [[ $said == *"Host key verification failed"* && -n $CONSOLE_IDS ]]; then
    die "$target: Host key verification failed: its key is not the key its instance printed to the console output, so this is not your instance (or it was replaced); nothing copied"
  elif [[ $said == *"Host key verification failed"* ]]; then
    die "$target: Host key verification failed ($said); nothing copied"
  fi
  die "cannot reach $target over SSH (is ssh_allowed_cidr your address? right key? try: ssh $target): $said"
}

# Waits for host INDEX; prints its final STATUS line on stdout.
wait_for() {
  local target=${targets[$1]} deadline=$(($(date +%s) + TIMEOUT_MIN * 60)) line seen=
  while :; do
    if ! line=$(remote "$1" "cat '$REMOTE_DIR/STATUS' 2>/dev/null || echo 'running: the client has not started yet'" 2>"$WORK/ssh.err"); then
      unreachable "$target" "$(tr '\n' ' ' <"$WORK/ssh.err")"
    fi
    [[ $line != "$seen" ]] && say "$target: $line" && seen=$line
    if [[ $line == done* || $line == failed* || $WAIT == 0 ]]; then
      echo "$line"
      return 0
    fi
    if (($(date +%s) >= deadline)); then
      echo "timeout: still '$line' after $TIMEOUT_MIN minutes"
      return 0
    fi
    sleep 30
  done
}

status=0
mkdir -p "$OUTPUT"
for i in "${!targets[@]}"; do
  target=${targets[i]}
  dest="$OUTPUT/client-$((i + 1))"
  [[ -z $CONSOLE_IDS ]] || pin_from_console "$i"
  final=$(wait_for "$i")
  # Unpacked into a fresh folder beside the destination, then renamed: a broken transfer leaves
  # nothing half-written. What the host sends is data: --no-same-owner and
  # --no-same-permissions keep its owners and modes (setuid included) out, and GNU tar refuses
  # members that would land outside the folder.
  stage=$(mktemp -d "$OUTPUT/.client-$((i + 1)).partial.XXXXXX")
  if ! remote "$i" "tar -C '$REMOTE_DIR' -cf - ." 2>"$WORK/ssh.err" |
    tar -C "$stage" -xf - --no-same-owner --no-same-permissions; then
    rm -rf "$stage"
    [[ -s $WORK/ssh.err ]] && unreachable "$target" "$(tr '\n' ' ' <"$WORK/ssh.err")"
    die "copying $target:$REMOTE_DIR failed"
  fi
  chmod 755 "$stage"
  mv "$stage" "$dest"
  say "$target -> $dest ($final)"
  [[ $final == done* ]] || status=1
done
exit "$status"
