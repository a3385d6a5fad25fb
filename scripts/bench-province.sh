#!/usr/bin/env bash
# The whole province on one small server (issue 35, part 3): 500 units, 3,000 services,
# 20,000,000 survey responses over 3 years and 200,000 complaints at every status. Measures
# the p95 of the public and staff pages and APIs with hey (Debian package) at 10 % of the
# data and again at all of it, against the release server, and prints each page's growth.
# SQLite in a temporary folder by default; BENCH_DATABASE_URL=postgres://.../empty_db measures
# PostgreSQL instead (the database must be empty: the script migrates and fills it).
# Usage: scripts/bench-province.sh [responses] [complaints]   (defaults 20000000 200000)
# BENCH_REQUESTS (default 400) requests per page, 4 at a time; BIN picks the binary;
# BENCH_DIR keeps the SQLite database and the figures, with a copy of the database at 10 % (in
# tenth/; on PostgreSQL the database NAME_tenth beside BENCH_DATABASE_URL's NAME);
# BENCH_MEASURE_AGAIN=1 with BENCH_DIR (or BENCH_DATABASE_URL) of an earlier run measures both
# again without generating (a newer binary migrates them first, as an upgrade would).
# BENCH_GENERATE_ONLY=1 generates both and measures nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hey >/dev/null || { apt-get update -qq && apt-get install -y -qq hey >/dev/null; }
BIN=${BIN:-target/release/server}
[ -x "$BIN" ] || cargo build --release -p server
RESPONSES=${1:-20000000}
COMPLAINTS=${2:-200000}
REQUESTS=${BENCH_REQUESTS:-400}
# The SKM report reads every response of the largest unit's year (seconds at full size).
SLOW_REQUESTS=${BENCH_SLOW_REQUESTS:-40}
DIR=${BENCH_DIR:-$(mktemp -d)}
PORT=3996
BASE=http://127.0.0.1:$PORT
export DATABASE_URL="sqlite://$DIR/province.db?mode=rwc" LEPTOS_SITE_ADDR=127.0.0.1:$PORT \
  SUARA_DEMO_DATA=1 SUARA_SECRET_KEY=YmVuY2gtb25seS1rZXktbm90LWZvci1wcm9kLXVzZSE \
  SUARA_STORAGE_URL="file://$DIR/evidence" SUARA_MAIL_DIR="$DIR/mail" RUST_LOG=warn \
  LEPTOS_SITE_ROOT=${LEPTOS_SITE_ROOT:-target/site} \
  SUARA_TRUSTED_PROXIES=127.0.0.1/32 SUARA_TRUSTED_IP_HEADER=X-Forwarded-For
[ -n "${BENCH_DATABASE_URL:-}" ] && export DATABASE_URL=$BENCH_DATABASE_URL
PID=
trap '[ -n "$PID" ] && kill $PID; [ -z "${BENCH_DIR:-}" ] && rm -rf "$DIR"' EXIT
serve() {
  # The write-ahead log that generation left (a gigabyte and more) is folded into the file
  # first: otherwise every read searches it and the figures move from run to run.
  if [ -z "${BENCH_DATABASE_URL:-}" ] && [ -f "$DIR/province.db" ] && command -v sqlite3 >/dev/null; then
    local file=${DATABASE_URL#sqlite://}
    sqlite3 "${file%%\?*}" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
  fi
  "$BIN" & PID=$!
  for _ in $(seq 1 300); do curl -sf $BASE/healthz >/dev/null && return; sleep 0.2; done
  echo "server did not start" >&2; exit 1
}
stop() { kill $PID; wait $PID 2>/dev/null || true; PID=; }
# Waits (at most 10 minutes) until the server is idle: on its first start on a database its
# daily jobs close the reports whose objection time has passed and mail the overdue digests,
# thousands of writes on a province's data, which would be measured with the pages otherwise.
settle() {
  local before after
  for _ in $(seq 1 600); do
    before=$(awk '{print $14 + $15}' /proc/$PID/stat); sleep 1
    after=$(awk '{print $14 + $15}' /proc/$PID/stat)
    [ $((after - before)) -lt 3 ] && return
  done
}
# A query on the database the server runs on now.
sql() {
  if [ -n "${BENCH_DATABASE_URL:-}" ]; then psql -qtA "$DATABASE_URL" -c "$1"
  else local file=${DATABASE_URL#sqlite://}; sqlite3 "${file%%\?*}" "$1"; fi
}
# The inspector's session: signed in from an address of its own (the server trusts loopback
# as its proxy), so nothing else shares its sign-in limit.
login() {
  curl -s -o /dev/null -D - -H 'X-Forwarded-For: 192.0.2.77' -H 'Content-Type: application/json' \
    -d '{"email":"inspektur@demo.suara.id","password":"suara-demo-2026"}' $BASE/api/v1/auth/login |
    sed -n 's/^set-cookie: \(suara_session=[^;]*\);.*/\1/Ip'
}
# Prints "name p50 p95 p99 first bytes statuses" for one page: hey's percentiles over REQUESTS
# requests (the 4th argument: how many), 4 at a time, after one first request (timed alone: on a fresh server nothing
# is kept yet, so it pays for adding up what later requests read from memory).
measure_one() {
  local name=$1 path=$2 cookie=${3:-} n=${4:-$REQUESTS} out first bytes
  local -a headers=()
  [ -n "$cookie" ] && headers=(-H "Cookie: $cookie" -H 'X-Forwarded-For: 192.0.2.77')
  read -r first bytes < <(curl -s -o /dev/null -w '%{time_total} %{size_download}\n' "${headers[@]}" "$BASE$path")
  out=$(hey -n "$n" -c 4 "${headers[@]}" "$BASE$path")
  printf '%s %s %s %s %s %s %s\n' "$name" \
    "$(awk '/ 50%+ in/ {print $3 * 1000}' <<<"$out")" \
    "$(awk '/ 95%+ in/ {print $3 * 1000}' <<<"$out")" \
    "$(awk '/ 99%+ in/ {print $3 * 1000}' <<<"$out")" \
    "$(awk -v t="$first" 'BEGIN {print t * 1000}')" "$bytes" \
    "$(grep -E '^\s+\[[0-9]+\]' <<<"$out" | awk '{printf "%s%s", $1, $2}')"
}
measure() {
  local label=$1 cookie unit code year to from
  cookie=$(login)
  [ -n "$cookie" ] || { echo "sign-in failed" >&2; exit 1; }
  # The largest unit by responses, a unit with UPTDs, and an open case with a history.
  unit=$(sql "SELECT u.code FROM survey_monthly m JOIN services s ON s.id = m.service_id JOIN units u ON u.id = s.unit_id GROUP BY u.code ORDER BY SUM(m.responses) DESC LIMIT 1")
  code=$(sql "SELECT tracking_code FROM complaints WHERE status = 'dispositioned' ORDER BY id DESC LIMIT 1")
  year=$(TZ=Asia/Jakarta date +%Y); to=$(TZ=Asia/Jakarta date +%F); from=$(TZ=Asia/Jakarta date -d "$to -36 months" +%F)
  echo "#### $label (largest unit $unit, case $code): name p50 p95 p99 first(ms) bytes statuses"
  {
    measure_one ikm-page "/ikm?periode=$year"
    measure_one ikm-api "/api/v1/ikm?from=$year-01-01&to=$to"
    measure_one unit-page "/ikm/$unit"
    measure_one statistik "/statistik"
    measure_one queue "/staf/antrean" "$cookie"
    measure_one queue-filtered "/staf/antrean?status=dispositioned&category=pungli&sort=newest" "$cookie"
    # Two words every eighth report holds (the generator's texts), and a word of a few
    # (`laporan uji 17231`, ...).
    measure_one queue-searched "/staf/antrean?q=parkir+karcis" "$cookie"
    measure_one queue-searched-rare "/staf/antrean?q=17231" "$cookie"
    measure_one queue-api "/api/v1/triage/complaints?status=verified" "$cookie"
    measure_one case-page "/staf/kasus/$code" "$cookie"
    measure_one dashboard "/staf/dasbor" "$cookie"
    measure_one trends-api "/api/v1/trends?granularity=month&from=$from&to=$to"
    measure_one skm-report "/staf/laporan?unit=$unit&from=$year-01-01&to=$to" "$cookie" "$SLOW_REQUESTS"
  } | tee "$DIR/$label.txt"
}
# The copy of the database at 10 %, and how to point the server at it or back.
TENTH_URL=
if [ -n "${BENCH_DATABASE_URL:-}" ]; then TENTH_URL=${BENCH_DATABASE_URL}_tenth
else TENTH_URL="sqlite://$DIR/tenth/province.db?mode=rwc"; fi
FULL_URL=$DATABASE_URL
keep_tenth() {
  if [ -n "${BENCH_DATABASE_URL:-}" ]; then
    local name=${BENCH_DATABASE_URL##*/} admin=${BENCH_DATABASE_URL%/*}/postgres
    psql -q "$admin" -c "DROP DATABASE IF EXISTS ${name}_tenth" -c "CREATE DATABASE ${name}_tenth TEMPLATE $name"
  else
    mkdir -p "$DIR/tenth"; sqlite3 "$DIR/province.db" "VACUUM INTO '$DIR/tenth/province.db'"
  fi
}
on() { export DATABASE_URL=$1; }
if [ -n "${BENCH_MEASURE_AGAIN:-}" ]; then
  on "$TENTH_URL"; serve; settle; measure tenth; stop
  on "$FULL_URL"; serve; settle; measure full; stop
else
  # Migrate and load the demo units, services and staff, then stop and generate.
  serve; stop
  TENTH_R=$((RESPONSES / 10)); TENTH_C=$((COMPLAINTS / 10))
  /usr/bin/time -f "generated in %e s" "$BIN" gen province "$TENTH_R" "$TENTH_C"
  keep_tenth
  [ -n "${BENCH_GENERATE_ONLY:-}" ] || { serve; settle; measure tenth; stop; }
  /usr/bin/time -f "generated in %e s" "$BIN" gen province "$((RESPONSES - TENTH_R))" "$((COMPLAINTS - TENTH_C))"
  [ -n "${BENCH_GENERATE_ONLY:-}" ] && exit 0
  serve; settle; measure full; stop
fi
echo "#### page p95 at 10 % and at all of the data (ms), growth"
join <(awk '{print $1, $3}' "$DIR/tenth.txt" | sort) <(awk '{print $1, $3}' "$DIR/full.txt" | sort) |
  awk '{ratio = ($2 > 0) ? $3 / $2 : 0; printf "%-16s %8.1f %8.1f %6.2fx%s\n", $1, $2, $3, ratio, ($3 > 50 || ratio > 1.5) ? "  MISSES" : ""}'
[ -n "${BENCH_DATABASE_URL:-}" ] || ls -l "$DIR"/province.db* | awk '{print $5, $9}'
