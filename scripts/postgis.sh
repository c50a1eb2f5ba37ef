#!/usr/bin/env bash
# Throwaway PostgreSQL + PostGIS on 127.0.0.1 for tests and benchmarks (not the system service).
#
#   scripts/postgis.sh start [--pgrouting]   install if missing, start, print `export COVERAGE_TEST_PG=...`
#   scripts/postgis.sh env                   print the export line of a running cluster
#   scripts/postgis.sh restart [SECONDS]     stop it (fast: sessions are cut), stay down SECONDS (default 0), start again
#   scripts/postgis.sh stop                  stop the cluster and delete its data directory
#
# Usage in CI:  eval "$(scripts/postgis.sh start)"
# Cluster directory: $COVERAGE_PG_DIR (default /tmp/coverage-pg). Logs go to stderr, the export line to stdout.
set -euo pipefail

DIR="${COVERAGE_PG_DIR:-/tmp/coverage-pg}"
DB="${COVERAGE_PG_DB:-coverage_test}"
PG_MAJOR="${COVERAGE_PG_MAJOR:-15}"

log() { echo "postgis.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

bindir() { echo "/usr/lib/postgresql/$PG_MAJOR/bin"; }
sharedir() { echo "/usr/share/postgresql/$PG_MAJOR"; }

# Runs a command as the cluster owner: initdb refuses root, so root hands over to the postgres user.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

apt_install() {
  [ "$(id -u)" = 0 ] || die "need root to apt-get install $*; install them by hand (sudo apt-get install -y $*)"
  log "installing $* from apt (about 30 s)"
  # Other sessions may hold the dpkg lock: wait for it rather than fail.
  apt-get update -q -o DPkg::Lock::Timeout=600 >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 "$@" >&2
}

ensure_packages() {
  local want=()
  [ -x "$(bindir)/initdb" ] || want+=("postgresql-$PG_MAJOR")
  [ -f "$(sharedir)/extension/postgis.control" ] || want+=("postgresql-$PG_MAJOR-postgis-3")
  if [ "${1:-}" = pgrouting ] && [ ! -f "$(sharedir)/extension/pgrouting.control" ]; then
    want+=("postgresql-$PG_MAJOR-pgrouting")
  fi
  if [ ${#want[@]} -gt 0 ]; then apt_install "${want[@]}"; fi
  [ -x "$(bindir)/initdb" ] || die "initdb not found in $(bindir) after install"
  [ -f "$(sharedir)/extension/postgis.control" ] || die "PostGIS extension missing after install"
}

# COVERAGE_PG_PORT pins the port (a load run restarting its cluster keeps clear of the range other clusters take).
free_port() {
  local p
  if [ -n "${COVERAGE_PG_PORT:-}" ]; then echo "$COVERAGE_PG_PORT"; return; fi
  for p in $(seq 54320 54420); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  die "no free port in 54320-54420"
}

conn_string() {
  echo "Host=127.0.0.1;Port=$(cat "$DIR/port");Username=postgres;Database=$DB"
}

print_env() {
  echo "export COVERAGE_TEST_PG='$(conn_string)'"
  echo "export COVERAGE_TEST_PG_URL='postgresql://postgres@127.0.0.1:$(cat "$DIR/port")/$DB'"
}

is_running() {
  [ -f "$DIR/port" ] && [ -f "$DIR/data/postmaster.pid" ] &&
    "$(bindir)/pg_isready" -q -h 127.0.0.1 -p "$(cat "$DIR/port")"
}

psql_admin() {
  as_owner "$(bindir)/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(cat "$DIR/port")" -U postgres "$@"
}

# Unix socket inside the cluster dir: /var/run/postgresql may not exist or be writable.
pg_start() {
  as_owner "$(bindir)/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $(cat "$DIR/port") -k $DIR -c fsync=off -c full_page_writes=off" start >&2 ||
    die "server did not start, see $DIR/server.log"
}

# A fault for load runs: the same cluster, same port and data, away for a while.
restart() {
  is_running || die "no cluster running in $DIR: run scripts/postgis.sh start"
  as_owner "$(bindir)/pg_ctl" -D "$DIR/data" -m fast -w stop >&2
  sleep "${1:-0}"
  pg_start
  log "restarted the cluster in $DIR on 127.0.0.1:$(cat "$DIR/port")"
}

start() {
  local with=""
  [ "${1:-}" = --pgrouting ] && with=pgrouting
  ensure_packages "$with"
  if is_running; then
    log "already running in $DIR on port $(cat "$DIR/port")"
  else
    rm -rf "$DIR"
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
    as_owner "$(bindir)/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$DIR/initdb.log" 2>&1 ||
      die "initdb failed, see $DIR/initdb.log"
    free_port >"$DIR/port"
    pg_start
    psql_admin -d postgres -c "CREATE DATABASE $DB" >&2
    psql_admin -d "$DB" -c "CREATE EXTENSION IF NOT EXISTS postgis" >&2
    log "started PostgreSQL $PG_MAJOR + PostGIS in $DIR on 127.0.0.1:$(cat "$DIR/port")"
  fi
  if [ "$with" = pgrouting ]; then psql_admin -d "$DB" -c "CREATE EXTENSION IF NOT EXISTS pgrouting" >&2; fi
  conn_string >"$DIR/connection"
  print_env
}

stop() {
  if [ -f "$DIR/data/postmaster.pid" ]; then
    as_owner "$(bindir)/pg_ctl" -D "$DIR/data" -m fast -w stop >&2 || true
  fi
  rm -rf "$DIR"
  log "stopped and removed $DIR"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  env) is_running || die "no cluster running in $DIR: run scripts/postgis.sh start"; print_env ;;
  restart) shift; restart "$@" ;;
  stop) stop ;;
  *) echo "usage: $0 start [--pgrouting] | env | restart [SECONDS] | stop" >&2; exit 2 ;;
esac
