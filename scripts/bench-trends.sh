#!/usr/bin/env bash
# Trend and index query latency at 1,000,000 and then 10,000,000 survey responses (40 units,
# 24 months), measured with hey (Debian package) against the release server. SQLite in a
# temporary folder by default; BENCH_DATABASE_URL=postgres://.../empty_db measures PostgreSQL.
# Usage: scripts/bench-trends.sh [first-count] [second-count]   (defaults 1000000 10000000)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hey >/dev/null || { apt-get update -qq && apt-get install -y -qq hey >/dev/null; }
BIN=${BIN:-target/release/server}
[ -x "$BIN" ] || cargo build --release -p server
FIRST=${1:-1000000}
SECOND=${2:-10000000}
DIR=${BENCH_DIR:-$(mktemp -d)}
export DATABASE_URL="sqlite://$DIR/trends.db?mode=rwc" LEPTOS_SITE_ADDR=127.0.0.1:3998 SUARA_DEMO_DATA=units \
  SUARA_SECRET_KEY=YmVuY2gtb25seS1rZXktbm90LWZvci1wcm9kLXVzZSE SUARA_STORAGE_URL="$DIR/evidence" \
  SUARA_MAIL_DIR="$DIR/mail" RUST_LOG=warn
[ -n "${BENCH_DATABASE_URL:-}" ] && export DATABASE_URL=$BENCH_DATABASE_URL
PID=
trap '[ -n "$PID" ] && kill $PID; [ -z "${BENCH_DIR:-}" ] && rm -rf "$DIR"' EXIT
serve() {
  "$BIN" & PID=$!
  for _ in $(seq 1 100); do curl -sf http://127.0.0.1:3998/healthz >/dev/null && return; sleep 0.2; done
  echo "server did not start" >&2; exit 1
}
measure() {
  local to from
  to=$(TZ=Asia/Jakarta date +%F); from=$(TZ=Asia/Jakarta date -d "$to -24 months" +%F)
  for path in \
    "/api/v1/trends?granularity=month&from=$from&to=$to" \
    "/api/v1/trends?unit=bapenda&granularity=quarter&from=$from&to=$to" \
    "/api/v1/trends?service=rsud-rm-rj&granularity=month&from=$from&to=$to" \
    "/api/v1/ikm?unit=rsud-rm&from=$from&to=$to" \
    "/ikm?periode=$(date +%Y)"; do
    echo "== GET $path"
    hey -n 2000 -c 4 "http://127.0.0.1:3998$path" | grep -E "Requests/sec|50%|95%|99%|Status code|\[200\]"
  done
}
# Migrate and load the units, then stop and generate.
serve; kill $PID; wait $PID 2>/dev/null || true; PID=
time "$BIN" gen surveys "$FIRST" --months 24 --units 40
serve; echo "#### $FIRST responses"; measure; kill $PID; wait $PID 2>/dev/null || true; PID=
time "$BIN" gen surveys "$((SECOND - FIRST))" --months 24 --units 40
serve; echo "#### $SECOND responses"; measure
[ -n "${BENCH_DATABASE_URL:-}" ] || ls -l "$DIR"/trends.db* | awk '{print $5, $9}'
