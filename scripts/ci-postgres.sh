#!/usr/bin/env bash
# Runs the server's test suite against a real PostgreSQL (not only PGlite): installs Debian's postgresql
# when it is missing, starts a throwaway cluster on 127.0.0.1 on a free port (scripts/throwaway-postgres.sh),
# runs `npm run test:server` with DATABASE_URL pointing at it (a role with CREATEDB: every test server
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

PG_WORK=""
cleanup() {
  local status=$?
  if [ -n "$PG_WORK" ]; then scripts/throwaway-postgres.sh stop "$PG_WORK" || true; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# `start` prints DATABASE_URL=… and PG_WORK=… on stdout, its log on stderr.
CLUSTER=$(scripts/throwaway-postgres.sh start)
PG_WORK=$(printf '%s\n' "$CLUSTER" | sed -n 's/^PG_WORK=//p')
DATABASE_URL=$(printf '%s\n' "$CLUSTER" | sed -n 's/^DATABASE_URL=//p')
[ -n "$PG_WORK" ] && [ -n "$DATABASE_URL" ] || { echo "scripts/throwaway-postgres.sh start gave no cluster" >&2; exit 1; }
export DATABASE_URL
# The address without its password, for the log.
SHOWN=$(printf '%s\n' "$DATABASE_URL" | sed 's#^\(postgres://[^:]*:\)[^@]*@#\1…@#')

started=$SECONDS
if [ "$#" -gt 0 ]; then
  log "node --test $* against PostgreSQL ($SHOWN)"
  node --import tsx --test "$@"
else
  log "npm run test:server against PostgreSQL ($SHOWN)"
  npm run test:server
fi
log "passed on PostgreSQL in $((SECONDS - started)) s"
