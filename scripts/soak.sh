#!/usr/bin/env bash
# Soak (issue 18): a mixed load for SOAK_MINUTES (30 by default) against the release server on
# SQLite on 127.0.0.1: citizens' surveys (JSON API) and reports, status pages by tracking
# code, the public index, and staff reading their queue and asking reporters questions.
# wrk runs one minute at a time (2 threads, SOAK_CONNECTIONS connections, 32 by default); after
# each minute the script records that minute's p99 latency, its requests per second, its
# error answers (5xx, and 4xx other than the expected none) and the server's resident memory
# (VmRSS), and prints a Markdown table for BENCHMARKS.md. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
BIN=${BIN:-target/release/server}
[ -x "$BIN" ] || cargo build --release -p server
MINUTES=${SOAK_MINUTES:-30}
CONNECTIONS=${SOAK_CONNECTIONS:-32}
DIR=$(mktemp -d)
export DATABASE_URL="sqlite://$DIR/soak.db?mode=rwc" LEPTOS_SITE_ADDR=127.0.0.1:3996 SUARA_DEMO_DATA=units \
  SUARA_RATE_SURVEY_BURST=100000000 SUARA_RATE_SURVEY_PER_MINUTE=100000000 \
  SUARA_RATE_COMPLAINT_BURST=100000000 SUARA_RATE_COMPLAINT_PER_MINUTE=100000000 \
  SUARA_RATE_LOOKUP_BURST=100000000 SUARA_RATE_LOOKUP_PER_MINUTE=100000000 \
  SUARA_MIN_FILL_SECS=0 SUARA_MAIL_POLL_SECS=5 \
  SUARA_SECRET_KEY=YmVuY2gtb25seS1rZXktbm90LWZvci1wcm9kLXVzZSE \
  SUARA_STORAGE_URL="$DIR/evidence" SUARA_MAIL_DIR="$DIR/mail" RUST_LOG=warn
"$BIN" &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$DIR"' EXIT
URL=http://127.0.0.1:3996
for _ in $(seq 1 100); do curl -sf $URL/healthz >/dev/null && break; sleep 0.2; done
SUARA_PASSWORD='kopi jambi pagi hari' "$BIN" user add --email soak@jambiprov.go.id --name Soak --role inspector >/dev/null
login=$(curl -s -i -X POST $URL/api/v1/auth/login -H 'content-type: application/json' \
  -d '{"email":"soak@jambiprov.go.id","password":"kopi jambi pagi hari"}')
cookie=$(printf '%s' "$login" | grep -i '^set-cookie:' | head -1 | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//')
csrf=$(printf '%s' "$login" | grep -o '"csrf_token":"[^"]*"' | cut -d'"' -f4)
# Twenty reports to read and to ask about.
: > "$DIR/codes"
for i in $(seq 1 20); do
  curl -s -X POST $URL/api/v1/complaints -H 'content-type: application/json' \
    -d "{\"unit_code\":\"samsat-kota\",\"service_code\":\"skj-pkb\",\"category\":\"pungli\",\"mode\":\"rahasia\",\"what\":\"Petugas meminta uang tambahan di luar tarif resmi, laporan uji ketahanan $i.\",\"incident_date\":\"2026-11-20\",\"reporter\":{\"name\":\"Warga\",\"email\":\"warga$i@contoh.id\"}}" \
    | grep -o '"tracking_code":"[^"]*"' | cut -d'"' -f4 >> "$DIR/codes"
done
{
  echo 'local codes = {'
  sed 's/.*/  "&",/' "$DIR/codes"
  echo '}'
  printf 'local cookie = "%s"\nlocal csrf = "%s"\n' "$cookie" "$csrf"
  cat <<'LUA'
local threads = {}
setup = function(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end
n = 0
bad = 0
-- The reports this thread reads and asks about: the twenty filed before the load at first,
-- then the last 64 it filed (each new one replaces the oldest), so every report gets a few
-- status reads and about one question, as in real use (not thousands of questions on
-- twenty cases).
local recent = {}
for i, c in ipairs(codes) do recent[i] = c end
local next_slot = 1
local survey = '{"service_code":"skj-pkb","answers":{"U1":4,"U2":3,"U3":3,"U4":4,"U5":3,"U6":4,"U7":4,"U8":3,"U9":2}}'
local anonim = '{"unit_code":"samsat-kota","category":"pungli","mode":"anonim","what":"Petugas meminta uang tambahan di luar tarif resmi saat pelayanan di loket."}'
local rahasia = '{"unit_code":"samsat-kota","category":"pungli","mode":"rahasia","what":"Petugas meminta uang tambahan di luar tarif resmi saat pelayanan di loket.","reporter":{"name":"Warga","email":"warga@contoh.id"}}'
local json = {["Content-Type"] = "application/json"}
local staff = {["Cookie"] = cookie}
local staff_json = {["Cookie"] = cookie, ["X-CSRF-Token"] = csrf, ["Content-Type"] = "application/json"}
-- Out of every 20 requests: 10 surveys, 1 report (anonim and rahasia with an address in
-- turn), 4 status pages, 2 index pages, 2 queue reads, 1 question to a reporter.
request = function()
  n = n + 1
  local k = n % 20
  local code = recent[(n % #recent) + 1]
  if k < 10 then
    return wrk.format("POST", "/api/v1/surveys", json, survey)
  elseif k == 10 then
    local body = anonim
    if math.floor(n / 20) % 2 == 1 then body = rahasia end
    return wrk.format("POST", "/api/v1/complaints", json, body)
  elseif k < 15 then
    return wrk.format("GET", "/lacak/" .. code)
  elseif k < 17 then
    return wrk.format("GET", "/ikm")
  elseif k < 19 then
    return wrk.format("GET", "/api/v1/triage/complaints", staff)
  else
    return wrk.format("POST", "/api/v1/triage/complaints/" .. code .. "/questions", staff_json,
      '{"text":"Mohon sebutkan jam kejadian dan nomor loket."}')
  end
end
response = function(status, headers, body)
  if status >= 400 then bad = bad + 1 end
  if status == 201 then
    local code = string.match(body, '"tracking_code":"([^"]+)"')
    if code then
      recent[next_slot] = code
      next_slot = next_slot % 64 + 1
    end
  end
end
done = function(summary, latency, requests)
  local errors = 0
  for _, t in ipairs(threads) do errors = errors + t:get("bad") end
  io.write(string.format("SOAK %d %.1f %.2f %d\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(99) / 1000, errors))
end
LUA
} > "$DIR/soak.lua"
echo "| minute | requests/s | p99 (ms) | error answers | server RSS (MiB) |"
echo "|---|---|---|---|---|"
for m in $(seq 1 "$MINUTES"); do
  line=$(wrk -t2 -c"$CONNECTIONS" -d60s -s "$DIR/soak.lua" $URL | grep '^SOAK')
  read -r _ total rps p99 errors <<< "$line"
  rss=$(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' /proc/$PID/status)
  echo "| $m | $rps | $p99 | $errors of $total | $rss |"
done
