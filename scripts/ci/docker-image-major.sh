#!/usr/bin/env bash
# Builds a local PostgreSQL test image of another major than the default one, the way
# docker-setup.sh builds the PostgreSQL 15 image (debootstrap of a Debian suite that carries that
# major, then docker import; no registry). Usage: docker-image-major.sh <major>, after
# docker-setup.sh (which installs debootstrap and starts dockerd).
#   17: Debian trixie. Its binaries need glibc 2.38, so on a bookworm host they run only inside
#       this image: the client-container tests use it both as the server and as the client.
# The image is named aza-pg-test/postgres<major>:<key>, <key> hashing this script, the shared
# entrypoint and the major: test/harness/docker.ts computes the same key. Prints the image name.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ENTRYPOINT="$ROOT/test/harness/docker/entrypoint.sh"
SELF="$ROOT/scripts/ci/docker-image-major.sh"
MAJOR=${1:?usage: docker-image-major.sh <major>}

case "$MAJOR" in
  17) SUITE=trixie ;;
  *)
    printf 'docker-image-major: no Debian suite known for PostgreSQL %s (known: 17)\n' "$MAJOR" >&2
    exit 2
    ;;
esac

log() { printf 'docker-image-major: %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
export PATH="$PATH:/usr/sbin:/sbin"

KEY=$( (cat "$SELF" "$ENTRYPOINT" && printf '%s\n' "$MAJOR") | sha256sum | cut -c1-16)
IMAGE="aza-pg-test/postgres$MAJOR:$KEY"
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "image $IMAGE already present"
  printf '%s\n' "$IMAGE"
  exit 0
fi

# The host's Debian mirror when it has one (known reachable), else Debian's own.
MIRROR=$(
  {
    grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{ for (i = 2; i <= NF; i++) print $i }'
    grep -hsE '^deb[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{ print ($2 ~ /^\[/) ? $3 : $2 }'
  } | grep -E '/debian/?$' | grep -v security | head -n 1
) || true
MIRROR=${MIRROR:-http://deb.debian.org/debian}

WORK=$(mktemp -d /tmp/aza-pg-image.XXXXXX)
cleanup() { as_root rm -rf "$WORK"; }
trap cleanup EXIT
ROOTFS="$WORK/rootfs"

INCLUDE="postgresql-$MAJOR,postgresql-client-$MAJOR"
log "building $IMAGE: debootstrap $SUITE from $MIRROR with $INCLUDE (about a minute)"
as_root debootstrap --variant=minbase --include="$INCLUDE" "$SUITE" "$ROOTFS" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 || {
  log "debootstrap failed; last lines of its log:"
  tail -n 30 "$WORK/debootstrap.log" >&2
  exit 1
}

as_root rm -rf "$ROOTFS/var/lib/postgresql/$MAJOR" "$ROOTFS/etc/postgresql/$MAJOR"
as_root rm -rf "$ROOTFS/var/cache/apt/archives" "$ROOTFS/var/lib/apt/lists"
as_root mkdir -p "$ROOTFS/var/cache/apt/archives/partial" "$ROOTFS/var/lib/apt/lists/partial"
# The entrypoint is the 15 image's, pointed at this major's binaries.
sed "s|/usr/lib/postgresql/15/bin|/usr/lib/postgresql/$MAJOR/bin|; s|PostgreSQL 15|PostgreSQL $MAJOR|" "$ENTRYPOINT" >"$WORK/entrypoint.sh"
as_root install -m 0755 "$WORK/entrypoint.sh" "$ROOTFS/usr/local/bin/aza-pg-entrypoint"
as_root mkdir -p "$ROOTFS/backup"
as_root chroot "$ROOTFS" chown postgres:postgres /backup

as_root tar -C "$ROOTFS" -c . | docker import \
  -c 'ENTRYPOINT ["/usr/local/bin/aza-pg-entrypoint"]' \
  -c 'ENV PGDATA=/var/lib/postgresql/data' \
  -c "ENV PATH=/usr/lib/postgresql/$MAJOR/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  - "$IMAGE" >/dev/null
log "built $IMAGE"
printf '%s\n' "$IMAGE"
