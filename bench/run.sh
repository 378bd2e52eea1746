#!/usr/bin/env bash
# Token Authority against its peer (Spring Authorization Server, opaque tokens on H2) and the stack's ceiling
# (Spring MVC, one HMAC and one map lookup), on this machine, in one go. Prints one table of medians and
# writes it, with every run's raw output, under bench/results/<time>/. Exits non-zero if a correctness check
# fails.
#
#   bench/run.sh                 # the full comparison (about 40 minutes)
#   QUICK=1 bench/run.sh         # a smoke of every step of ours, no peers, small numbers (about a minute)
#   DB=postgresql bench/run.sh   # ours on a throwaway PostgreSQL server (deploy/throwaway-postgres.sh) instead of
#                                # the H2 file: issue, verify and regenerate, and a replay of the issued store (the
#                                # 1,000,000-token seed is written straight into H2 files, so not here)
#   DB=both bench/run.sh         # ours on H2 and on PostgreSQL in every round, beside the same peer and ceiling:
#                                # one column each (no 1,000,000-token seed and no write-durability rounds; about
#                                # 30 minutes)
#   ONLY=cluster bench/run.sh    # verify through nginx in front of 1 and then 2 nodes on PostgreSQL
#                                # (deploy/local-cluster.sh), RUNS rounds each; about 15 minutes
#   ONLY=startup bench/run.sh    # start-up on an empty store (packaged, with a CDS archive, the peer) and SEED tokens
#                                # with -Xmx384m: verify ready from a snapshot, heap per token, a replay under
#                                # writes and verify load (about 15 minutes)
#   ONLY=verify bench/run.sh     # verify on this build and on BEFORE_REV (default 3be36dd, the last build before
#                                # the metrics), built in a git worktree, beside the ceiling, in alternating order
#                                # after one discarded pair (VERIFY_DISCARD=0: none); judged by the median of each
#                                # round's this/before ratio: what a change costs the verify path (about 20 minutes)
#   ONLY=writes bench/run.sh     # only the write-durability comparison: issue and regenerate on this build and
#                                # on BEFORE_REV (default 3e64c89, the last build before issue 17, which lost
#                                # acknowledged writes to kill -9), built in a git worktree; about 8 minutes
#
# Settings (environment): RUNS=3 rounds of each workload (regenerate: in round 1); WARMUP_S=45 and DURATION_S=20
# for wrk (2 threads, 32 connections); POOL=10000 tokens issued per round (8 concurrent clients), then verified
# over; REGEN=1000 tokens regenerated under load; SEED=1000000 tokens for replay and memory, seeded once, each
# round starting from a copy; JAVA_OPTS=-Xmx512m for every JVM; OURS_ARGS: more arguments for our service.
# The machine has 2 cores shared by servers and load generators: compare within one run, not across runs.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
PEERS=${PEERS:-$ROOT/../shared/peers}
if [[ -n ${QUICK:-} ]]; then
  RUNS=${RUNS:-1} WARMUP_S=${WARMUP_S:-2} DURATION_S=${DURATION_S:-3} POOL=${POOL:-300} REGEN=${REGEN:-20}
  SEED=${SEED:-5000} WITH_PEERS=${WITH_PEERS:-0}
fi
RUNS=${RUNS:-3}
# 45 s, the same for all three: after issuing its pool our service still has a backlog of C2 compilations
# (the issue path: Axon, H2, Jackson) competing with wrk for the 2 cores; after 15 s the JIT still takes about a
# third of the CPU and verify runs at about half its settled rate (bench/README.md, "Warm-up").
WARMUP_S=${WARMUP_S:-45}
DURATION_S=${DURATION_S:-20}
POOL=${POOL:-10000}
REGEN=${REGEN:-1000}
SEED=${SEED:-1000000}
WITH_PEERS=${WITH_PEERS:-1}
[[ ${ONLY:-} == writes || ${ONLY:-} == cluster ]] && WITH_PEERS=0
[[ ${ONLY:-} == verify ]] && POOL=${POOL_VERIFY:-2000}
JAVA_OPTS=${JAVA_OPTS:--Xmx512m}
RESULTS=$HERE/results/$(date -u +%Y%m%dT%H%M%SZ)
WORK=$HERE/work
JAR=${JAR:-$ROOT/app/target/token-authority.jar} # another build: JAR=path bench/run.sh
ADMIN_KEY=bench-admin-key-0123456789-0123456789-0123456789
PROJECT=bench REGION=eu01 INSTANCE=bench-1
VERIFY_QUERY="projectId=$PROJECT&regionId=$REGION&instanceId=$INSTANCE"
TOKENS_PATH=/v1alpha/projects/$PROJECT/regions/$REGION/instances/$INSTANCE/tokens
CHECKS=()

log() { printf '[bench] %s\n' "$*" >&2; }
fail() { log "CHECK FAILED: $*"; CHECKS+=("FAIL: $*"); }
field() { sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p" | head -1; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {if (NR==0) print "n/a"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b+0 == 0 || a == "n/a" || b == "n/a") print "n/a"; else printf "%.2f", a / b }'; }
free_port() {
  local port
  for _ in $(seq 100); do
    port=$((20000 + RANDOM % 12000)) # below Linux's ephemeral range, where client sockets come and go
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "no free port" >&2; exit 1
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
cpu_ms_per() { awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.3f", t * 1000 / hz / n }'; }

# --- prerequisites ---------------------------------------------------------------------------------
command -v wrk >/dev/null || { log "installing wrk"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
[[ -f $JAR ]] || { log "building $JAR"; (cd "$ROOT" && mvn -q -B -DskipTests package); }
H2_JAR=$(ls "$HOME"/.m2/repository/com/h2database/h2/*/h2-*.jar 2>/dev/null | grep -v sources | sort -V | tail -1)
if [[ -z $H2_JAR ]]; then
  (cd "$ROOT" && mvn -q -B dependency:resolve -pl app >/dev/null)
  H2_JAR=$(ls "$HOME"/.m2/repository/com/h2database/h2/*/h2-*.jar | grep -v sources | sort -V | tail -1)
fi
mkdir -p "$RESULTS" "$WORK"
if [[ $WITH_PEERS == 1 ]]; then
  rm -rf "$WORK/peers" && cp -r "$PEERS" "$WORK/peers" && chmod -R u+w "$WORK/peers"
  peers="spring-authz-server limit-mvc"; [[ ${ONLY:-} == verify ]] && peers=limit-mvc # the ceiling alone
  for peer in $peers; do
    log "building peer $peer"
    (cd "$WORK/peers/$peer" && mvn -q -B -DskipTests package)
  done
fi

# --- our service -----------------------------------------------------------------------------------
PID= BASE=
# All load comes from 127.0.0.1, and the regenerate workload sends superseded secrets on purpose: the
# failed-verification limit (per client address) would turn that into 429s, so it is set out of reach here;
# its bookkeeping still runs on every request.
DB=${DB:-h2}
case $DB in
  h2|postgresql) STORES=$DB ;;
  both) STORES="h2 postgresql" ;;
  *) log "DB is h2, postgresql or both"; exit 2 ;;
esac
STORE=${STORES%% *} # the store of the service start_ours starts
on_postgresql() { [[ " $STORES " == *" postgresql "* ]]; }
PG_DIR=$WORK/postgres
PG_DATABASES=0
if on_postgresql; then
  rm -rf "$PG_DIR"; mkdir -p "$PG_DIR"; chmod 755 "$PG_DIR"
  PG_LINE=$("$ROOT/deploy/throwaway-postgres.sh" start "$PG_DIR")
  PG_USER=$(tr ' ' '\n' <<<"$PG_LINE" | sed -n 's/^user=//p')
  PG_PASSWORD=$(tr ' ' '\n' <<<"$PG_LINE" | sed -n 's/^password=//p')
fi
store_args() { # data_dir; sets STORE_ARGS: on PostgreSQL, a new database for each new data directory
  STORE_ARGS=()
  [[ $STORE == postgresql ]] || return 0
  local name; name=$(cat "$1/.bench-database" 2>/dev/null || true)
  if [[ -z $name ]]; then
    # not in a subshell: a count kept there was lost, every data directory got bench_1, and the second one's
    # createdb failed, which left that round on H2 without a word
    PG_DATABASES=$((PG_DATABASES + 1)); name=bench_$PG_DATABASES
    "$ROOT/deploy/throwaway-postgres.sh" createdb "$PG_DIR" "$name" >/dev/null || { log "createdb $name failed"; exit 1; }
    mkdir -p "$1"; echo "$name" >"$1/.bench-database"
  fi
  STORE_ARGS=("--spring.datasource.url=jdbc:postgresql://127.0.0.1:$(cat "$PG_DIR/port")/$name"
    "--spring.datasource.username=$PG_USER" "--spring.datasource.password=$PG_PASSWORD")
}
start_ours() { # data_dir log_file [jar]; sets PID, BASE, STARTUP_S (time to the first answered request)
  local port; port=$(free_port)
  store_args "$1"
  BASE=http://127.0.0.1:$port
  local t0; t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "${3:-$JAR}" --server.address=127.0.0.1 --server.port="$port" --token-authority.data-dir="$1" \
    --token-authority.admin-key="$ADMIN_KEY" --logging.level.dev.tokenauthority.query.verify=WARN \
    --token-authority.gateway.failed-verifications.burst=1000000000 "${STORE_ARGS[@]}" ${OURS_ARGS:-} >"$2" 2>&1 &
  PID=$!
  until curl -s -o /dev/null "$BASE/v1alpha/verify"; do
    kill -0 "$PID" 2>/dev/null || { log "our service exited; see $2"; exit 1; }
    (( $(date +%s) - ${t0%.*} < 300 )) || { log "our service not up after 300 s"; exit 1; }
    sleep 0.05
  done
  STARTUP_S=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
  if [[ $STORE == postgresql ]] && ! grep -q 'jdbc:postgresql:' "$2"; then
    log "our service is not on PostgreSQL (see $2)"; exit 1
  fi
}
stop_ours() {
  [[ -n $PID ]] || return 0
  kill -TERM "$PID" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  PID=
}
stop_all() { stop_ours; ! on_postgresql || "$ROOT/deploy/throwaway-postgres.sh" stop "$PG_DIR"; }
trap stop_all EXIT
admin() { curl -s -H "Authorization: Bearer $ADMIN_KEY" -H 'Content-Type: application/json' "$@"; }
wrk_verify() { # seconds pool_file
  wrk -t2 -c32 -d"$1"s --timeout 10s --latency -s "$HERE/verify.lua" "$BASE/" -- "$2" "$VERIFY_QUERY"
}

declare -A M # metric name -> space-separated values over runs

round_ours() { # round store
  STORE=$2
  local dir=$RESULTS/ours-$1 data=$WORK/ours-data-$1 o=ours_$2
  [[ $STORES == "$2" ]] || { dir=$RESULTS/ours-$2-$1; data=$WORK/ours-$2-data-$1; }
  rm -rf "$data"; mkdir -p "$dir"
  start_ours "$data" "$dir/server.log"
  M[${o}_startup]+=" $STARTUP_S"
  admin -o /dev/null -X POST "$BASE/v1alpha/projects/$PROJECT/regions/$REGION/instances" -d "{\"id\":\"$INSTANCE\",\"type\":\"app\"}"
  java "$HERE/tools/Issue.java" "$BASE" "$ADMIN_KEY" "$TOKENS_PATH" 300 8 "$dir/warmup-tokens.txt" >"$dir/issue-warmup.txt"
  local c0 c1; c0=$(cpu_ticks "$PID")
  java "$HERE/tools/Issue.java" "$BASE" "$ADMIN_KEY" "$TOKENS_PATH" "$POOL" 8 "$dir/tokens.txt" | tee "$dir/issue.txt" >&2
  c1=$(cpu_ticks "$PID")
  local issued; issued=$(field issued <"$dir/issue.txt")
  [[ $issued == "$POOL" ]] || fail "ours ($2): only $issued of $POOL tokens issued"
  M[${o}_issue]+=" $(field rate <"$dir/issue.txt")"
  M[${o}_issue_cpu]+=" $(cpu_ms_per $((c1 - c0)) "$POOL")"
  log "ours ($2): verify warm-up ${WARMUP_S} s, then ${DURATION_S} s over $POOL tokens"
  wrk_verify "$WARMUP_S" "$dir/tokens.txt" >"$dir/wrk-warmup.txt"
  c0=$(cpu_ticks "$PID")
  wrk_verify "$DURATION_S" "$dir/tokens.txt" >"$dir/wrk.txt"
  c1=$(cpu_ticks "$PID")
  local result; result=$(grep '^RESULT' "$dir/wrk.txt"); log "ours ($2): $result"
  [[ $(echo "$result" | field other) == 0 ]] || fail "ours ($2): $(echo "$result" | field other) verify answers were not 204"
  M[${o}_rps]+=" $(echo "$result" | field rps)"
  M[${o}_p50]+=" $(echo "$result" | field p50_ms)"
  M[${o}_p99]+=" $(echo "$result" | field p99_ms)"
  M[${o}_max]+=" $(echo "$result" | field max_ms)"
  M[${o}_cpu]+=" $(cpu_ms_per $((c1 - c0)) "$(echo "$result" | field requests)")"
  if [[ $1 == 1 ]]; then
    log "ours ($2): regenerating $REGEN tokens while wrk verifies for ${DURATION_S} s"
    wrk_verify "$DURATION_S" "$dir/tokens.txt" >"$dir/wrk-during-regenerate.txt" &
    local wrk_pid=$!
    sleep 1
    java "$HERE/tools/RegenerateProbe.java" "$BASE" "$ADMIN_KEY" "$TOKENS_PATH" "$VERIFY_QUERY" "$dir/tokens.txt" "$REGEN" 3 \
      | tee "$dir/regenerate.txt" >&2
    wait "$wrk_pid"
    [[ $(field superseded_accepted <"$dir/regenerate.txt") == 0 ]] || fail "ours ($2): superseded secrets accepted after regenerate"
    [[ $(field regenerated <"$dir/regenerate.txt") == "$REGEN" ]] || fail "ours ($2): not every regenerate succeeded"
  fi
  # A replay of the store this round wrote (about 2 events per issued token), with its digests.
  until [[ $(admin -o /dev/null -w '%{http_code}' -X POST "$BASE/v1alpha/replay") == 202 ]]; do sleep 0.5; done
  until admin "$BASE/v1alpha/replay" | grep -q '"state":"done"'; do sleep 0.5; done
  admin "$BASE/v1alpha/replay" >"$dir/replay.json"
  grep -q '"identical":false' "$dir/replay.json" && fail "ours ($2): a rebuilt model differs from the one it replaced"
  M[${o}_round_replay]+=" $(sed -n 's/.*"eventsPerSecond":\([0-9.]*\).*/\1/p' "$dir/replay.json")"
  M[${o}_round_events]+=" $(sed -n 's/.*"eventsDone":\([0-9]*\).*/\1/p' "$dir/replay.json")"
  stop_ours
}

round_peer() { # round
  local dir=$RESULTS/peer-$1
  log "peer: Spring Authorization Server, round $1"
  local attempt
  for attempt in 1 2; do # its free-port pick can race another process for the port: one retry
    rm -rf "$dir"
    # DB is ours (h2, postgresql, both); the peer reads a DB of its own (file or mem): not passed on
    if (cd "$WORK/peers/spring-authz-server" && unset DB && N=$POOL WARMUP_S=$WARMUP_S DURATION_S=$DURATION_S JAVA_OPTS=$JAVA_OPTS \
          RUN_DIR=$dir ./bench.sh >"$RESULTS/peer-$1.out" 2>&1); then break; fi
    grep -q 'already in use' "$dir/server.log" 2>/dev/null && [[ $attempt == 1 ]] && { log "peer: port taken, again"; continue; }
    fail "peer: its own checks failed (see $RESULTS/peer-$1.out)"; break
  done
  local s=$dir/summary.txt
  [[ -f $s ]] || return 0
  M[peer_startup]+=" $(sed -n 's/^startup *\([0-9.]*\) s.*/\1/p' "$s")"
  M[peer_issue]+=" $(sed -n 's/^issue *\([0-9.]*\) tokens.*/\1/p' "$s")"
  M[peer_issue_cpu]+=" $(sed -n 's/^issue .*server CPU \([0-9.]*\) ms.*/\1/p' "$s")"
  M[peer_rps]+=" $(sed -n 's/^introspect *\([0-9.]*\) req.*/\1/p' "$s")"
  M[peer_cpu]+=" $(sed -n 's/^introspect .*server CPU \([0-9.]*\) ms.*/\1/p' "$s")"
  M[peer_p50]+=" $(sed -n 's/^  latency *p50 \([0-9.]*\) ms.*/\1/p' "$s")"
  M[peer_p99]+=" $(sed -n 's/^  latency.*p99 \([0-9.]*\) ms.*/\1/p' "$s")"
  M[peer_max]+=" $(sed -n 's/^  latency.*max \([0-9.]*\) ms.*/\1/p' "$s")"
  M[peer_rss]+=" $(sed -n 's/^peak RSS *\([0-9]*\) MiB.*/\1/p' "$s")"
}

round_ceiling() { # round
  local out=$RESULTS/ceiling-$1.out
  log "ceiling: Spring MVC + HMAC + map, round $1"
  # its EXIT trap can end it non-zero after it printed everything: its figures are what counts
  (cd "$WORK/peers/limit-mvc" && PORT=$(free_port) WARMUP_S=$WARMUP_S DURATION_S=$DURATION_S JAVA_OPTS=$JAVA_OPTS ./bench.sh >"$out" 2>&1) || true
  grep -q '^Requests/sec' "$out" || { fail "ceiling: bench failed (see $out)"; return 0; }
  M[ceiling_rps]+=" $(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$out")"
  M[ceiling_p50]+=" $(awk '/ 50%/ {v=$2; sub(/ms/,"",v); if ($2 ~ /us$/) {sub(/us/,"",v); v=v/1000} print v}' "$out")"
  M[ceiling_p99]+=" $(awk '/ 99%/ {v=$2; sub(/ms/,"",v); if ($2 ~ /us$/) {sub(/us/,"",v); v=v/1000} print v}' "$out")"
  M[ceiling_cpu]+=" $(sed -n 's/^server CPU \([0-9.]*\) ms.*/\1/p' "$out")"
}

replay_and_memory() {
  local dir=$RESULTS/replay seed=$WORK/seed-store data=$WORK/seed-data
  rm -rf "$seed" "$data"; mkdir -p "$dir"
  log "replay/memory: creating the schema, then seeding $SEED tokens"
  start_ours "$seed" "$dir/server-schema.log"; stop_ours
  java -cp "$H2_JAR" "$HERE/tools/SeedStore.java" "$seed" "$SEED" 1000 "$dir/kept.txt" | tee "$dir/seed.txt" >&2
  local kept round; kept=$(head -1 "$dir/kept.txt" | cut -d' ' -f2)
  for round in $(seq "$RUNS"); do
    # every round starts from the same freshly seeded store (a first start also catches the catalogue up)
    rm -rf "$data"; cp -r "$seed" "$data"
    start_ours "$data" "$dir/server-$round.log"
    M[seed_first_answer]+=" $STARTUP_S"
    local t0; t0=$(date +%s.%N)
    until [[ $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $kept" "$BASE/v1alpha/verify?$VERIFY_QUERY") == 204 ]]; do
      (( $(date +%s) - ${t0%.*} < 600 )) || { fail "replay: seeded secret never verified"; break; }
      sleep 0.1
    done
    local ready; ready=$(awk -v a="$t0" -v b="$(date +%s.%N)" -v s="$STARTUP_S" 'BEGIN { printf "%.2f", b - a + s }')
    M[seed_ready]+=" $ready"
    log "replay round $round: $SEED events; first answer after $STARTUP_S s, verify ready after $ready s"
    local code
    until [[ $(admin -o /dev/null -w '%{http_code}' -X POST "$BASE/v1alpha/replay") == 202 ]]; do sleep 1; done
    until admin "$BASE/v1alpha/replay" | grep -q '"state":"done"'; do sleep 1; done
    admin "$BASE/v1alpha/replay" | tee "$dir/replay-$round.json" >&2; echo >&2
    M[replay_rate]+=" $(sed -n 's/.*"eventsPerSecond":\([0-9.]*\).*/\1/p' "$dir/replay-$round.json")"
    grep -q '"identical":false' "$dir/replay-$round.json" && fail "replay: a rebuilt model differs from the one it replaced"
    local bad=0
    while read -r _ secret; do
      code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $secret" "$BASE/v1alpha/verify?$VERIFY_QUERY")
      [[ $code == 204 ]] || bad=$((bad + 1))
    done < <(head -100 "$dir/kept.txt")
    [[ $bad == 0 ]] || fail "replay: $bad of 100 seeded secrets did not verify after the replay"
    M[seed_rss]+=" $(( $(awk '/^VmHWM:/ {print $2}' "/proc/$PID/status") / 1024 ))"
    stop_ours
  done
  rm -rf "$data"
}

# Issue 22's targets, on H2: (1) start-up on an empty store to the first answer, ours as packaged and with a
# class-data-sharing archive (deploy/cds-archive.sh), beside the peer's in the same rounds; (2) the seeded store of
# SEED tokens with -Xmx384m: the first start replays it and writes a snapshot (and a clean stop another), every
# round then starts from a copy of that: verify ready after N s (target 5), heap per active token after a full GC;
# (3) a replay of the whole store while a client issues tokens (every one must be accepted) and wrk verifies:
# verify p99 during the replay against p99 at rest, no OutOfMemoryError.
SNAPSHOT_HEAP=${SNAPSHOT_HEAP:--Xmx384m}
cds_archive() { # builds $WORK/cds once per jar: the extracted jar and its archive
  local stamp; stamp=$(sha256sum "$JAR" | cut -c1-16)
  [[ -f $WORK/cds/app.jsa && $(cat "$WORK/cds/jar.sha" 2>/dev/null) == "$stamp" ]] && return 0
  log "building a class-data-sharing archive for $JAR"
  "$ROOT/deploy/cds-archive.sh" "$JAR" "$WORK/cds" >"$RESULTS/cds-archive.log" 2>&1 || { fail "cds: archive not built (see $RESULTS/cds-archive.log)"; return 1; }
  echo "$stamp" >"$WORK/cds/jar.sha"
}
startup_round() { # round
  local dir=$RESULTS/startup-$1; mkdir -p "$dir"
  local saved_opts=$JAVA_OPTS kind
  for kind in packaged cds; do
    rm -rf "$WORK/startup-data"
    if [[ $kind == cds ]]; then
      JAVA_OPTS="$saved_opts -XX:SharedArchiveFile=$WORK/cds/app.jsa"
      start_ours "$WORK/startup-data" "$dir/server-$kind.log" "$WORK/cds/app/token-authority.jar"
    else
      start_ours "$WORK/startup-data" "$dir/server-$kind.log"
    fi
    JAVA_OPTS=$saved_opts
    log "start-up round $1 ($kind): first answer after $STARTUP_S s"
    M[startup_$kind]+=" $STARTUP_S"
    [[ $kind == packaged ]] && M[empty_heap_mib]+=" $(heap_used_mib "$PID")"
    stop_ours
  done
  rm -rf "$WORK/startup-data"
}
heap_used_mib() { # pid: the live heap, MiB (a class histogram counts what a full collection leaves)
  jcmd "$1" GC.class_histogram 2>/dev/null | awk '/^Total/ { printf "%.1f", $3 / 1048576 }'
}
snapshot_rounds() {
  local dir=$RESULTS/snapshot seed=$WORK/snapshot-seed data=$WORK/snapshot-data saved_opts=$JAVA_OPTS
  rm -rf "$seed" "$data"; mkdir -p "$dir"
  JAVA_OPTS=$SNAPSHOT_HEAP
  log "snapshot: creating the schema, then seeding $SEED tokens"
  start_ours "$seed" "$dir/server-schema.log"; stop_ours
  java -cp "$H2_JAR" "$HERE/tools/SeedStore.java" "$seed" "$SEED" 1000 "$dir/kept.txt" | tee "$dir/seed.txt" >&2
  local kept; kept=$(head -1 "$dir/kept.txt" | cut -d' ' -f2)
  # The first start has no snapshot: it replays the store, then writes one; the clean stop writes the last.
  start_ours "$seed" "$dir/server-first.log"
  local t0; t0=$(date +%s.%N)
  until [[ $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $kept" "$BASE/v1alpha/verify?$VERIFY_QUERY") == 204 ]]; do
    (( $(date +%s) - ${t0%.*} < 600 )) || { fail "snapshot: seeded secret never verified"; break; }
    sleep 0.1
  done
  M[snap_replay_ready]+=" $(awk -v a="$t0" -v b="$(date +%s.%N)" -v s="$STARTUP_S" 'BEGIN { printf "%.2f", b - a + s }')"
  until grep -q 'auth lookup: snapshot at event' "$dir/server-first.log"; do sleep 0.5; done
  stop_ours
  [[ -f $seed/auth-lookup.snapshot ]] || fail "snapshot: no snapshot written"
  M[snap_mib]+=" $(( $(stat -c %s "$seed/auth-lookup.snapshot") / 1048576 ))"
  local round
  for round in $(seq "$RUNS"); do
    rm -rf "$data"; cp -r "$seed" "$data"
    JAVA_OPTS="$SNAPSHOT_HEAP -Xlog:gc:file=$dir/gc-$round.log"
    if [[ -f $WORK/cds/app.jsa ]]; then # as the image runs it
      JAVA_OPTS+=" -XX:SharedArchiveFile=$WORK/cds/app.jsa"
      start_ours "$data" "$dir/server-$round.log" "$WORK/cds/app/token-authority.jar"
    else
      start_ours "$data" "$dir/server-$round.log"
    fi
    JAVA_OPTS=$SNAPSHOT_HEAP
    t0=$(date +%s.%N)
    until [[ $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $kept" "$BASE/v1alpha/verify?$VERIFY_QUERY") == 204 ]]; do
      (( $(date +%s) - ${t0%.*} < 600 )) || { fail "snapshot: seeded secret never verified"; break; }
      sleep 0.02
    done
    local ready; ready=$(awk -v a="$t0" -v b="$(date +%s.%N)" -v s="$STARTUP_S" 'BEGIN { printf "%.2f", b - a + s }')
    grep -q 'auth lookup: started from the snapshot' "$dir/server-$round.log" || fail "snapshot: round $round did not start from the snapshot"
    log "snapshot round $round: first answer after $STARTUP_S s, verify ready after $ready s"
    M[snap_ready]+=" $ready"
    local heap; heap=$(heap_used_mib "$PID")
    M[snap_heap_mib]+=" $heap"
    M[snap_bytes_per_token]+=" $(awk -v h="$heap" -v e="$(echo "${M[empty_heap_mib]:-0}" | median)" -v n="$SEED" 'BEGIN { printf "%.0f", (h - e) * 1048576 / n }')"
    # verify at rest, then a replay with a writer and wrk going on
    wrk_verify 10 "$dir/kept.txt" >"$dir/wrk-warmup-$round.txt"
    wrk_verify "$DURATION_S" "$dir/kept.txt" >"$dir/wrk-rest-$round.txt"
    # the writer's tokens go to an instance registered through the API (the seeded one is in the event store only,
    # written past the command side, which does not know it)
    local writes_path=/v1alpha/projects/$PROJECT/regions/$REGION/instances/bench-writes-$round/tokens
    admin -o /dev/null -X POST "$BASE/v1alpha/projects/$PROJECT/regions/$REGION/instances" -d "{\"id\":\"bench-writes-$round\",\"type\":\"app\"}"
    until [[ $(admin -o /dev/null -w '%{http_code}' -X POST "$BASE/v1alpha/replay") == 202 ]]; do sleep 0.5; done
    # a writer for as long as the replay runs: batches of 200 tokens from 2 clients, each call must be accepted
    (
      batch=0
      while admin "$BASE/v1alpha/replay" | grep -q '"state":"running"'; do
        batch=$((batch + 1))
        java "$HERE/tools/Issue.java" "$BASE" "$ADMIN_KEY" "$writes_path" 200 2 "$dir/during-$round-$batch.txt" \
          | grep '^RESULT' >>"$dir/issue-during-$round.txt"
      done
    ) &
    local writer=$!
    wrk_verify "$DURATION_S" "$dir/kept.txt" >"$dir/wrk-replay-$round.txt"
    local state; state=$(admin "$BASE/v1alpha/replay" | sed -n 's/.*"state":"\([a-z]*\)".*/\1/p')
    [[ $state == running ]] || log "snapshot round $round: the replay ended before the measured verify load did (state $state)"
    until admin "$BASE/v1alpha/replay" | grep -q '"state":"done"'; do sleep 0.5; done
    wait "$writer" 2>/dev/null || true
    admin "$BASE/v1alpha/replay" >"$dir/replay-$round.json"
    grep -q '"identical":false' "$dir/replay-$round.json" && fail "snapshot: a rebuilt model differs from the one it replaced"
    local written refused
    written=$(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^issued=/) { sub(/issued=/, "", $i); n += $i } } END { print n + 0 }' "$dir/issue-during-$round.txt")
    refused=$(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^failed=/) { sub(/failed=/, "", $i); n += $i } } END { print n + 0 }' "$dir/issue-during-$round.txt")
    M[snap_replay_writes]+=" $written"
    M[snap_replay_refused]+=" $refused"
    [[ $refused == 0 ]] || fail "snapshot: $refused write calls refused during the replay"
    (( written > 0 )) || fail "snapshot: no token issued during the replay"
    M[snap_p99_rest]+=" $(grep '^RESULT' "$dir/wrk-rest-$round.txt" | field p99_ms)"
    M[snap_p99_replay]+=" $(grep '^RESULT' "$dir/wrk-replay-$round.txt" | field p99_ms)"
    M[snap_replay_rate]+=" $(sed -n 's/.*"eventsPerSecond":\([0-9.]*\).*/\1/p' "$dir/replay-$round.json")"
    [[ $(grep '^RESULT' "$dir/wrk-replay-$round.txt" | field other) == 0 ]] || fail "snapshot: verify answers other than 204 during the replay"
    M[snap_rss]+=" $(( $(awk '/^VmHWM:/ {print $2}' "/proc/$PID/status") / 1024 ))"
    stop_ours
    grep -q OutOfMemoryError "$dir/server-$round.log" && fail "snapshot: OutOfMemoryError with $SNAPSHOT_HEAP"
  done
  JAVA_OPTS=$saved_opts
  rm -rf "$data"
}

# What an acknowledged write costs to be durable against a crash of the process: the same issue and regenerate
# workloads on this build (a write call answers once H2 has written its commit to the file) and on BEFORE_REV
# (commits written by H2's background thread up to 500 ms later), in every round, in alternating order.
[[ ${ONLY:-} == verify ]] && BEFORE_REV=${BEFORE_REV:-3be36dd}
BEFORE_REV=${BEFORE_REV:-3e64c89}
BEFORE_JAR=$WORK/before/app/target/token-authority.jar
build_before() {
  [[ -f $BEFORE_JAR && $(cat "$WORK/before.rev" 2>/dev/null) == "$BEFORE_REV" ]] && return 0
  log "building $BEFORE_REV in a worktree"
  git -C "$ROOT" worktree remove --force "$WORK/before" 2>/dev/null || rm -rf "$WORK/before"
  git -C "$ROOT" worktree add --detach "$WORK/before" "$BEFORE_REV" >/dev/null
  (cd "$WORK/before" && mvn -q -B -ntp -DskipTests package)
  echo "$BEFORE_REV" >"$WORK/before.rev"
}
round_writes() { # round mode(durable|before)
  local dir=$RESULTS/writes-$2-$1 data=$WORK/writes-data jar=$JAR
  rm -rf "$data"; mkdir -p "$dir"
  [[ $2 == before ]] && jar=$BEFORE_JAR
  log "writes ($2), round $1: issue $POOL tokens, then regenerate $REGEN of them one by one"
  start_ours "$data" "$dir/server.log" "$jar"
  admin -o /dev/null -X POST "$BASE/v1alpha/projects/$PROJECT/regions/$REGION/instances" -d "{\"id\":\"$INSTANCE\",\"type\":\"app\"}"
  java "$HERE/tools/Issue.java" "$BASE" "$ADMIN_KEY" "$TOKENS_PATH" 300 8 "$dir/warmup-tokens.txt" >"$dir/issue-warmup.txt"
  java "$HERE/tools/Issue.java" "$BASE" "$ADMIN_KEY" "$TOKENS_PATH" "$POOL" 8 "$dir/tokens.txt" | tee "$dir/issue.txt" >&2
  [[ $(field issued <"$dir/issue.txt") == "$POOL" ]] || fail "writes ($2): not every token was issued"
  java "$HERE/tools/RegenerateProbe.java" "$BASE" "$ADMIN_KEY" "$TOKENS_PATH" "$VERIFY_QUERY" "$dir/tokens.txt" "$REGEN" 1 \
    | tee "$dir/regenerate.txt" >&2
  [[ $(field superseded_accepted <"$dir/regenerate.txt") == 0 ]] || fail "writes ($2): superseded secrets accepted"
  [[ $(field regenerated <"$dir/regenerate.txt") == "$REGEN" ]] || fail "writes ($2): not every regenerate succeeded"
  M[writes_${2}_issue]+=" $(field rate <"$dir/issue.txt")"
  M[writes_${2}_issue_p50]+=" $(field p50_ms <"$dir/issue.txt")"
  M[writes_${2}_regen_p50]+=" $(field regenerate_p50_ms <"$dir/regenerate.txt")"
  M[writes_${2}_regen_p99]+=" $(field regenerate_p99_ms <"$dir/regenerate.txt")"
  M[writes_${2}_file_mib]+=" $(( $(stat -c %s "$data/token-authority.mv.db") / 1048576 ))"
  stop_ours
  rm -rf "$data"
}
writes_rounds() {
  local round
  if [[ -n ${QUICK:-} ]]; then round_writes 1 durable; return; fi # the smoke: this build only
  build_before
  for round in $(seq "$RUNS"); do
    if (( round % 2 )); then round_writes "$round" durable; round_writes "$round" before
    else round_writes "$round" before; round_writes "$round" durable; fi
  done
}

# Verify alone, on two builds: what the metrics (issue 24) cost the verify path. Each round starts a build on a new
# store, issues the pool, warms up and measures as round_ours does; the ceiling runs in the same round.
verify_round() { # round label jar
  local dir=$RESULTS/verify-$2-$1 data=$WORK/verify-data
  rm -rf "$data"; mkdir -p "$dir"
  start_ours "$data" "$dir/server.log" "$3"
  admin -o /dev/null -X POST "$BASE/v1alpha/projects/$PROJECT/regions/$REGION/instances" -d "{\"id\":\"$INSTANCE\",\"type\":\"app\"}"
  java "$HERE/tools/Issue.java" "$BASE" "$ADMIN_KEY" "$TOKENS_PATH" "$POOL" 8 "$dir/tokens.txt" >"$dir/issue.txt"
  [[ $(field issued <"$dir/issue.txt") == "$POOL" ]] || fail "verify ($2): not every token was issued"
  log "verify ($2), round $1: warm-up ${WARMUP_S} s, then ${DURATION_S} s"
  wrk_verify "$WARMUP_S" "$dir/tokens.txt" >"$dir/wrk-warmup.txt"
  wrk_verify "$DURATION_S" "$dir/tokens.txt" >"$dir/wrk.txt"
  local result; result=$(grep '^RESULT' "$dir/wrk.txt"); log "verify ($2): $result"
  [[ $(echo "$result" | field other) == 0 ]] || fail "verify ($2): $(echo "$result" | field other) answers were not 204"
  M[verify_${2}_rps]+=" $(echo "$result" | field rps)"
  M[verify_${2}_p99]+=" $(echo "$result" | field p99_ms)"
  stop_ours
  rm -rf "$data"
}
verify_rounds() {
  build_before
  # One pair first, not counted: the first runs on a quiet machine were the slowest of every series (caches, CPU
  # clocks, the page cache of the jars), whichever build went first.
  if (( ${VERIFY_DISCARD:-1} )); then
    log "verify: one discarded pair first"
    verify_round 0 discarded-this "$JAR"; verify_round 0 discarded-before "$BEFORE_JAR"
  fi
  for round in $(seq "$RUNS"); do
    if (( round % 2 )); then verify_round "$round" this "$JAR"; verify_round "$round" before "$BEFORE_JAR"
    else verify_round "$round" before "$BEFORE_JAR"; verify_round "$round" this "$JAR"; fi
    # each round's two runs back to back: their ratio cancels what drifts between rounds
    M[verify_pair_ratio]+=" $(awk -v a="$(last verify_this_rps)" -v b="$(last verify_before_rps)" 'BEGIN { printf "%.4f", a / b }')"
    round_ceiling "$round"
  done
}
last() { echo "${M[$1]:-}" | awk '{ print $NF }'; }

# Verify capacity of a cluster: the same wrk load through nginx, in front of 1 node and of 2 (every node holds
# the whole auth lookup, so each verifies alone). On this machine's 2 cores the nodes, nginx, PostgreSQL and wrk
# share the same CPUs: this shows the cost of the extra hop and of more JVMs, not what more machines give.
cluster_round() { # nodes round
  local dir=$RESULTS/cluster-$1-nodes-$2
  mkdir -p "$dir"; rm -rf "$WORK/cluster"
  log "cluster: $1 node(s) behind nginx, round $2"
  TOKEN_AUTHORITY_ADMIN_KEY=$ADMIN_KEY TOKEN_AUTHORITY_NODES=$1 TOKEN_AUTHORITY_LOCAL_DIR=$WORK/cluster \
    bash "$ROOT/deploy/local-cluster.sh" >"$dir/line.txt" 2>"$dir/script.err" &
  local script=$!
  local t0=$SECONDS
  until grep -q '^gateway=' "$dir/line.txt" 2>/dev/null; do
    kill -0 "$script" 2>/dev/null || { fail "cluster: local-cluster.sh exited (see $dir/script.err)"; return 0; }
    (( SECONDS - t0 < 300 )) || { fail "cluster: no line within 300 s"; kill -TERM "$script"; return 0; }
    sleep 0.5
  done
  BASE=$(sed -n 's/^gateway=\([^ ]*\).*/\1/p' "$dir/line.txt")
  admin -o /dev/null -X POST "$BASE/v1alpha/projects/$PROJECT/regions/$REGION/instances" -d "{\"id\":\"$INSTANCE\",\"type\":\"app\"}"
  java "$HERE/tools/Issue.java" "$BASE" "$ADMIN_KEY" "$TOKENS_PATH" "$POOL" 8 "$dir/tokens.txt" >"$dir/issue.txt"
  [[ $(field issued <"$dir/issue.txt") == "$POOL" ]] || fail "cluster: not every token was issued through nginx"
  wrk_verify "$WARMUP_S" "$dir/tokens.txt" >"$dir/wrk-warmup.txt"
  wrk_verify "$DURATION_S" "$dir/tokens.txt" >"$dir/wrk.txt"
  local result; result=$(grep '^RESULT' "$dir/wrk.txt"); log "cluster ($1 node(s)): $result"
  [[ $(echo "$result" | field other) == 0 ]] || fail "cluster: $(echo "$result" | field other) verify answers were not 204"
  M[cluster_$1_rps]+=" $(echo "$result" | field rps)"
  M[cluster_$1_p99]+=" $(echo "$result" | field p99_ms)"
  kill -TERM "$script"; wait "$script" 2>/dev/null || true
}

# --- the runs --------------------------------------------------------------------------------------
if [[ ${ONLY:-} == startup ]]; then
  if cds_archive && [[ -z ${SNAPSHOT_ONLY:-} ]]; then # SNAPSHOT_ONLY=1: the seeded rounds alone
    for round in $(seq "$RUNS"); do
      startup_round "$round"
      # the peer's start-up, from a short run of its own bench (its other figures are not used here)
      [[ $WITH_PEERS == 1 ]] && POOL=300 WARMUP_S=2 DURATION_S=3 round_peer "$round"
    done
  fi
  snapshot_rounds
elif [[ ${ONLY:-} == cluster ]]; then
  for round in $(seq "$RUNS"); do cluster_round 1 "$round"; cluster_round 2 "$round"; done
elif [[ ${ONLY:-} == verify ]]; then
  verify_rounds
elif [[ ${ONLY:-} != writes ]]; then
  for round in $(seq "$RUNS"); do
    for store in $STORES; do round_ours "$round" "$store"; done
    if [[ $WITH_PEERS == 1 ]]; then round_peer "$round"; round_ceiling "$round"; fi
  done
  if [[ $DB == h2 ]]; then replay_and_memory; fi
fi
if [[ $DB == h2 && ${ONLY:-} != cluster && ${ONLY:-} != startup && ${ONLY:-} != verify ]]; then writes_rounds; fi

# --- the table -------------------------------------------------------------------------------------
med() { echo "${M[$1]:-}" | median; }
{
  echo "Token Authority benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores shared by servers and load, JAVA_OPTS='$JAVA_OPTS', our store(s): $STORES"
  echo "medians of $RUNS run(s); wrk 2 threads, 32 connections, ${WARMUP_S} s warm-up, ${DURATION_S} s measured, pool of $POOL tokens"
  echo
  if [[ ${ONLY:-} == startup ]]; then
    echo "start-up to the first answer, empty store: packaged $(med startup_packaged) s, with the CDS archive $(med startup_cds) s, peer $(med peer_startup) s"
    echo "rounds: packaged${M[startup_packaged]:-}; CDS${M[startup_cds]:-}; peer${M[peer_startup]:-}"
    echo "$SEED tokens, $SNAPSHOT_HEAP: verify ready after $(med snap_ready) s from the snapshot ($(med snap_mib) MiB; with the CDS archive if built), $(med snap_replay_ready) s replaying the store (first start, packaged jar)"
    echo "live heap (class histogram) $(med snap_heap_mib) MiB, $(med empty_heap_mib) MiB with an empty store: $(med snap_bytes_per_token) bytes per active token; peak RSS $(med snap_rss) MiB"
    echo "replay of the store under load: $(med snap_replay_rate) events/s; tokens issued meanwhile $(med snap_replay_writes), refused $(med snap_replay_refused); verify p99 $(med snap_p99_replay) ms during it, $(med snap_p99_rest) ms at rest"
    echo "rounds: ready s${M[snap_ready]:-}; p99 rest${M[snap_p99_rest]:-}; p99 replay${M[snap_p99_replay]:-}; heap MiB${M[snap_heap_mib]:-}"
  elif [[ ${ONLY:-} == verify ]]; then
    this_ratio=$(ratio "$(med verify_this_rps)" "$(med ceiling_rps)")
    before_ratio=$(ratio "$(med verify_before_rps)" "$(med ceiling_rps)")
    echo "verify req/s: this build $(med verify_this_rps) (p99 $(med verify_this_p99) ms), $BEFORE_REV $(med verify_before_rps) (p99 $(med verify_before_p99) ms), ceiling $(med ceiling_rps)"
    echo "ratio to the ceiling: this build $this_ratio, $BEFORE_REV $before_ratio; this build / $BEFORE_REV $(ratio "$(med verify_this_rps)" "$(med verify_before_rps)")"
    echo "this build / $BEFORE_REV, the median of the rounds' paired ratios: $(med verify_pair_ratio)" \
      "(target: within 5 %: $(awk -v r="$(med verify_pair_ratio)" 'BEGIN { d = r - 1; printf "%+.1f %%, %s", d * 100, (d >= -0.05 ? "met" : "missed") }'))"
    echo "rounds: this build${M[verify_this_rps]:-}; $BEFORE_REV${M[verify_before_rps]:-}; pairs${M[verify_pair_ratio]:-}; ceiling${M[ceiling_rps]:-}"
  elif [[ ${ONLY:-} == cluster ]]; then
    echo "verify through nginx, 1 node: $(med cluster_1_rps) req/s (p99 $(med cluster_1_p99) ms); 2 nodes: $(med cluster_2_rps) req/s (p99 $(med cluster_2_p99) ms)"
    echo "rounds: 1 node${M[cluster_1_rps]:-}; 2 nodes${M[cluster_2_rps]:-}"
  elif [[ ${ONLY:-} != writes ]]; then
    # one "ours" column per store, then the peer and the ceiling, then ours over each of them
    header=("metric"); for store in $STORES; do header+=("ours, $store"); done; header+=("peer (SAS)" "ceiling")
    for store in $STORES; do header+=("$store/peer" "$store/ceiling"); done
    line() { local first=$1; shift; printf '| %-44s' "$first"; printf ' | %18s' "$@"; printf ' |\n'; }
    line "${header[@]}"
    line "$(printf -- '-%.0s' {1..44})" $(for _ in "${header[@]:1}"; do printf -- '-%.0s' {1..18}; echo; done)
    row() { # label metric peer_value ceiling_value
      local cells=() store
      for store in $STORES; do cells+=("$(med "ours_${store}_$2")"); done
      cells+=("$3" "$4")
      for store in $STORES; do cells+=("$(ratio "$(med "ours_${store}_$2")" "$3")" "$(ratio "$(med "ours_${store}_$2")" "$4")"); done
      line "$1" "${cells[@]}"
    }
    row "verify req/s" rps "$(med peer_rps)" "$(med ceiling_rps)"
    row "verify latency p50 ms" p50 "$(med peer_p50)" "$(med ceiling_p50)"
    row "verify latency p99 ms" p99 "$(med peer_p99)" "$(med ceiling_p99)"
    row "verify latency max ms" max "$(med peer_max)" "n/a"
    row "server CPU ms/verify" cpu "$(med peer_cpu)" "$(med ceiling_cpu)"
    row "issue tokens/s (8 clients)" issue "$(med peer_issue)" "n/a"
    row "server CPU ms/issued token" issue_cpu "$(med peer_issue_cpu)" "n/a"
    row "start-up s to first answer (empty store)" startup "$(med peer_startup)" "n/a"
    row "replay of each round's store, events/s" round_replay "n/a" "n/a"
    echo
    for store in $STORES; do
      local_dir=$RESULTS/ours-1; [[ $STORES == "$store" ]] || local_dir=$RESULTS/ours-$store-1
      if [[ -f $local_dir/regenerate.txt ]]; then
        echo "regenerate under load, ours on $store ($REGEN tokens while wrk verifies): $(grep RESULT "$local_dir/regenerate.txt" | sed 's/RESULT //')"
      fi
      echo "replay of each round's store, ours on $store: $(med "ours_${store}_round_events") events at $(med "ours_${store}_round_replay") events/s"
    done
    if [[ $DB == h2 ]]; then
      echo "replay of $SEED seeded tokens (+1 instance): $(med replay_rate) events/s rebuilding auth lookup and catalogue"
      echo "with $SEED active tokens: first answer after $(med seed_first_answer) s, verify ready after $(med seed_ready) s (start-up replay), peak RSS $(med seed_rss) MiB"
    fi
    echo "peer peak RSS with its $POOL tokens: $(med peer_rss) MiB"
  fi
  if [[ $DB == h2 && ${ONLY:-} != cluster && ${ONLY:-} != startup && ${ONLY:-} != verify ]]; then
    echo "writes, this build (durable against kill -9): issue $(med writes_durable_issue) tokens/s (p50 $(med writes_durable_issue_p50) ms)," \
      "regenerate p50 $(med writes_durable_regen_p50) ms, p99 $(med writes_durable_regen_p99) ms, H2 file $(med writes_durable_file_mib) MiB"
    echo "writes, $BEFORE_REV (before issue 17): issue $(med writes_before_issue) tokens/s (p50 $(med writes_before_issue_p50) ms)," \
      "regenerate p50 $(med writes_before_regen_p50) ms, p99 $(med writes_before_regen_p99) ms, H2 file $(med writes_before_file_mib) MiB"
  fi
  if [[ ${ONLY:-} != cluster && ${ONLY:-} != startup && ${ONLY:-} != verify ]]; then
    for store in $STORES; do
      echo "rounds, ours on $store: verify req/s${M[ours_${store}_rps]:-}; issue tokens/s${M[ours_${store}_issue]:-}"
    done
  fi
  if [[ $DB == h2 && ${ONLY:-} != cluster && ${ONLY:-} != startup && ${ONLY:-} != verify ]]; then
    echo "rounds, seeded store: replay events/s${M[replay_rate]:-}; verify ready s${M[seed_ready]:-}; peak RSS MiB${M[seed_rss]:-}"
    echo "rounds, writes: issue tokens/s this build${M[writes_durable_issue]:-}, before${M[writes_before_issue]:-};" \
      "regenerate p50 ms this build${M[writes_durable_regen_p50]:-}, before${M[writes_before_regen_p50]:-}"
  fi
  [[ $WITH_PEERS == 1 && ${ONLY:-} != verify ]] && echo "rounds, peer: verify req/s${M[peer_rps]:-}; issue tokens/s${M[peer_issue]:-}; ceiling req/s${M[ceiling_rps]:-}"
  echo
  if [[ ${#CHECKS[@]} -eq 0 ]]; then echo "correctness checks: PASS"; else printf 'correctness checks: %s\n' "${CHECKS[@]}"; fi
} | tee "$RESULTS/table.md"
[[ ${#CHECKS[@]} -eq 0 ]]
