#!/usr/bin/env bash
# 200 kiosk tablets submitting at once (issue 17), against the release server on SQLite on
# 127.0.0.1: registers and enrols 200 kiosks through the real endpoints, then wrk sends
# kiosk responses (each a fresh submission id, a cookie of one of the 200 kiosks, 200
# connections) and, as the baseline in the same run, phone responses to /api/v1/surveys with
# the same 200 connections. Prints both, and checks that every accepted kiosk response was
# stored exactly once. Bounded: 20 s per run, loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
BIN=${BIN:-target/release/server}
[ -x "$BIN" ] || cargo build --release -p server
KIOSKS=${KIOSKS:-200}
DIR=$(mktemp -d)
export DATABASE_URL="sqlite://$DIR/bench.db?mode=rwc" LEPTOS_SITE_ADDR=127.0.0.1:3998 SUARA_DEMO_DATA=units \
  SUARA_RATE_SURVEY_BURST=100000000 SUARA_RATE_SURVEY_PER_MINUTE=100000000 \
  SUARA_KIOSK_MIN_INTERVAL_SECS=0 SUARA_KIOSK_DAILY_CAP=100000000 \
  SUARA_SECRET_KEY=YmVuY2gtb25seS1rZXktbm90LWZvci1wcm9kLXVzZSE \
  SUARA_STORAGE_URL="$DIR/evidence" SUARA_MAIL_DIR="$DIR/mail" RUST_LOG=warn
"$BIN" &
PID=$!
trap 'kill $PID; rm -rf "$DIR"' EXIT
URL=http://127.0.0.1:3998
for _ in $(seq 1 50); do curl -sf $URL/healthz >/dev/null && break; sleep 0.2; done
SUARA_PASSWORD='kopi jambi pagi hari' "$BIN" user add --email bench@jambiprov.go.id --name Bench --role admin >/dev/null
login=$(curl -s -i -X POST $URL/api/v1/auth/login -H 'content-type: application/json' \
  -d '{"email":"bench@jambiprov.go.id","password":"kopi jambi pagi hari"}')
cookie=$(printf '%s' "$login" | grep -i '^set-cookie:' | head -1 | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//')
csrf=$(printf '%s' "$login" | grep -o '"csrf_token":"[^"]*"' | cut -d'"' -f4)
: > "$DIR/cookies"
for i in $(seq 1 "$KIOSKS"); do
  link=$(curl -s -X POST $URL/api/v1/kiosks -H "cookie: $cookie" -H "x-csrf-token: $csrf" \
    -H 'content-type: application/json' \
    -d "{\"unit_code\":\"rsud-rm\",\"name\":\"Loket $i\",\"service_codes\":[\"rsud-rm-rj\"]}" \
    | grep -o '"enrol_url":"[^"]*"' | cut -d'"' -f4)
  path=${link#*/kios/daftar/}
  curl -s -i "$URL/kios/daftar/$path" | grep -i '^set-cookie:' | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//' >> "$DIR/cookies"
done
echo "enrolled $(wc -l < "$DIR/cookies") kiosks"
{
  echo 'local cookies = {'
  sed 's/.*/  "&",/' "$DIR/cookies"
  echo '}'
  cat <<'LUA'
local threads = {}
setup = function(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end
n = 0
stored = 0
local body = "service_code=rsud-rm-rj&U1=4&U2=3&U3=3&U4=4&U5=3&U6=4&U7=4&U8=3&U9=2&submission_id="
request = function()
  n = n + 1
  -- Unique per thread and request: thread number and counter in the last group.
  local id = string.format("00000000-0000-4000-8000-%04x%08x", tid, n)
  local headers = {["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookies[(n % #cookies) + 1]}
  return wrk.format("POST", "/kios", headers, body .. id)
end
response = function(status) if status == 303 then stored = stored + 1 end end
done = function(summary)
  local s = 0
  for _, t in ipairs(threads) do s = s + t:get("stored") end
  io.write(string.format("kiosk responses answered 303 (stored): %d of %d\n", s, summary.requests))
end
LUA
} > "$DIR/kiosk.lua"
cat > "$DIR/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"service_code":"rsud-rm-rj","answers":{"U1":4,"U2":3,"U3":3,"U4":4,"U5":3,"U6":4,"U7":4,"U8":3,"U9":2}}'
LUA
echo "== baseline: POST /api/v1/surveys, 200 connections"
wrk -t2 -c200 -d20s --latency -s "$DIR/post.lua" $URL/api/v1/surveys
before=$(curl -s "$URL/api/v1/ikm?service=rsud-rm-rj" | grep -o '"responses":[0-9]*' | cut -d: -f2)
echo "== POST /kios from $KIOSKS kiosks, 200 connections"
wrk -t2 -c200 -d20s --latency -s "$DIR/kiosk.lua" $URL/kios
after=$(curl -s "$URL/api/v1/ikm?service=rsud-rm-rj" | grep -o '"responses":[0-9]*' | cut -d: -f2)
echo "kiosk responses counted by the index: $((after - before))"
