#!/usr/bin/env bash
# The reliability and security battery (issue 23): hostile tests turned into figures, on the embedded H2 store and
# on PostgreSQL (and on a 3-node cluster where the test says so). Runs every test tagged "battery" (JUnit tag;
# the *IT classes under app/src/test/java/dev/tokenauthority/app/battery, CrashDurabilityIT, one ClusterIT test)
# against the packaged jar as real processes, prints one table of figures with their targets, writes it to
# bench/results/<time>-battery/battery.md, and exits non-zero if a test failed or any figure broke its target.
#
#   bench/battery.sh                # the full battery: 200 kill -9 runs per store, 10,000 samples and requests
#                                   # per kind... (hours: run it by hand, its last table goes into the README)
#   SCALE=ci bench/battery.sh       # the CI slice only (small counts, fixed seed: what mvn verify runs anyway)
#   bench/battery.sh --report       # the table of the figures the last run left in app/target/battery
#   ONLY=CrashDurabilityIT STORES=H2 bench/battery.sh   # one piece of the full battery (failsafe's -Dit.test
#                                   # pattern; one store): the full battery is hours, so it can run in pieces
#   bench/battery.sh --merge bench/results/A-battery bench/results/B-battery ...  # one table from pieces of one code
#                                   # state (their commits may differ in *.md files only)
#
# Settings (environment): SCALE=full|ci, BATTERY_SEED=17 (every random choice), MVN_ARGS (e.g. -o),
# ONLY (tests, e.g. 'EndpointFuzzIT,LeakScanIT'; Jazzer runs only without it or with ONLY=Jazzer), STORES=H2|PostgreSQL.
# .ci/run runs the slice inside `mvn verify` and then `bench/battery.sh --report`.
set -euo pipefail
cd "$(dirname "$0")/.."
figures=app/target/battery/figures.tsv
status=0

if [[ ${1:-} == --merge ]]; then
  # Pieces of one full battery: their figures in one table, refused when they were run on different code (commits
  # that differ in more than their Markdown files: a README figure committed between two pieces changes no code).
  shift
  (( $# > 0 )) || { echo "battery: --merge needs the result directories of the pieces" >&2; exit 2; }
  commits=$(for piece in "$@"; do head -1 "$piece/battery.md" | awk -F', ' '{print $3}' | tr -d ,; done | sort -u)
  first=$(head -1 <<<"$commits")
  while read -r commit; do
    if ! git rev-parse --quiet --verify "$commit^{commit}" >/dev/null; then
      echo "battery: a piece names a commit this clone does not have: $commit" >&2
      exit 2
    fi
    if ! git diff --quiet "$first" "$commit" -- . ':(exclude)*.md'; then
      echo "battery: the pieces were run on different code: $(tr '\n' ' ' <<<"$commits")" >&2
      exit 2
    fi
  done <<<"$commits"
  code=$(paste -sd' ' <<<"$commits" | sed 's/ / and /g')
  (( $(wc -l <<<"$commits") == 1 )) || code+=" (the same code)"
  rm -rf app/target/battery && mkdir -p app/target/battery
  for piece in "$@"; do cat "$piece/figures.tsv"; done >"$figures"
  pieces="$*"
  set -- --report
fi

if [[ ${1:-} != --report && ${ONLY:-} != Jazzer ]]; then
  rm -rf app/target/battery
  # Surefire's tests are not the battery's: -Dtest=none skips them in every module; failsafe runs the tagged ones.
  # shellcheck disable=SC2086
  mvn -B -ntp ${MVN_ARGS:-} -pl app -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dgroups=battery -Dbattery.scale="${SCALE:-full}" -Dbattery.seed="${BATTERY_SEED:-17}" \
    ${ONLY:+-Dit.test="$ONLY" -Dfailsafe.failIfNoSpecifiedTests=false} ${STORES:+-Dbattery.stores="$STORES"} || status=1
fi

# Coverage-guided fuzzing of the parsers (Jazzer): mvn verify runs each @FuzzTest over its stored inputs only
# (regression mode); the full battery fuzzes each for its maxDuration (60 s), one per Maven run as Jazzer asks.
fuzz() { # module test-class
  local log=app/target/battery/jazzer-$2.log verdict=yes
  # shellcheck disable=SC2086
  JAZZER_FUZZ=1 mvn -B -ntp ${MVN_ARGS:-} -pl "$1" surefire:test -Dtest="$2" -Dsurefire.failIfNoSpecifiedTests=false \
    >"$log" 2>&1 || verdict=NO
  local runs; runs=$(grep -ao 'Done [0-9]* runs in [0-9]* second' "$log" | tail -1 || true)
  printf '4 coverage-guided fuzzing (Jazzer)\t%s\t%s: %s\t%s\t\t\n' "$1" "$2" "inputs tried" "${runs:-unknown (see $log)}" >>"$figures"
  printf '4 coverage-guided fuzzing (Jazzer)\t%s\t%s: %s\t%s\t= 0\t%s\n' "$1" "$2" "inputs breaking the contract" \
    "$([[ $verdict == yes ]] && echo 0 || echo "1 or more (see jazzer-$2.log beside this table)")" "$verdict" >>"$figures"
}
if [[ ${1:-} != --report && ${SCALE:-full} == full && ( -z ${ONLY:-} || ${ONLY:-} == Jazzer ) ]]; then
  [[ ${ONLY:-} == Jazzer ]] && rm -rf app/target/battery
  mkdir -p app/target/battery
  fuzz shared-events SecretFormatFuzzTests
  fuzz shared-events LabelsFuzzTests
  fuzz shared-events AllowedNetworksFuzzTests
  fuzz command-side TokenLifetimesFuzzTests
fi

if [[ ! -s $figures ]]; then
  echo "battery: no figures in $figures" >&2
  exit 1
fi

out=bench/results/$(date -u +%Y%m%dT%H%M%SZ)-battery
mkdir -p "$out"
{
  echo "Token Authority reliability and security battery, $(date -u +%Y-%m-%dT%H:%MZ), ${code:-$(git rev-parse --short HEAD 2>/dev/null || echo '?')},"
  echo "scale ${SCALE:-as run by mvn verify (ci)}, seed ${BATTERY_SEED:-17}; $(nproc) cores${ONLY:+; only $ONLY}${STORES:+ on $STORES}${pieces:+; pieces: $pieces}"
  echo
  echo "| test | deployment | figure | value | target | met |"
  echo "|---|---|---|---|---|---|"
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$figures"
} | tee "$out/battery.md"
cp "$figures" "$out/figures.tsv"
# Jazzer's logs go with the table: the next piece's run clears app/target/battery (a finding's log was lost so).
if [[ ${1:-} != --report ]]; then
  cp app/target/battery/jazzer-*.log "$out/" 2>/dev/null || true
fi

broken=$(awk -F'\t' '$6 == "NO"' "$figures" | wc -l)
if (( broken > 0 )); then
  echo "battery: $broken figure(s) broke their target" >&2
  status=1
fi
(( status == 0 )) && echo "battery: every figure met its target ($out/battery.md)"
exit $status
