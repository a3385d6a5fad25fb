#!/usr/bin/env bash
# Survey writes near the limit (issue 18): Suara's `POST /api/v1/surveys` against a bare axum
# handler doing one insert per request (server/examples/bare_insert.rs), both built here and
# run one after the other in the same run, on fresh databases, on the same 2 cores as the load
# tool. For each backend (SQLite; PostgreSQL too when BENCH_DATABASE_URL or TEST_DATABASE_URL
# names a server, e.g. postgres://postgres@127.0.0.1:5432/test):
#   1. maximum load (the baseline with BARE_POOL connections: 1 on SQLite, 10 on PostgreSQL): wrk, 2 threads, BENCH_CONNECTIONS (64) connections, BENCH_SECONDS (20) s,
#      the baseline then Suara, BENCH_ROUNDS (2) times; the ratio is Suara's requests/s over
#      the baseline's in the same round;
#   2. half of Suara's maximum: hey at a fixed rate (32 workers, each at rate/32 per second)
#      against Suara, then the baseline at the same rate; p99 of each.
# Prints Markdown rows for BENCHMARKS.md. Loopback only; needs wrk and hey (Debian).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in wrk hey; do
  command -v $tool >/dev/null || { apt-get update -qq && apt-get install -y -qq $tool >/dev/null; }
done
BIN=${BIN:-target/release/server}
BARE=${BARE:-target/release/examples/bare_insert}
[ -x "$BIN" ] || cargo build --release -p server
[ -x "$BARE" ] || cargo build --release -p server --example bare_insert
SECONDS_EACH=${BENCH_SECONDS:-20}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
ROUNDS=${BENCH_ROUNDS:-2}
PG=${BENCH_DATABASE_URL:-${TEST_DATABASE_URL:-}}
DIR=$(mktemp -d)
PID=
stop() { [ -z "$PID" ] || { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; }; PID=; }
trap 'stop; rm -rf "$DIR"' EXIT
BODY='{"service_code":"rsud-rm-rj","answers":{"U1":4,"U2":3,"U3":3,"U4":4,"U5":3,"U6":4,"U7":4,"U8":3,"U9":2}}'
cat > "$DIR/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$BODY'
LUA

# A fresh, empty database of the backend ($1: sqlite or postgres) named $2; prints its URL.
fresh_db() {
  if [ "$1" = sqlite ]; then
    echo "sqlite://$DIR/$2.db?mode=rwc"
  else
    psql "$PG" -qX -c "DROP DATABASE IF EXISTS bench_$2" -c "CREATE DATABASE bench_$2" >/dev/null
    echo "${PG%/*}/bench_$2"
  fi
}

# Starts the baseline ($1 = bare) or Suara ($1 = suara) on database URL $2, port 3995.
start() {
  stop
  if [ "$1" = bare ]; then
    # The baseline at its best: one connection on SQLite (one writer at a time, no busy
    # waits; 8,454 against 7,860 requests/s with 10 in a trial), the server's 10 on PostgreSQL.
    pool=10
    case $2 in sqlite:*) pool=1 ;; esac
    DATABASE_URL=$2 BIND=127.0.0.1:3995 POOL=${BARE_POOL:-$pool} "$BARE" &
  else
    DATABASE_URL=$2 LEPTOS_SITE_ADDR=127.0.0.1:3995 SUARA_DEMO_DATA=units \
      SUARA_RATE_SURVEY_BURST=100000000 SUARA_RATE_SURVEY_PER_MINUTE=100000000 \
      SUARA_SECRET_KEY=YmVuY2gtb25seS1rZXktbm90LWZvci1wcm9kLXVzZSE \
      SUARA_STORAGE_URL="$DIR/evidence" SUARA_MAIL_DIR="$DIR/mail" RUST_LOG=warn "$BIN" &
  fi
  PID=$!
  for _ in $(seq 1 100); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'content-type: application/json' \
      -d "$BODY" http://127.0.0.1:3995/api/v1/surveys || true)
    [ "$code" = 201 ] && return
    sleep 0.2
  done
  echo "$1 did not start" >&2
  exit 1
}

# wrk at full speed; prints "requests/s p99_ms"; fails on any error answer.
max_load() {
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency -s "$DIR/post.lua" \
    http://127.0.0.1:3995/api/v1/surveys)
  if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then echo "$out" >&2; exit 1; fi
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else {sub(/s/,"",v); v*=1000}; print v}' <<<"$out")
  echo "$rps $p99"
}

# hey at a fixed total rate $1; prints "requests/s p99_ms"; fails on any error answer.
fixed_load() {
  out=$(hey -z "${SECONDS_EACH}s" -c 32 -q "$(awk -v r="$1" 'BEGIN {printf "%.2f", r / 32}')" \
    -m POST -T application/json -d "$BODY" http://127.0.0.1:3995/api/v1/surveys)
  if ! grep -q '^Status code distribution:' <<<"$out" || grep -qE '^\s+\[[^2][0-9][0-9]\]|Error distribution' <<<"$out"; then
    echo "$out" >&2; exit 1
  fi
  rps=$(awk '/Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {printf "%.1f", $3 * 1000}' <<<"$out")
  echo "$rps $p99"
}

backends=(sqlite)
[ -n "$PG" ] && backends+=(postgres)
for backend in "${backends[@]}"; do
  echo "== $backend, maximum load ($CONNECTIONS connections, ${SECONDS_EACH} s each)"
  echo "| Round | baseline requests/s | baseline p99 | Suara requests/s | Suara p99 | ratio |"
  echo "|---|---|---|---|---|---|"
  best=0
  for round in $(seq 1 "$ROUNDS"); do
    start bare "$(fresh_db "$backend" "bare_$round")"
    read -r b_rps b_p99 < <(max_load)
    start suara "$(fresh_db "$backend" "suara_$round")"
    read -r s_rps s_p99 < <(max_load)
    stop
    ratio=$(awk -v s="$s_rps" -v b="$b_rps" 'BEGIN {printf "%.2f", s / b}')
    best=$(awk -v s="$s_rps" -v b="$best" 'BEGIN {print (s > b) ? s : b}')
    echo "| $round | $b_rps | $b_p99 ms | $s_rps | $s_p99 ms | **${ratio}x** |"
  done
  half=$(awk -v b="$best" 'BEGIN {printf "%d", b / 2}')
  echo "== $backend, fixed rate $half requests/s (half of Suara's best), 32 workers"
  echo "| Server | requests/s | p99 |"
  echo "|---|---|---|"
  start suara "$(fresh_db "$backend" suara_half)"
  read -r s_rps s_p99 < <(fixed_load "$half")
  start bare "$(fresh_db "$backend" bare_half)"
  read -r b_rps b_p99 < <(fixed_load "$half")
  stop
  echo "| Suara | $s_rps | **$s_p99 ms** |"
  echo "| baseline | $b_rps | $b_p99 ms |"
done
