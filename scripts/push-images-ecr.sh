#!/usr/bin/env bash
# Builds the server image and one client image per runtime (Dockerfile.client's RUNTIME), and
# pushes them to the ECR repositories that terraform/ creates with create_ecr_repositories = true:
#   <server-repo>:latest and <client-repo>:<runtime>, the tags terraform/ runs.
# Then prints each pushed image's digest, and the Terraform settings that pin exactly these
# builds (ECR tags are mutable: a later push would move them under a running setup).
# `terraform -chdir=terraform output -raw push_images_command` prints the command filled in.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
  cat <<USAGE
Usage: scripts/push-images-ecr.sh --region REGION --server-repo URL --client-repo URL [options]

Builds Dockerfile.server (Node --server-node-version) and Dockerfile.client once per runtime
(--build-arg RUNTIME=<runtime>), logs Docker in to ECR with the AWS CLI, and pushes:
  <server-repo>:latest   <client-repo>:<runtime> (one per runtime: node22, bun, ...)
then prints every pushed image by digest (repo@sha256:...) and the two Terraform settings
that pin them (server_image, client_image_digests): tags can be moved, digests cannot.

Options:
  --region REGION           AWS region of the repositories
  --server-repo URL         e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/ntab/server
  --client-repo URL         e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/ntab/client
  --runtimes LIST           comma-separated runtimes of the client (default node22,node24):
                            node22, node24, node26, bun, deno (runtimes/package.json)
  --node-versions LIST      the old spelling: Node majors, 22,24 is --runtimes node22,node24
  --server-node-version N   Node major of the server image (default 24)
  --platform PLATFORM       image platform (default linux/amd64: c5 instances are x86_64,
                            also when you build on an arm64 machine)
  --dry-run                 print the commands, run nothing
  -h, --help                this help

Needs: docker, and the AWS CLI v2 with credentials allowed to push to the repositories.
USAGE
}

die() { echo "push-images-ecr: error: $*" >&2; exit 2; }

REGION='' SERVER_REPO='' CLIENT_REPO='' RUNTIMES=node22,node24 SERVER_NODE=24 PLATFORM=linux/amd64 DRY=0
while [[ $# -gt 0 ]]; do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --dry-run) DRY=1; shift; continue ;;
    -*) [[ $# -ge 2 ]] || die "option $1 needs a value (see --help)" ;;
    *) die "unexpected argument '$1' (see --help)" ;;
  esac
  case $1 in
    --region) REGION=$2 ;;
    --server-repo) SERVER_REPO=$2 ;;
    --client-repo) CLIENT_REPO=$2 ;;
    --runtimes) RUNTIMES=$2 ;;
    --node-versions)
      [[ $2 =~ ^[0-9]{2}(,[0-9]{2})*$ ]] || die "--node-versions must be Node majors such as 22,24, got '$2'"
      RUNTIMES=node${2//,/,node}
      ;;
    --server-node-version) SERVER_NODE=$2 ;;
    --platform) PLATFORM=$2 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift 2
done

[[ $REGION =~ ^[a-z]{2}(-[a-z]+)+-[0-9]$ ]] || die "--region must be a region such as us-east-1, got '$REGION'"
ecr_repo='^[0-9]{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com/[a-z0-9._/-]+$'
[[ $SERVER_REPO =~ $ecr_repo ]] || die "--server-repo must be an ECR repository URL without tag, got '$SERVER_REPO'"
[[ $CLIENT_REPO =~ $ecr_repo ]] || die "--client-repo must be an ECR repository URL without tag, got '$CLIENT_REPO'"
# The pinned runtimes (runtimes/package.json; a test keeps them equal).
[[ $RUNTIMES =~ ^(node22|node24|node26|bun|deno)(,(node22|node24|node26|bun|deno))*$ ]] ||
  die "--runtimes must list runtimes among node22, node24, node26, bun, deno (comma-separated), got '$RUNTIMES'"
[[ $SERVER_NODE =~ ^[0-9]{2}$ ]] || die "--server-node-version must be a Node major such as 24, got '$SERVER_NODE'"
[[ $PLATFORM =~ ^[a-z0-9]+/[a-z0-9]+(/[a-z0-9]+)?$ ]] || die "--platform must look like linux/amd64, got '$PLATFORM'"

registry=${SERVER_REPO%%/*}
[[ ${CLIENT_REPO%%/*} == "$registry" ]] || die "both repositories must be in one registry ($registry)"
[[ $registry == *".dkr.ecr.$REGION.amazonaws.com" ]] || die "the repositories are not in --region $REGION ($registry)"

if [[ $DRY == 0 ]]; then
  command -v docker >/dev/null || die "docker is not installed"
  command -v aws >/dev/null || die "the AWS CLI is not installed (https://docs.aws.amazon.com/cli/)"
fi

run() {
  printf '+'; printf ' %q' "$@"; printf '\n'
  [[ $DRY == 1 ]] || "$@"
}

echo "+ aws ecr get-login-password --region $REGION | docker login --username AWS --password-stdin $registry"
if [[ $DRY == 0 ]]; then
  aws ecr get-login-password --region "$REGION" | docker login --username AWS --password-stdin "$registry" ||
    die "docker login to $registry failed (AWS credentials? region?)"
fi

# pushed_digest REPO TAG: the digest the registry gave REPO:TAG (after the push, Docker lists it among the image's RepoDigests).
pushed_digest() {
  local found
  found=$(docker image inspect --format '{{range .RepoDigests}}{{println .}}{{end}}' "$1:$2" | grep -m 1 "^$1@sha256:[0-9a-f]\{64\}$") ||
    die "pushed $1:$2, but Docker lists no digest for it in $1"
  echo "${found#"$1@"}"
}

run docker build --platform "$PLATFORM" -f "$ROOT/Dockerfile.server" --build-arg "NODE_VERSION=$SERVER_NODE" \
  -t "$SERVER_REPO:latest" "$ROOT"
run docker push "$SERVER_REPO:latest"
IFS=',' read -r -a runtimes <<<"$RUNTIMES"
for r in "${runtimes[@]}"; do
  run docker build --platform "$PLATFORM" -f "$ROOT/Dockerfile.client" --build-arg "RUNTIME=$r" \
    -t "$CLIENT_REPO:$r" "$ROOT"
  run docker push "$CLIENT_REPO:$r"
done
if [[ $DRY == 1 ]]; then
  echo "push-images-ecr: would push (dry run) $SERVER_REPO:latest and ${RUNTIMES//,/, } to $CLIENT_REPO; dry run: no digests (a real push prints them and the settings that pin them)" >&2
  exit 0
fi
echo "push-images-ecr: pushed $SERVER_REPO:latest and ${RUNTIMES//,/, } to $CLIENT_REPO" >&2

server_digest=$(pushed_digest "$SERVER_REPO" latest)
digests=()
echo
echo "Pushed images by digest:"
printf '%-8s %s\n' server "$SERVER_REPO@$server_digest"
for r in "${runtimes[@]}"; do
  digest=$(pushed_digest "$CLIENT_REPO" "$r")
  printf '%-8s %s\n' "$r" "$CLIENT_REPO@$digest"
  digests+=("\"$r\" = \"$digest\"")
done
echo
echo "The tags above can be moved (tags in ECR are mutable). To run exactly these builds, add"
echo "to terraform/terraform.tfvars (or pass each as -var 'NAME=VALUE' to terraform apply):"
echo
echo "server_image         = \"$SERVER_REPO@$server_digest\""
joined=$(printf ', "%s"' "${runtimes[@]}")
echo "client_runtimes      = [${joined#, }]"
joined=$(printf ', %s' "${digests[@]}")
echo "client_image_digests = { ${joined#, } }"
