#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster with pgvector, for CI and local tests. Needs install-pgvector.sh first.
#
#   cluster.sh start <dir> [port]     initdb into <dir>/data if there is none yet, start, print DATABASE_URL
#   cluster.sh stop <dir> [--remove]  stop (pg_ctl stop -m fast); --remove also deletes <dir>
#
# `start` on a directory that already holds a cluster reuses it without initdb, so `stop <dir>` then
# `start <dir>` is a restart with the data kept (tests use this to simulate losing the database for a while).
# Without a port, a restart uses the port of the previous start (default 54329). `start` on a running cluster
# only prints the URL again; `stop` on a stopped one does nothing. Both are safe to repeat.
#
# The last line `start` prints on stdout is the URL, and nothing else goes to stdout:
#   postgres://undocs:undocs@127.0.0.1:<port>/undocs
# Role undocs (password undocs, LOGIN CREATEDB, not superuser) owns database undocs. pgvector is created in
# template1 as well as in undocs, so databases a test creates have the extension too (a non-superuser cannot
# create it: vector is not a trusted extension).
#
# Authentication: TCP is only on 127.0.0.1 and checks the password (scram-sha-256), so a URL that loses its
# password fails here as it would against a real server. The unix socket, in <dir>/run, is trust, for this
# script's own administration as the superuser postgres.
#
# Durability is off (fsync, synchronous_commit, full_page_writes): a crash of the machine may corrupt the
# cluster, which is fine for one that is thrown away. A clean stop (-m fast) keeps everything.
#
# PostgreSQL refuses to run as root. Run as root, the cluster runs as the system user postgres (created by the
# postgresql-common package; created here if missing), <dir> is given to that user, and every server command goes
# through `runuser -u postgres --`. <dir> must then be reachable by that user (not under /root, for example).
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin
DEFAULT_PORT=54329
DB_NAME=undocs
DB_USER=undocs
DB_PASSWORD=undocs
SUPERUSER=postgres
RUN_AS=${PG_CLUSTER_USER:-postgres}

log() { echo "cluster.sh: $*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}
usage() { die "usage: cluster.sh start <dir> [port] | cluster.sh stop <dir> [--remove]"; }

# Runs a command as the cluster's owner: ourselves, or the unprivileged user when we are root.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u "$RUN_AS" -- "$@"
  else
    "$@"
  fi
}

is_running() { [[ -f "$data/PG_VERSION" ]] && as_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; }

# Superuser psql over the unix socket (trust), never influenced by PG* variables or a ~/.psqlrc, and without
# the notices of IF NOT EXISTS.
admin_psql() {
  local db=$1
  shift
  as_owner env -u PGSERVICE PGOPTIONS="-c client_min_messages=warning" "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
    -h "$dir/run" -p "$port" -U "$SUPERUSER" -d "$db" "$@"
}

cmd=${1:-}
[[ $# -ge 2 ]] || usage
shift
remove=false
args=()
for arg in "$@"; do
  case $arg in
  --remove) remove=true ;;
  -*) usage ;;
  *) args+=("$arg") ;;
  esac
done
[[ ${#args[@]} -ge 1 ]] || usage
dir=$(realpath -m -- "${args[0]}")
data=$dir/data
[[ $dir != / ]] || die "refusing to use / as the cluster directory"
# Neither initdb nor psql should trip over a working directory the cluster's user cannot enter.
cd /

case $cmd in
start)
  [[ ${#args[@]} -le 2 && $remove == false ]] || usage
  [[ -x $PG_BIN/initdb ]] || die "$PG_BIN/initdb not found; run scripts/postgres/install-pgvector.sh first"
  if [[ ${#args[@]} -eq 2 ]]; then
    port=${args[1]}
  elif [[ -f $dir/port ]]; then
    port=$(<"$dir/port")
  else
    port=$DEFAULT_PORT
  fi
  [[ $port =~ ^[0-9]+$ ]] || die "port must be a number: $port"

  mkdir -p "$dir"
  if [[ $(id -u) -eq 0 ]]; then
    if ! id "$RUN_AS" >/dev/null 2>&1; then
      log "creating system user $RUN_AS (PostgreSQL does not run as root)"
      useradd --system --user-group --no-create-home --shell /usr/sbin/nologin "$RUN_AS"
    fi
    chown "$RUN_AS:" "$dir"
    runuser -u "$RUN_AS" -- test -w "$dir" || die "$dir is not reachable by user $RUN_AS (a parent directory is private?)"
  fi
  as_owner mkdir -p "$dir/run"

  if [[ ! -f $data/PG_VERSION ]]; then
    log "initdb into $data"
    as_owner "$PG_BIN/initdb" -D "$data" -U "$SUPERUSER" --encoding=UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    # Parallel HNSW index builds put up to maintenance_work_mem (1 GB) in dynamic shared memory, which lives in
    # /dev/shm by default; containers often give /dev/shm only 64 MB, so fall back to files in the data dir.
    dsm=posix
    shm_kb=$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $2 }')
    if [[ -z $shm_kb || $shm_kb -lt 2097152 ]]; then dsm=mmap; fi
    as_owner tee -a "$data/postgresql.conf" >/dev/null <<EOF

# Throw-away cluster for tests (scripts/postgres/cluster.sh); the port is given at start (pg_ctl -o -p).
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/run'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
shared_buffers = 256MB
maintenance_work_mem = 1GB
dynamic_shared_memory_type = $dsm
EOF
    fresh=true
  else
    log "reusing the cluster in $data"
    fresh=false
  fi

  if is_running; then
    running_port=$(sed -n 4p "$data/postmaster.pid")
    [[ $running_port == "$port" ]] || die "already running on port $running_port, not $port"
    log "already running"
  else
    start_s=$SECONDS
    as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$dir/postgres.log" -o "-p $port" -w -t 60 start >/dev/null ||
      { tail -n 20 "$dir/postgres.log" >&2; die "the server did not start (port $port in use?)"; }
    log "started on port $port in $((SECONDS - start_s)) s (log: $dir/postgres.log)"
  fi
  as_owner tee "$dir/port" >/dev/null <<<"$port"

  # Idempotent, so a restart (or a half-finished first start) ends in the same state.
  admin_psql template1 -c "CREATE EXTENSION IF NOT EXISTS vector"
  admin_psql postgres <<EOF
SELECT format('CREATE ROLE %I LOGIN CREATEDB', '$DB_USER')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') \gexec
ALTER ROLE "$DB_USER" PASSWORD '$DB_PASSWORD';
SELECT format('CREATE DATABASE %I OWNER %I', '$DB_NAME', '$DB_USER')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME') \gexec
EOF
  admin_psql "$DB_NAME" -c "CREATE EXTENSION IF NOT EXISTS vector"
  [[ $fresh == false ]] || log "created role $DB_USER and database $DB_NAME with pgvector"

  echo "postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$port/$DB_NAME"
  ;;
stop)
  [[ ${#args[@]} -eq 1 ]] || usage
  if is_running; then
    as_owner "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
    log "stopped"
  else
    log "not running"
  fi
  if [[ $remove == true ]]; then
    # Only a directory holding a cluster (data/PG_VERSION), or an empty or missing one: never a directory that
    # was passed by mistake.
    if [[ -f $data/PG_VERSION || ! -e $dir || -z $(ls -A "$dir") ]]; then
      rm -rf -- "$dir"
      log "removed $dir"
    else
      die "$dir does not look like a cluster directory; not removing it"
    fi
  fi
  ;;
*) usage ;;
esac
