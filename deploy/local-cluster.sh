#!/usr/bin/env bash
# A cluster on this machine without containers: a throwaway PostgreSQL server (Debian's package,
# deploy/throwaway-postgres.sh), N nodes of the packaged service on it (3 by default) and Debian's nginx in front
# of them (deploy/cluster-nginx.conf.template), each on a free loopback port. Prints one line
#   gateway=<nginx url> nodes=<url>,<url>,<url> database=<jdbc url>
# once all answer, and stops everything on SIGTERM or Ctrl-C (the temporary directory goes with them).
#
# The nodes share the store and the keys: the admin key comes from TOKEN_AUTHORITY_ADMIN_KEY, as for the service
# (unset: one is generated, and this script says where); the key that hashes token secrets is generated once into
# the work directory. Environment:
#   TOKEN_AUTHORITY_NODES       how many nodes (default 3)
#   TOKEN_AUTHORITY_LOCAL_DIR   where the server, the data directories and the logs go (default: a new temporary
#                               directory, deleted on exit); node N's process id is in DIR/node-N.pid
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
jar="$repo/app/target/token-authority.jar"
nodes=${TOKEN_AUTHORITY_NODES:-3}
say() { echo "local-cluster: $*" >&2; }
for tool in java curl nginx; do
  command -v "$tool" >/dev/null 2>&1 || { say "needs $tool (apt-get install curl openjdk-17-jre-headless nginx-light)"; exit 2; }
done
[[ $nodes =~ ^[1-9][0-9]?$ ]] || { say "TOKEN_AUTHORITY_NODES is a number from 1 to 99"; exit 2; }
if [ ! -f "$jar" ]; then
  say "building $jar"
  (cd "$repo" && mvn -q -B -ntp -DskipTests package)
fi

given_dir=${TOKEN_AUTHORITY_LOCAL_DIR:-}
work="${given_dir:-$(mktemp -d "${TMPDIR:-/tmp}/token-authority-cluster.XXXXXX")}"
mkdir -p "$work"
chmod 755 "$work" # the database server runs as the postgres user, nginx's workers as nobody, when this runs as root
pids=()
stop_all() {
  trap - EXIT INT TERM
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  "$here/throwaway-postgres.sh" stop "$work/postgres" || true
  [ -n "$given_dir" ] || rm -rf "$work"
}
trap 'stop_all; exit 143' TERM
trap 'stop_all; exit 130' INT
trap 'stop_all' EXIT

taken_ports=""
free_port() {
  local candidate
  for _ in $(seq 100); do
    candidate=$((20000 + RANDOM % 12000))
    [[ " $taken_ports " == *" $candidate "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then taken_ports+="$candidate "; echo "$candidate"; return; fi
  done
  say "no free port found"; exit 1
}

line=$("$here/throwaway-postgres.sh" start "$work/postgres")
field() { printf '%s\n' "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
url=$(field url)

# Shared secrets, as files Spring reads by name (configtree), never on a command line (ps shows those).
secrets="$work/secrets"
(umask 077 && mkdir -p "$secrets" && head -c 32 /dev/urandom | base64 >"$secrets/token-authority.hmac-key")
if [ -z "${TOKEN_AUTHORITY_ADMIN_KEY:-}" ]; then
  (umask 077 && head -c 32 /dev/urandom | base64 | tr -d '/+=\n' >"$secrets/token-authority.admin-key")
  say "no TOKEN_AUTHORITY_ADMIN_KEY: the nodes share the one in $secrets/token-authority.admin-key"
fi

node_urls=()
servers=""
for n in $(seq "$nodes"); do
  port=$(free_port)
  SPRING_DATASOURCE_URL="$url" SPRING_DATASOURCE_USERNAME="$(field user)" SPRING_DATASOURCE_PASSWORD="$(field password)" \
    SPRING_CONFIG_IMPORT="configtree:$secrets/" \
    java -Xmx384m -jar "$jar" --server.address=127.0.0.1 --server.port="$port" \
    --token-authority.data-dir="$work/node-$n" >"$work/node-$n.log" 2>&1 &
  pids+=($!)
  echo $! >"$work/node-$n.pid"
  node_urls+=("http://127.0.0.1:$port")
  servers+="        server 127.0.0.1:$port max_fails=1 fail_timeout=2s;"$'\n'
done

# A node is up once verify decides (401 for no token) rather than "not ready" (503).
for n in $(seq "$nodes"); do
  node=${node_urls[$((n - 1))]}
  code=""
  for _ in $(seq 1800); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$node/v1alpha/verify?projectId=p&regionId=r&instanceId=i" || true)
    [ "$code" = 401 ] && break
    kill -0 "${pids[$((n - 1))]}" 2>/dev/null || { say "node $n exited; see $work/node-$n.log"; given_dir=$work; exit 1; }
    sleep 0.1
  done
  [ "$code" = 401 ] || { say "node $n did not answer within 180 s; see $work/node-$n.log"; given_dir=$work; exit 1; }
done

mkdir -p "$work/nginx-tmp"
user_line=""
if [ "$(id -u)" = 0 ]; then
  user_line="user nobody nogroup;"
  chown -R nobody:nogroup "$work/nginx-tmp"
fi
gateway_port=$(free_port)
template="$here/cluster-nginx.conf.template"
awk -v servers="$servers" -v user="$user_line" -v work="$work" -v port="$gateway_port" '
  { gsub(/@USER@/, user); gsub(/@WORK@/, work); gsub(/@LOGS@/, work); gsub(/@GATEWAY_PORT@/, port) }
  /@API_SERVERS@/ { printf "%s", servers; next }
  { print }' "$template" >"$work/nginx.conf"
nginx -t -q -e "$work/nginx-error.log" -c "$work/nginx.conf" -p "$work" 2>>"$work/nginx-error.log" \
  || { cat "$work/nginx-error.log" >&2; say "nginx rejected the configuration"; given_dir=$work; exit 1; }
nginx -e "$work/nginx-error.log" -c "$work/nginx.conf" -p "$work" >>"$work/nginx-error.log" 2>&1 &
pids+=($!)
gateway="http://127.0.0.1:$gateway_port"
for _ in $(seq 300); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$gateway/v1alpha/verify?projectId=p&regionId=r&instanceId=i" || true)" = 401 ] && break
  sleep 0.1
done

(IFS=,; echo "gateway=$gateway nodes=${node_urls[*]} database=$url")

# Runs until a signal. A node may stop (or be killed, to see the others carry on): nginx sends its requests to
# the others; the cluster stops when nginx does.
nginx_pid=${pids[-1]}
reported=""
while kill -0 "$nginx_pid" 2>/dev/null; do
  for n in $(seq "$nodes"); do
    if [[ " $reported " != *" $n "* ]] && ! kill -0 "${pids[$((n - 1))]}" 2>/dev/null; then
      say "node $n stopped (see $work/node-$n.log); the others carry on"
      reported+=" $n"
    fi
  done
  sleep 1 & wait $! || true
done
say "nginx stopped (see $work/nginx-error.log): stopping the cluster"
given_dir=$work
exit 1
