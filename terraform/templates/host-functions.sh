# Shared by both user-data templates: Terraform inserts this file verbatim (template variable
# host_functions). Only mode=ec2 calls the host preparation; the rehearsal never touches the
# machine it runs on (no apt, no sysctl, no instance metadata).

# schedule_termination MINUTES: the cost guard (auto_terminate_after_hours). The instances
# terminate when their OS shuts down (instance_initiated_shutdown_behavior), so this ends the
# host and its bill, even when the run hangs or nobody comes back; 0: never. Only on EC2: a
# rehearsal must not power off the machine it runs on. (`shutdown` by name: the tests put a
# stand-in first on PATH.)
schedule_termination() {
  local minutes=$1
  [[ $MODE == ec2 ]] || return 0
  if ((minutes <= 0)); then
    log "auto-terminate: off (auto_terminate_after_hours = 0): only terraform destroy stops the bill"
    return 0
  fi
  shutdown -h "+$minutes" "ntab: auto_terminate_after_hours reached: this instance terminates now" ||
    log "warning: could not schedule the shutdown: this host runs (and costs) until terraform destroy"
  log "auto-terminate: this host terminates at $(date -u -d "+$minutes minutes" '+%Y-%m-%d %H:%M UTC'), its disk and results with it (auto_terminate_after_hours; 'sudo shutdown -c' cancels)"
}

# retry ATTEMPTS COMMAND...: apt mirrors and registries have bad seconds too.
retry() {
  local attempts=$1 n=1
  shift
  until "$@"; do
    ((n >= attempts)) && return 1
    log "retrying in 10 s ($n/$attempts failed): $*"
    sleep 10
    n=$((n + 1))
  done
}

# Kernel settings for a host that opens and accepts thousands of connections per second.
tune_kernel() {
  cat >/etc/sysctl.d/60-ntab-benchmark.conf <<'SYSCTL'
net.core.somaxconn = 65535
net.ipv4.tcp_max_syn_backlog = 65535
net.core.netdev_max_backlog = 65535
net.ipv4.ip_local_port_range = 1024 65535
net.ipv4.tcp_tw_reuse = 1
fs.file-max = 2097152
fs.nr_open = 2097152
# Each worker thread (a V8 isolate) takes ~70 memory mappings: 1000 threads pass the default 65530.
vm.max_map_count = 262144
SYSCTL
  sysctl --system >/dev/null || log "warning: not every kernel setting could be applied (see sysctl --system)"
  # Containers get theirs from `docker run --ulimit nofile=...`; this covers SSH sessions.
  cat >/etc/security/limits.d/60-ntab-benchmark.conf <<'LIMITS'
*    soft nofile 1048576
*    hard nofile 1048576
root soft nofile 1048576
root hard nofile 1048576
LIMITS
}

# Open-file limit for the containers (docker run --ulimit): ample for thousands of
# connections. A local Docker engine may not allow that much (the rehearsal takes its
# limit, as a container cannot be given more than the engine has).
container_nofile() {
  local want=65536 hard
  hard=$(ulimit -Hn)
  if [[ $MODE == rehearsal && $hard != unlimited ]] && ((hard < want)); then
    echo "$hard"
  else
    echo "$want"
  fi
}

# Docker from Ubuntu's archive; the ECR credential helper lets Docker pull with the
# instance role (no password in user data or on disk).
install_docker() {
  export DEBIAN_FRONTEND=noninteractive
  # Lock timeout: on first boot unattended-upgrades may hold the dpkg lock for minutes.
  local apt=(apt-get -q -o DPkg::Lock::Timeout=600)
  retry 5 "${apt[@]}" update
  retry 5 "${apt[@]}" install -y --no-install-recommends \
    docker.io amazon-ecr-credential-helper ca-certificates curl
  systemctl enable --now docker
}

# Points Docker at the credential helper for every ECR registry among the given images.
configure_registry_login() {
  local image registry entries=()
  for image in "$@"; do
    registry=${image%%/*}
    if [[ $registry =~ ^[0-9]+\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com$ ]] &&
      [[ " ${entries[*]} " != *"\"$registry\""* ]]; then
      entries+=("\"$registry\": \"ecr-login\"")
    fi
  done
  [[ ${#entries[@]} -gt 0 ]] || return 0
  mkdir -p /root/.docker
  local IFS=,
  printf '{"credHelpers": {%s}}\n' "${entries[*]}" >/root/.docker/config.json
}

# pull_image IMAGE DEADLINE_EPOCH: with ECR the images may be pushed after `terraform apply`,
# so keep trying until the deadline, saying why.
pull_image() {
  local image=$1 deadline=$2
  until docker pull -q "$image"; do
    if (($(date +%s) >= deadline)); then
      log "error: could not pull $image (not pushed yet? no access? see the messages above)"
      return 1
    fi
    log "waiting for $image to be pullable (with ECR: run scripts/push-images-ecr.sh)"
    sleep 15
  done
}

# Instance type through IMDSv2 (a session token first: the instances require it).
imds_instance_type() {
  local token
  token=$(curl -fsS -m 5 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' \
    http://169.254.169.254/latest/api/token) || { echo unknown; return 0; }
  curl -fsS -m 5 -H "X-aws-ec2-metadata-token: $token" \
    http://169.254.169.254/latest/meta-data/instance-type || echo unknown
}

# The registry digest of a pulled image (repo@sha256:...), else its local image id.
image_digest() {
  docker image inspect --format '{{if .RepoDigests}}{{index .RepoDigests 0}}{{else}}{{.Id}}{{end}}' "$1" 2>/dev/null ||
    echo "$1 (not inspectable)"
}

# http_ok HOST PORT PATH: one GET over bash's /dev/tcp (no curl needed), true on status 200.
# A separate bash under `timeout`: a host still booting drops the SYN, and connect would hang.
http_ok() {
  # shellcheck disable=SC2016 # expanded by the inner bash
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/$1/$2" || exit 1
    printf "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" "$3" "$1" >&3
    read -r -t 3 _ status _ <&3 || exit 1
    [[ $status == 200 ]]' http_ok "$1" "$2" "$3" 2>/dev/null
}
