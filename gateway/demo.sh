#!/usr/bin/env bash
# Starts the demo stack on this machine: the service (embedded default), nginx (Debian's package; or Caddy, Debian's
# caddy, with --caddy) in front of a small demo app that answers "Hello, World!", each on a free loopback port.
# Registers the demo app as an instance, prints one line
#   service=<url> gateway=<url of the app through the gateway> project=<p> region=<r> instance=<id>
# once everything answers, and stops everything it started on SIGTERM or Ctrl-C.
#
# The admin key comes from TOKEN_AUTHORITY_ADMIN_KEY, as for the service; unset, the service generates one
# into the data directory and this script says where (on stderr). The gateway key between the gateway and the
# service is generated for this run. Environment:
#   TOKEN_AUTHORITY_DEMO_DATA   data directory (default: a new temporary one, deleted on exit)
#   TOKEN_AUTHORITY_DEMO_LOGS   where the logs go (default: the run's temporary directory, deleted on exit)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
jar="$repo/app/target/token-authority.jar"
project=demo
region=local

say() { echo "demo: $*" >&2; }
gateway_program=nginx
case "${1:-}" in
  "") ;;
  --caddy) gateway_program=caddy ;;
  *) say "usage: $0 [--caddy]"; exit 2 ;;
esac
for tool in java "$gateway_program" curl; do
  command -v "$tool" >/dev/null 2>&1 || { say "needs $tool (apt-get install nginx-light caddy curl openjdk-17-jre-headless)"; exit 2; }
done
if [ ! -f "$jar" ]; then
  say "building $jar"
  (cd "$repo" && mvn -q -B -ntp -DskipTests package)
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/token-authority-demo.XXXXXX")"
data="${TOKEN_AUTHORITY_DEMO_DATA:-$work/data}"
logs="${TOKEN_AUTHORITY_DEMO_LOGS:-$work}"
mkdir -p "$data" "$logs" "$work/nginx-tmp"
pids=()

keep_work=0
stop_all() {
  trap - EXIT INT TERM
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    # A process that ignores SIGTERM for 30 s is killed.
    for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ "$keep_work" = 1 ]; then say "kept $work for its logs"; else rm -rf "$work"; fi
}
trap 'stop_all; exit 143' TERM
trap 'stop_all; exit 130' INT
trap 'stop_all' EXIT

# Sets $port to a port nobody listens on and not handed out before, below the ephemeral range so that no
# outgoing connection takes it meanwhile. (Not $(…): a subshell would forget the ports it handed out.)
taken_ports=" "
next_free_port() {
  while :; do
    port=$(( 20000 + RANDOM % 12000 ))
    case "$taken_ports" in *" $port "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then taken_ports+="$port "; return; fi
  done
}
fail_keeping_logs() { keep_work=1; say "$*"; exit 1; }
# Waits until a URL answers with any HTTP status (or gives up after $2 seconds).
wait_for() {
  local deadline=$(( SECONDS + $2 ))
  until curl -s -o /dev/null --max-time 2 "$1"; do
    if (( SECONDS > deadline )); then fail_keeping_logs "$1 did not answer within $2 s (logs: $logs)"; fi
    sleep 0.2
  done
}

next_free_port; service_port=$port
next_free_port; gateway_listener_port=$port
next_free_port; app_port=$port
next_free_port; gateway_port=$port
gateway_key="$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')"

TOKEN_AUTHORITY_GATEWAY_KEY="$gateway_key" java -Xmx512m -jar "$jar" \
  --server.address=127.0.0.1 --server.port="$service_port" \
  --token-authority.gateway.address=127.0.0.1 --token-authority.gateway.port="$gateway_listener_port" \
  --token-authority.data-dir="$data" >"$logs/service.log" 2>&1 &
pids+=($!)
java "$here/demo-app/HelloApp.java" "$app_port" >"$logs/demo-app.log" 2>&1 &
pids+=($!)
service="http://127.0.0.1:$service_port"
wait_for "$service/v1alpha/projects/$project/regions/$region/instances" 180
wait_for "http://127.0.0.1:$app_port/" 60

admin_key="${TOKEN_AUTHORITY_ADMIN_KEY:-}"
if [ -z "$admin_key" ]; then
  admin_key="$(cat "$data/admin.key")"
  say "no TOKEN_AUTHORITY_ADMIN_KEY: the service generated one into $data/admin.key"
fi
instances="$service/v1alpha/projects/$project/regions/$region/instances"
# The key goes to curl on stdin, not on its command line, where any local user could read it (ps).
admin_curl() { printf 'Authorization: Bearer %s\n' "$admin_key" | curl -sS --fail-with-body -H @- "$@"; }
listed="$(admin_curl "$instances")"
instance="$(printf '%s' "$listed" | grep -o '"id":"[^"]*"' | head -n1 | cut -d'"' -f4 || true)"
if [ -z "$instance" ]; then
  registered="$(admin_curl -H 'Content-Type: application/json' \
    -d '{"type":"app","name":"hello-world","labels":{"app":"hello"}}' "$instances")"
  instance="$(printf '%s' "$registered" | grep -o '"id":"[^"]*"' | head -n1 | cut -d'"' -f4)"
fi

if [ "$gateway_program" = caddy ]; then
  mkdir -p "$work/caddy-data" "$work/caddy-config"
  sed -e "s|@WORK@|$work|g" -e "s|@LOGS@|$logs|g" -e "s|@CADDY_DIR@|$here/caddy|g" \
      -e "s|@GATEWAY_LISTENER_PORT@|$gateway_listener_port|g" -e "s|@APP_PORT@|$app_port|" \
      -e "s|@GATEWAY_PORT@|$gateway_port|" -e "s|@PROJECT@|$project|" -e "s|@REGION@|$region|" \
      -e "s|@INSTANCE@|$instance|" "$here/caddy/demo.Caddyfile.template" >"$work/Caddyfile"
  # The gateway key reaches Caddy in its environment only: neither the Caddyfile nor its command line holds it.
  caddy_env=(env XDG_CONFIG_HOME="$work/caddy-config" XDG_DATA_HOME="$work/caddy-data"
             TOKEN_AUTHORITY_GATEWAY_KEY="$gateway_key")
  "${caddy_env[@]}" caddy validate --config "$work/Caddyfile" --adapter caddyfile >>"$logs/caddy-validate.log" 2>&1 \
    || { cat "$logs/caddy-validate.log" >&2; fail_keeping_logs "caddy rejected the configuration"; }
  "${caddy_env[@]}" caddy run --config "$work/Caddyfile" --adapter caddyfile >>"$logs/caddy.stderr" 2>&1 &
  pids+=($!)
else
  user_line=""
  if [ "$(id -u)" = 0 ]; then
    # nginx's workers drop root; they need their temporary directories.
    user_line="user nobody nogroup;"
    chown -R nobody:nogroup "$work/nginx-tmp"
    chmod 711 "$work"
  fi
  umask 077
  printf 'map $host $token_authority_gateway_key { default "%s"; }\n' "$gateway_key" >"$work/gateway-key.conf"
  umask 022
  sed -e "s|@USER@|$user_line|" -e "s|@WORK@|$work|g" -e "s|@LOGS@|$logs|g" -e "s|@NGINX_DIR@|$here/nginx|g" \
      -e "s|@GATEWAY_LISTENER_PORT@|$gateway_listener_port|" -e "s|@APP_PORT@|$app_port|" \
      -e "s|@GATEWAY_PORT@|$gateway_port|" -e "s|@PROJECT@|$project|" -e "s|@REGION@|$region|" \
      -e "s|@INSTANCE@|$instance|" "$here/nginx/demo.conf.template" >"$work/nginx.conf"
  nginx -t -q -e "$logs/nginx-error.log" -c "$work/nginx.conf" -p "$work" 2>>"$logs/nginx-error.log" \
    || { cat "$logs/nginx-error.log" >&2; fail_keeping_logs "nginx rejected the configuration"; }
  nginx -e "$logs/nginx-error.log" -c "$work/nginx.conf" -p "$work" >>"$logs/nginx-error.log" 2>&1 &
  pids+=($!)
fi
gateway="http://127.0.0.1:$gateway_port"
wait_for "$gateway/" 30

echo "service=$service gateway=$gateway/ project=$project region=$region instance=$instance"

# Runs until a signal (traps above) or until one of the three stops by itself.
set +e
wait -n "${pids[@]}"
status=$?
fail_keeping_logs "a process of the stack stopped (exit $status): stopping the rest (logs: $logs)"
