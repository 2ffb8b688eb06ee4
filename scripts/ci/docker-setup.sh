#!/usr/bin/env bash
# Makes Docker usable for the test suite, on a brand-new Debian/Ubuntu machine or an already
# prepared one (every step is skipped when its result is already there):
#   1. installs docker.io and debootstrap with apt when missing;
#   2. starts dockerd in the background when no daemon answers;
#   3. builds the local PostgreSQL 15 test image from Debian packages, without any registry,
#      named aza-pg-test/postgres:<key> where <key> hashes the recipe (this script, the entrypoint
#      and the package list): a changed recipe builds a new image, an unchanged one is reused.
# Prints the image name on stdout (everything else goes to stderr). test/harness/docker.ts computes
# the same key, so the harness needs no state file.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RECIPE_DIR="$ROOT/test/harness/docker"
ENTRYPOINT="$RECIPE_DIR/entrypoint.sh"
PACKAGES="$RECIPE_DIR/packages"
SELF="$ROOT/scripts/ci/docker-setup.sh"
DOCKERD_LOG=${AZA_PG_DOCKERD_LOG:-/tmp/aza-pg-dockerd.log}
SUITE=bookworm

log() { printf 'docker-setup: %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  else
    sudo "$@"
  fi
}

# --- 1. packages -----------------------------------------------------------------------------
missing=()
command -v dockerd >/dev/null 2>&1 || [ -x /usr/sbin/dockerd ] || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
# debootstrap checks Debian's signatures with this keyring; Ubuntu hosts lack it by default.
[ -f /usr/share/keyrings/debian-archive-keyring.gpg ] || missing+=(debian-archive-keyring)
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
export PATH="$PATH:/usr/sbin:/sbin"

# --- 2. daemon -------------------------------------------------------------------------------
if ! docker info >/dev/null 2>&1; then
  log "no Docker daemon answers; starting dockerd (log: $DOCKERD_LOG)"
  # containerd is started by dockerd itself when none runs.
  # shellcheck disable=SC2016 # $1 is expanded by the inner shell, on purpose
  as_root sh -c 'nohup dockerd >"$1" 2>&1 </dev/null &' sh "$DOCKERD_LOG"
  for _ in $(seq 1 60); do
    if docker info >/dev/null 2>&1; then break; fi
    sleep 1
  done
  if ! docker info >/dev/null 2>&1; then
    log "dockerd did not answer within 60 s; last lines of $DOCKERD_LOG:"
    tail -n 30 "$DOCKERD_LOG" >&2 || true
    exit 1
  fi
  log "dockerd is up"
fi

# --- 3. image --------------------------------------------------------------------------------
KEY=$(cat "$SELF" "$ENTRYPOINT" "$PACKAGES" | sha256sum | cut -c1-16)
IMAGE="aza-pg-test/postgres:$KEY"

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "image $IMAGE already present"
  printf '%s\n' "$IMAGE"
  exit 0
fi

# The Debian mirror the host's apt already uses (it is known to be reachable), else Debian's own.
debian_mirror() {
  local uri
  uri=$(
    {
      grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{ for (i = 2; i <= NF; i++) print $i }'
      grep -hsE '^deb[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{ print ($2 ~ /^\[/) ? $3 : $2 }'
    } | grep -E '/debian/?$' | grep -v security | head -n 1
  ) || true
  printf '%s\n' "${uri:-http://deb.debian.org/debian}"
}
MIRROR=$(debian_mirror)

WORK=$(mktemp -d /tmp/aza-pg-image.XXXXXX)
cleanup() { as_root rm -rf "$WORK"; }
trap cleanup EXIT
ROOTFS="$WORK/rootfs"

INCLUDE=$(grep -v '^[[:space:]]*\(#\|$\)' "$PACKAGES" | paste -sd, -)
log "building $IMAGE: debootstrap $SUITE from $MIRROR with $INCLUDE (about a minute)"
as_root debootstrap --variant=minbase --include="$INCLUDE" "$SUITE" "$ROOTFS" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 || {
  log "debootstrap failed; last lines of its log:"
  tail -n 30 "$WORK/debootstrap.log" >&2
  exit 1
}

# The package's default cluster (15/main) is not used: containers make their own in PGDATA.
as_root rm -rf "$ROOTFS/var/lib/postgresql/15" "$ROOTFS/etc/postgresql/15"
as_root rm -rf "$ROOTFS/var/cache/apt/archives" "$ROOTFS/var/lib/apt/lists"
as_root mkdir -p "$ROOTFS/var/cache/apt/archives/partial" "$ROOTFS/var/lib/apt/lists/partial"
as_root install -m 0755 "$ENTRYPOINT" "$ROOTFS/usr/local/bin/aza-pg-entrypoint"
as_root mkdir -p "$ROOTFS/backup"
as_root chroot "$ROOTFS" chown postgres:postgres /backup

# docker import takes no STOPSIGNAL: the harness runs containers with --stop-signal SIGINT instead.
as_root tar -C "$ROOTFS" -c . | docker import \
  -c 'ENTRYPOINT ["/usr/local/bin/aza-pg-entrypoint"]' \
  -c 'ENV PGDATA=/var/lib/postgresql/data' \
  -c 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  - "$IMAGE" >/dev/null
log "built $IMAGE"
printf '%s\n' "$IMAGE"
