#!/usr/bin/env bash
# The production topology on this machine without containers: a throwaway PostgreSQL server (Debian's package,
# deploy/throwaway-postgres.sh, in a temporary directory on a free loopback port) and the packaged service on
# it. Prints one line
#   service=<url> database=<jdbc url>
# once the service answers, and stops both on SIGTERM or Ctrl-C (the temporary directory goes with them).
#
# The admin key comes from TOKEN_AUTHORITY_ADMIN_KEY, as for the service; unset, the service generates one
# into its data directory and this script says where (on stderr). Environment:
#   TOKEN_AUTHORITY_LOCAL_DIR   where the server, the data directory and the logs go (default: a new temporary
#                               directory, deleted on exit)
#   SERVER_PORT                 the service's port (default: a free one)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
jar="$repo/app/target/token-authority.jar"
say() { echo "local-postgres: $*" >&2; }
for tool in java curl; do
  command -v "$tool" >/dev/null 2>&1 || { say "needs $tool (apt-get install curl openjdk-17-jre-headless)"; exit 2; }
done
if [ ! -f "$jar" ]; then
  say "building $jar"
  (cd "$repo" && mvn -q -B -ntp -DskipTests package)
fi

given_dir=${TOKEN_AUTHORITY_LOCAL_DIR:-}
work="${given_dir:-$(mktemp -d "${TMPDIR:-/tmp}/token-authority-local.XXXXXX")}"
mkdir -p "$work"
chmod 755 "$work" # the database server runs as the postgres user when this runs as root
service_pid=""
stop_all() {
  trap - EXIT INT TERM
  if [ -n "$service_pid" ]; then
    kill -TERM "$service_pid" 2>/dev/null || true
    for _ in $(seq 300); do kill -0 "$service_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
  fi
  "$here/throwaway-postgres.sh" stop "$work/postgres" || true
  [ -n "$given_dir" ] || rm -rf "$work"
}
trap 'stop_all; exit 143' TERM
trap 'stop_all; exit 130' INT
trap 'stop_all' EXIT

line=$("$here/throwaway-postgres.sh" start "$work/postgres")
field() { printf '%s\n' "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
url=$(field url)

port=${SERVER_PORT:-}
while [ -z "$port" ]; do
  candidate=$((20000 + RANDOM % 12000))
  (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null || port=$candidate
done
SPRING_DATASOURCE_URL="$url" SPRING_DATASOURCE_USERNAME="$(field user)" SPRING_DATASOURCE_PASSWORD="$(field password)" \
  java -jar "$jar" --server.address=127.0.0.1 --server.port="$port" --token-authority.data-dir="$work/data" \
  >"$work/service.log" 2>&1 &
service_pid=$!
service="http://127.0.0.1:$port"
for _ in $(seq 1200); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$service/v1alpha/verify?projectId=p&regionId=r&instanceId=i" || true)
  [ "$code" = 401 ] && break
  kill -0 "$service_pid" 2>/dev/null || { say "the service exited; see $work/service.log"; given_dir=$work; exit 1; }
  sleep 0.1
done
[ "$code" = 401 ] || { say "the service did not answer within 120 s; see $work/service.log"; exit 1; }
[ -n "${TOKEN_AUTHORITY_ADMIN_KEY:-}" ] || say "admin key: $work/data/admin.key"
echo "service=$service database=$url"
wait "$service_pid"
