#!/usr/bin/env bash
# A streaming read replica of the local PostgreSQL cluster, for development and CI:
# a second Debian cluster (REPLICA_PORT, default 5433) made with `pg_basebackup -R` from the
# primary (PRIMARY_PORT, default 5432), hot standby, streaming from it.
#
#   ops/replica-up.sh          (or `make replica`)
#   export DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:5433/<the primary's database name>
#
# Idempotent: a standby that exists and streams is reused; one that is stopped is started; one
# that cannot stream (its WAL was recycled on the primary, a half-made copy) is made again.
# Stop it with `pg_ctlcluster <version> replica stop`; remove it with
# `pg_dropcluster --stop <version> replica`. It holds a full copy of the primary cluster: every
# database on it, so its disk use equals the primary's.
set -euo pipefail

VERSION="${PG_VERSION:-$(ls /etc/postgresql | sort -V | tail -1)}"
PRIMARY_PORT="${PRIMARY_PORT:-5432}"
PORT="${REPLICA_PORT:-5433}"
NAME="${REPLICA_CLUSTER:-replica}"
HBA="/etc/postgresql/$VERSION/main/pg_hba.conf"
DATA="/var/lib/postgresql/$VERSION/$NAME"

# Clusters belong to the postgres user: as root, run their tools as postgres.
as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}
sql() {  # sql PORT QUERY: one value
    psql -h 127.0.0.1 -p "$1" -U postgres -d postgres -Atc "$2" 2>/dev/null
}
exists() { pg_lsclusters -h | awk -v v="$VERSION" -v n="$NAME" '$1 == v && $2 == n' | grep -q .; }
streaming() {
    [ "$(sql "$PORT" "SELECT pg_is_in_recovery()")" = t ] &&
        [ "$(sql "$PORT" "SELECT status FROM pg_stat_wal_receiver")" = streaming ]
}
wait_streaming() {  # wait_streaming SECONDS
    for _ in $(seq "$1"); do
        streaming && return 0
        sleep 1
    done
    return 1
}

# The primary must accept replication connections from loopback (the `all` database entry does
# not cover them). Add the line only if it is missing, then reload.
if ! grep -Eq '^[[:space:]]*host[[:space:]]+replication[[:space:]]+(all|postgres)[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$HBA"; then
    echo "replica: allowing replication connections from 127.0.0.1 in $HBA"
    echo "host    replication     all             127.0.0.1/32            trust" >> "$HBA"
    sql "$PRIMARY_PORT" "SELECT pg_reload_conf()" >/dev/null
fi

if exists; then
    started=yes
    if ! pg_isready -q -h 127.0.0.1 -p "$PORT"; then
        echo "replica: starting the existing standby on port $PORT"
        pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$NAME" start || started=no
    fi
    if [ "$started" = yes ] && wait_streaming 20; then
        echo "replica: standby on port $PORT is streaming from port $PRIMARY_PORT (reused)"
        exit 0
    fi
    echo "replica: the standby on port $PORT does not stream: making it again"
    pg_dropcluster --stop "$VERSION" "$NAME"
fi

echo "replica: copying the primary (port $PRIMARY_PORT) into a standby on port $PORT"
# pg_createcluster writes Debian's configuration (/etc/postgresql/$VERSION/$NAME); its fresh
# data directory is then replaced by the copy of the primary.
pg_createcluster -p "$PORT" --start-conf manual "$VERSION" "$NAME" >/dev/null
find "$DATA" -mindepth 1 -delete  # the folder stays: postgres may not create it again
as_postgres pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$DATA" \
    -R -X stream -c fast
# The same access rules as the primary: the application connects to both alike.
cp "$HBA" "/etc/postgresql/$VERSION/$NAME/pg_hba.conf"
# Queries on the standby hold back the primary's cleanup instead of being cancelled by it
# (a long export would otherwise fail with "conflict with recovery").
cat > "/etc/postgresql/$VERSION/$NAME/conf.d/replica.conf" <<EOF
listen_addresses = '127.0.0.1'
hot_standby = on
hot_standby_feedback = on
EOF
pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$NAME" start
if ! wait_streaming 60; then
    echo "replica: the standby on port $PORT did not start streaming" >&2
    tail -n 20 "/var/log/postgresql/postgresql-$VERSION-$NAME.log" >&2 || true
    exit 1
fi
echo "replica: standby on port $PORT is streaming from port $PRIMARY_PORT"
