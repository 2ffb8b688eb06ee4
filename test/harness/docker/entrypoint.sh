#!/bin/sh
# Entrypoint of the aza-pg test image: runs PostgreSQL 15 as a primary (AZA_PG_ROLE=primary, the
# default) or as a streaming replica of AZA_PG_PRIMARY_HOST (AZA_PG_ROLE=replica, made with
# pg_basebackup -R). The superuser password comes from POSTGRES_PASSWORD, which `docker run -e
# POSTGRES_PASSWORD` copies from the caller's environment, so it never appears in an argv.
set -eu

PGDATA=${PGDATA:-/var/lib/postgresql/data}
ROLE=${AZA_PG_ROLE:-primary}
BIN=/usr/lib/postgresql/15/bin

mkdir -p /var/run/postgresql "$PGDATA"
chown postgres:postgres /var/run/postgresql "$PGDATA"
chmod 0700 "$PGDATA"

as_postgres() {
  setpriv --reuid=postgres --regid=postgres --init-groups "$@"
}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
  case "$ROLE" in
    primary)
      pwfile=$(mktemp)
      printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
      chown postgres "$pwfile"
      as_postgres "$BIN/initdb" -D "$PGDATA" -U postgres --pwfile="$pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
      rm -f "$pwfile"
      cat >>"$PGDATA/postgresql.conf" <<CONF
# aza-pg test image
listen_addresses = '*'
wal_level = replica
max_wal_senders = 10
hot_standby = on
fsync = off
CONF
      cat >>"$PGDATA/pg_hba.conf" <<HBA
host all all all scram-sha-256
host replication all all scram-sha-256
HBA
      ;;
    replica)
      : "${AZA_PG_PRIMARY_HOST:?AZA_PG_PRIMARY_HOST must name the primary}"
      tries=0
      until "$BIN/pg_isready" -q -h "$AZA_PG_PRIMARY_HOST" -p 5432; do
        tries=$((tries + 1))
        if [ "$tries" -ge 120 ]; then
          echo "primary $AZA_PG_PRIMARY_HOST did not accept connections within 60 s" >&2
          exit 1
        fi
        sleep 0.5
      done
      PGPASSWORD=$POSTGRES_PASSWORD as_postgres "$BIN/pg_basebackup" -h "$AZA_PG_PRIMARY_HOST" -p 5432 \
        -U postgres -D "$PGDATA" -R -X stream -c fast
      ;;
    *)
      echo "unknown AZA_PG_ROLE: $ROLE (primary or replica)" >&2
      exit 1
      ;;
  esac
fi

unset POSTGRES_PASSWORD
# exec: PostgreSQL becomes PID 1 and gets docker stop's signal itself.
exec setpriv --reuid=postgres --regid=postgres --init-groups "$BIN/postgres" -D "$PGDATA"
