#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests, listening on 127.0.0.1 only.
#   scripts/pg-cluster.sh start DIR PORT [DB...]   initdb in DIR (created, owned by postgres),
#                                                  start it, create each database (trust auth)
#   scripts/pg-cluster.sh stop DIR                 stop it and remove DIR
# The server refuses to run as root, so as root every PostgreSQL command runs as `postgres`
# (CI runs as root); as another user they run as that user.
set -euo pipefail
bindir=/usr/lib/postgresql/15/bin
cmd="${1:?usage: pg-cluster.sh start|stop DIR [PORT DB...]}"
dir="${2:?DIR missing}"

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    port="${3:?PORT missing}"
    shift 3
    if [ ! -x "$bindir/initdb" ]; then
      echo "pg-cluster: PostgreSQL 15 is not installed (run scripts/setup.sh)" >&2
      exit 1
    fi
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
    chmod 700 "$dir"
    as_pg "$bindir/initdb" -D "$dir/data" --locale=C -E UTF8 -A trust -U postgres >"$dir/initdb.log"
    # fsync stays on: the durability test kills the server, and acknowledged commits must hold.
    as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null
    for db in "$@"; do
      as_pg "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db"
    done
    echo "pg-cluster: PostgreSQL 15 on 127.0.0.1:$port (${*:-no databases}) in $dir"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg-cluster.sh start DIR PORT [DB...] | stop DIR" >&2
    exit 2
    ;;
esac
