#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for benchmarks and local runs, made the way
# scripts/ci-postgres.sh makes its own (initdb in a temp folder, loopback TCP on a free port, a role
# with CREATEDB, durability off), without installing anything: it needs Debian's postgresql
# (/usr/lib/postgresql/*/bin). As root the cluster runs as the `postgres` user.
#
#   scripts/throwaway-postgres.sh start        # prints DATABASE_URL=… and PG_WORK=… (logs go to stderr)
#   scripts/throwaway-postgres.sh stop <PG_WORK>  # stops the cluster and removes its folder
#
# Exits 3 from `start` when PostgreSQL is not installed, so a caller can say so and carry on.
set -euo pipefail

log() { printf '== %s\n' "$*" >&2; }

find_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then printf '%s\n' "$dir"; fi
}

if [ "$(id -u)" -eq 0 ]; then
  as_db() { runuser -u postgres -- "$@"; }
  DB_OWNER=postgres
else
  as_db() { "$@"; }
  DB_OWNER=$(id -un)
fi

start() {
  local bindir port work data superuser_password role_password role=mwap_bench
  bindir=$(find_bindir)
  if [ -z "$bindir" ]; then
    echo "PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin)" >&2
    exit 3
  fi
  if [ "$DB_OWNER" = postgres ] && ! id postgres >/dev/null 2>&1; then
    echo "no postgres user: is Debian's postgresql installed?" >&2
    exit 3
  fi
  port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  work=$(mktemp -d "${TMPDIR:-/tmp}/mwap-postgres.XXXXXX")
  chmod 700 "$work"
  if [ "$DB_OWNER" != "$(id -un)" ]; then chown "$DB_OWNER" "$work"; fi
  data="$work/data"
  superuser_password=$(node -e "console.log(require('crypto').randomBytes(18).toString('base64url'))")
  role_password=$(node -e "console.log(require('crypto').randomBytes(18).toString('base64url'))")

  log "initdb in $work (port $port)"
  printf '%s\n' "$superuser_password" >"$work/pwfile"
  if [ "$DB_OWNER" != "$(id -un)" ]; then chown "$DB_OWNER" "$work/pwfile"; fi
  if ! as_db "$bindir/initdb" -D "$data" -U postgres --pwfile="$work/pwfile" --auth-local=scram-sha-256 --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1; then
    cat "$work/initdb.log" >&2
    rm -rf "$work"
    exit 1
  fi
  rm -f "$work/pwfile"
  # Same settings as scripts/ci-postgres.sh: loopback only, socket in the work folder, no fsync.
  log "starting the cluster on 127.0.0.1:$port"
  if ! as_db "$bindir/pg_ctl" -D "$data" -l "$work/postgres.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$work -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    >/dev/null; then
    cat "$work/postgres.log" >&2
    stop "$work"
    exit 1
  fi
  PGPASSWORD="$superuser_password" "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE ROLE $role LOGIN CREATEDB PASSWORD '$role_password'" \
    -c "CREATE DATABASE $role OWNER $role" >&2
  printf 'DATABASE_URL=postgres://%s:%s@127.0.0.1:%s/%s\n' "$role" "$role_password" "$port" "$role"
  printf 'PG_WORK=%s\n' "$work"
}

stop() {
  local work=$1 bindir
  [ -n "$work" ] && [ -d "$work" ] || { echo "no such cluster folder: $work" >&2; exit 1; }
  bindir=$(find_bindir)
  if [ -n "$bindir" ] && [ -f "$work/data/postmaster.pid" ]; then
    log "stopping the cluster in $work"
    as_db "$bindir/pg_ctl" -D "$work/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *)
    echo "usage: $0 start | stop <PG_WORK>" >&2
    exit 2
    ;;
esac
