#!/usr/bin/env bash
# A class-data-sharing archive for the packaged jar, the way Spring Boot documents it: the jar extracted (CDS
# cannot map classes out of nested jars), then one training run on a throwaway data directory that exits once the
# application context is up, writing the classes it loaded to the archive. A start with the archive maps those
# classes instead of reading and verifying them again: about a second less on this machine (bench/README.md).
#
#   deploy/cds-archive.sh app/target/token-authority.jar target/cds
#   java -XX:SharedArchiveFile=target/cds/app.jsa -jar target/cds/app/token-authority.jar …
#
# The archive is tied to the jar and to the JVM that made it: build it again after either changes (a JVM that
# finds it stale says so and starts without it).
set -euo pipefail
jar=${1:?usage: cds-archive.sh JAR OUT_DIR}
out=${2:?usage: cds-archive.sh JAR OUT_DIR}
rm -rf "$out"
mkdir -p "$out"
java -Djarmode=tools -jar "$jar" extract --destination "$out/app"
train=$(mktemp -d)
trap 'rm -rf "$train"' EXIT
java -XX:ArchiveClassesAtExit="$out/app.jsa" -Dspring.context.exit=onRefresh \
  -jar "$out/app/token-authority.jar" --token-authority.data-dir="$train" \
  --server.address=127.0.0.1 --server.port=0 >"$out/training.log" 2>&1
[[ -s $out/app.jsa ]] || { echo "no archive written; see $out/training.log" >&2; exit 1; }
echo "archive=$out/app.jsa jar=$out/app/token-authority.jar"
