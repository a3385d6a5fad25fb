#!/usr/bin/env bash
# Survey submission throughput and latency on SQLite with wrk (Debian package), against the
# release server on 127.0.0.1 with rate limits raised. Bounded: 20 s per run, loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
BIN=${BIN:-target/release/server}
[ -x "$BIN" ] || cargo build --release -p server
DIR=$(mktemp -d)
DATABASE_URL="sqlite://$DIR/bench.db?mode=rwc" LEPTOS_SITE_ADDR=127.0.0.1:3999 SUARA_DEMO_DATA=units \
  SUARA_RATE_SURVEY_BURST=100000000 SUARA_RATE_SURVEY_PER_MINUTE=100000000 \
  SUARA_RATE_COMPLAINT_BURST=100000000 SUARA_RATE_COMPLAINT_PER_MINUTE=100000000 \
  SUARA_SECRET_KEY=YmVuY2gtb25seS1rZXktbm90LWZvci1wcm9kLXVzZSE \
  SUARA_STORAGE_URL="$DIR/evidence" SUARA_MAIL_DIR="$DIR/mail" RUST_LOG=warn "$BIN" &
PID=$!
trap 'kill $PID; rm -rf "$DIR"' EXIT
for _ in $(seq 1 50); do curl -sf http://127.0.0.1:3999/healthz >/dev/null && break; sleep 0.2; done
cat > "$DIR/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"service_code":"rsud-rm-rj","answers":{"U1":4,"U2":3,"U3":3,"U4":4,"U5":3,"U6":4,"U7":4,"U8":3,"U9":2}}'
LUA
echo "== POST /api/v1/surveys (SQLite)"; wrk -t2 -c16 -d20s --latency -s "$DIR/post.lua" http://127.0.0.1:3999/api/v1/surveys
cat > "$DIR/complaint.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"unit_code":"samsat-kota","category":"pungli","mode":"rahasia","what":"Petugas loket meminta uang tambahan di luar tarif resmi.","reporter":{"name":"Warga Uji","email":"warga@contoh.id"}}'
LUA
echo "== POST /api/v1/complaints (rahasia: identity sealed, receipt queued; SQLite)"; wrk -t2 -c16 -d10s --latency -s "$DIR/complaint.lua" http://127.0.0.1:3999/api/v1/complaints
echo "== GET /api/v1/ikm?unit=rsud-rm"; wrk -t2 -c16 -d10s --latency "http://127.0.0.1:3999/api/v1/ikm?unit=rsud-rm"
echo "== GET /s/rsud-rm-rj"; wrk -t2 -c16 -d10s --latency http://127.0.0.1:3999/s/rsud-rm-rj
echo "== GET /lapor"; wrk -t2 -c16 -d10s --latency http://127.0.0.1:3999/lapor
