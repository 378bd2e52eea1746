#!/usr/bin/env bash
# A throwaway PostgreSQL server from Debian's package (postgresql), in a directory of its own, on a free
# loopback port: for tests, deploy/local-postgres.sh and benchmarks on this machine. Not for production data:
# the directory is the whole server.
#
#   deploy/throwaway-postgres.sh start DIR   initdb + pg_ctl start; prints one line
#                                            port=<p> url=<jdbc url> user=<user> password=<password>
#   deploy/throwaway-postgres.sh createdb DIR NAME
#                                            one more database, owned by the same role (for tests); prints
#                                            url=<jdbc url>
#   deploy/throwaway-postgres.sh stop DIR    pg_ctl stop (fast), then removes nothing
#   deploy/throwaway-postgres.sh resume DIR  starts a stopped server again, on the same port and data (for tests
#                                            of what clients do while their database is away)
#
# The service's database and role are both token_authority, with a password generated for this server
# (DIR/password); the role owns its database and nothing else (no superuser). The server keeps PostgreSQL's
# durable defaults (fsync=on, synchronous_commit=on). When run as root, the server runs as the postgres user
# (PostgreSQL refuses to run as root), so DIR must be somewhere that user can reach (e.g. under /tmp).
set -euo pipefail

say() { echo "throwaway-postgres: $*" >&2; }
[ $# -ge 2 ] || { say "usage: $0 start|stop DIR, or createdb DIR NAME"; exit 2; }
action=$1
dir=$(mkdir -p "$2" && cd "$2" && pwd)
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { say "needs Debian's postgresql package (apt-get install postgresql)"; exit 2; }

as_server() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
pg_start() {
  as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$(cat "$dir/port") -c unix_socket_directories=$dir/socket -c max_connections=200" \
    start >/dev/null || { say "the server did not start, see $dir/data/server.log"; exit 1; }
}

case "$action" in
  start)
    port=""
    for _ in $(seq 100); do
      candidate=$((20000 + RANDOM % 12000)) # below Linux's ephemeral range
      if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
    done
    [ -n "$port" ] || { say "no free port found"; exit 1; }
    password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=' | head -c 32)
    umask 077
    mkdir -p "$dir/data" "$dir/socket"
    printf '%s\n' "$password" > "$dir/password"
    if [ "$(id -u)" = 0 ]; then chown -R postgres "$dir/data" "$dir/socket"; fi
    as_server "$bin/initdb" -D "$dir/data" -U postgres --auth-local=peer --auth-host=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { say "initdb failed, see $dir/initdb.log"; exit 1; }
    echo "$port" > "$dir/port"
    pg_start
    as_server "$bin/psql" -h "$dir/socket" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
      -c "CREATE ROLE token_authority LOGIN PASSWORD '$password'" \
      -c "CREATE DATABASE token_authority OWNER token_authority" >/dev/null
    echo "port=$port url=jdbc:postgresql://127.0.0.1:$port/token_authority user=token_authority password=$password"
    ;;
  createdb)
    name=${3:?database name}
    [[ $name =~ ^[a-z][a-z0-9_]{0,62}$ ]] || { say "database names here are [a-z][a-z0-9_]*"; exit 2; }
    port=$(cat "$dir/port")
    as_server "$bin/psql" -h "$dir/socket" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
      -c "CREATE DATABASE $name OWNER token_authority" >/dev/null
    echo "url=jdbc:postgresql://127.0.0.1:$port/$name"
    ;;
  stop)
    [ -d "$dir/data" ] || exit 0
    as_server "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    ;;
  resume)
    [ -f "$dir/port" ] || { say "no server in $dir"; exit 2; }
    pg_start
    ;;
  *) say "usage: $0 start|stop|resume DIR, or createdb DIR NAME"; exit 2 ;;
esac
