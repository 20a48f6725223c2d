#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster of the test run's own (Debian's postgresql package: initdb, pg_ctl), listening on
# loopback only, on a free port, trusting local connections; prints its URL (postgres://postgres@127.0.0.1:PORT/postgres)
# and the command that stops and removes it, as shell assignments: eval "$(scripts/postgres-cluster.sh)", then
# eval "$JUNKAN_TEST_POSTGRES_STOP".
# As root (CI), the cluster runs as the postgres user, which the package creates; PostgreSQL refuses to run as root.
set -euo pipefail
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bin/initdb" ] || { echo "postgres-cluster: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
dir="$(mktemp -d /tmp/junkan-pg.XXXXXX)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_owner() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$dir"
as_owner "'$bin/initdb' -D '$dir/data' -A trust -U postgres --no-sync" > "$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
# fsync stays on: acknowledged captures must survive the kill tests on this cluster as on a real one.
as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c max_connections=300 -c max_locks_per_transaction=256\" start" \
  > /dev/null || { cat "$dir/server.log" >&2; exit 1; }
echo "export JUNKAN_TEST_POSTGRES_URL='postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable'"
stop="'$bin/pg_ctl' -D '$dir/data' -m fast stop"
if [ "$(id -u)" = 0 ]; then stop="su postgres -s /bin/sh -c \"$stop\""; fi
printf 'JUNKAN_TEST_POSTGRES_STOP=%q\n' "$stop > /dev/null; rm -rf '$dir'"
