# shellcheck shell=bash
# What the scripts that build Node images (build-base-images.sh and compose-matrix.sh)
# share: their arguments, [OPTION...] [MAJOR...], and their checks. Sourced after the
# script has defined usage, die (message, exit 2) and script_option.

# parse_majors ARGS...: -h/--help prints the usage; any other option goes to the script's
# script_option OPTION (which returns non-zero when it does not know it); every other
# argument must be a Node major and is collected in the array `majors`.
parse_majors() {
  majors=()
  local arg
  for arg in "$@"; do
    case $arg in
      -h|--help) usage; exit 0 ;;
      -*) script_option "$arg" || die "unknown option '$arg' (see --help)" ;;
      *) check_node_major "$arg"; majors+=("$arg") ;;
    esac
  done
}

# check_node_major ARG: ARG is a Node major version such as 24, else a usage error.
check_node_major() {
  [[ $1 =~ ^[1-9][0-9]*$ ]] || die "MAJOR must be a Node major version like 24, got '$1'"
}

# require_docker: the docker CLI is installed and its engine answers, else an error.
require_docker() {
  command -v docker >/dev/null 2>&1 || die "docker is not installed"
  docker info >/dev/null 2>&1 || die "the Docker engine is not reachable (is dockerd running?)"
}
