#!/usr/bin/env bash
# Runs the server's test suite against a real PostgreSQL (not only PGlite): installs Debian's postgresql
# when it is missing, starts a throwaway cluster on 127.0.0.1 on a free port, runs
# `npm run test:server` with DATABASE_URL pointing at it (a role with CREATEDB: every test server
# makes a database of its own), then stops and removes the cluster. Exits non-zero when anything
# fails. Run as root (CI) or as a user allowed to run initdb; as root the cluster runs as the
# `postgres` user, since PostgreSQL refuses to run as root.
#
#   scripts/ci-postgres.sh            # the whole server suite
#   scripts/ci-postgres.sh server/tests/postgres-processes.test.ts   # only these files
#   scripts/ci-postgres.sh tests/e2e/journeys.test.mjs               # the journeys, on PostgreSQL
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '== %s\n' "$*"; }

find_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then printf '%s\n' "$dir"; fi
}

BINDIR=$(find_bindir)
if [ -z "$BINDIR" ]; then
  log "installing PostgreSQL from Debian"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # The package's own cluster is not used (a throwaway one is made below); don't start it.
  $SUDO apt-get install -y -qq postgresql >/dev/null
  BINDIR=$(find_bindir)
  [ -n "$BINDIR" ] || { echo "PostgreSQL installed, but no initdb under /usr/lib/postgresql/*/bin" >&2; exit 1; }
fi
log "PostgreSQL: $("$BINDIR/postgres" --version)"

# As root, the cluster belongs to `postgres`; otherwise to whoever runs this.
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "no postgres user: is Debian's postgresql installed?" >&2; exit 1; }
  as_db() { runuser -u postgres -- "$@"; }
  DB_OWNER=postgres
else
  as_db() { "$@"; }
  DB_OWNER=$(id -un)
fi

PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mwap-ci-postgres.XXXXXX")
chmod 700 "$WORK"
if [ "$DB_OWNER" != "$(id -un)" ]; then chown "$DB_OWNER" "$WORK"; fi
DATA="$WORK/data"
SUPERUSER_PASSWORD=$(node -e "console.log(require('crypto').randomBytes(18).toString('base64url'))")
ROLE_PASSWORD=$(node -e "console.log(require('crypto').randomBytes(18).toString('base64url'))")
ROLE=mwap_ci

cleanup() {
  local status=$?
  if [ -f "$DATA/postmaster.pid" ]; then
    log "stopping the cluster"
    as_db "$BINDIR/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "initdb in $WORK (port $PORT)"
printf '%s\n' "$SUPERUSER_PASSWORD" > "$WORK/pwfile"
if [ "$DB_OWNER" != "$(id -un)" ]; then chown "$DB_OWNER" "$WORK/pwfile"; fi
as_db "$BINDIR/initdb" -D "$DATA" -U postgres --pwfile="$WORK/pwfile" --auth-local=scram-sha-256 --auth-host=scram-sha-256 \
  --encoding=UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; exit 1; }
rm -f "$WORK/pwfile"

# Loopback TCP only; the socket lives in the work folder. Durability is pointless for a throwaway
# cluster, and turning it off makes the suite's many CREATE/DROP DATABASEs fast.
log "starting the cluster on 127.0.0.1:$PORT"
as_db "$BINDIR/pg_ctl" -D "$DATA" -l "$WORK/postgres.log" -w -t 60 start \
  -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$WORK -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  >/dev/null || { cat "$WORK/postgres.log" >&2; exit 1; }

PGPASSWORD="$SUPERUSER_PASSWORD" "$BINDIR/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
  -c "CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$ROLE_PASSWORD'" \
  -c "CREATE DATABASE $ROLE OWNER $ROLE"

export DATABASE_URL="postgres://$ROLE:$ROLE_PASSWORD@127.0.0.1:$PORT/$ROLE"
started=$SECONDS
if [ "$#" -gt 0 ]; then
  log "node --test $* against PostgreSQL (postgres://$ROLE:…@127.0.0.1:$PORT/$ROLE)"
  node --import tsx --test "$@"
else
  log "npm run test:server against PostgreSQL (postgres://$ROLE:…@127.0.0.1:$PORT/$ROLE)"
  npm run test:server
fi
log "passed on PostgreSQL in $((SECONDS - started)) s"
