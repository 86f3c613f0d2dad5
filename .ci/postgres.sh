#!/usr/bin/env bash
# Sourced by .ci/run: a throw-away PostgreSQL cluster for the tests. Installs the server from the
# system's packages when it is missing, creates a cluster in a temporary folder owned by an unprivileged
# user (PostgreSQL refuses to run as root), starts it on a free local port, exports DATABASE_URL and
# stops it and removes the folder when the shell exits.

pg_bin_dir() {
  local initdb
  initdb=$(command -v initdb 2>/dev/null || true)
  if [ -z "$initdb" ]; then initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true); fi
  [ -n "$initdb" ] && dirname "$(readlink -f "$initdb")"
}

if [ -z "$(pg_bin_dir)" ]; then
  echo "ci: PostgreSQL is not installed; installing it from the system's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-cache policy postgresql | head -n 3 >&2
  apt-get install -y -qq postgresql >/dev/null
fi
PG_BIN=$(pg_bin_dir)
[ -n "$PG_BIN" ] || { echo "ci: no initdb found after installing PostgreSQL" >&2; exit 1; }

# The cluster's owner: the package's postgres user when there is one, else a user made for this.
PG_USER=postgres
if ! id "$PG_USER" >/dev/null 2>&1; then
  PG_USER=prykhystok-ci
  id "$PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home "$PG_USER"
fi
as_pg() {
  if [ "$(id -u)" = 0 ]; then su -s /bin/sh "$PG_USER" -c "$*"; else sh -c "$*"; fi
}

PG_DIR=$(mktemp -d /tmp/prykhystok-pg.XXXXXX)
[ "$(id -u)" = 0 ] && chown "$PG_USER" "$PG_DIR"
# A free port: ask the kernel for one (port 0), then let PostgreSQL take it.
PG_PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")

stop_postgres() {
  as_pg "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap stop_postgres EXIT

as_pg "'$PG_BIN/initdb' -D '$PG_DIR/data' -U prykhystok --auth=trust -E UTF8 --no-locale" >/dev/null
as_pg "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -l '$PG_DIR/log' -w -o \"-p $PG_PORT -k '$PG_DIR' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start" >/dev/null
export DATABASE_URL="postgres://prykhystok@127.0.0.1:$PG_PORT/postgres"
echo "ci: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on port $PG_PORT for the tests" >&2
