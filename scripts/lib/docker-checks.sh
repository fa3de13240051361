# shellcheck shell=bash
# Checks shared by the scripts that build Node images (build-base-images.sh and
# compose-matrix.sh). Sourced after the script has defined die (message, exit 2).

# check_node_major ARG: ARG is a Node major version such as 24, else a usage error.
check_node_major() {
  [[ $1 =~ ^[1-9][0-9]*$ ]] || die "MAJOR must be a Node major version like 24, got '$1'"
}

# require_docker: the docker CLI is installed and its engine answers, else an error.
require_docker() {
  command -v docker >/dev/null 2>&1 || die "docker is not installed"
  docker info >/dev/null 2>&1 || die "the Docker engine is not reachable (is dockerd running?)"
}
