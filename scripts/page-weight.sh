#!/usr/bin/env bash
# What a phone downloads for the survey, as the server sends it (gzip): the page and its
# stylesheet (all a phone without JavaScript needs), the islands' bundle, and what the
# offline survey adds (the service worker, Workbox, the script that registers it).
# Usage: scripts/page-weight.sh [BASE_URL] [SERVICE]   (default http://127.0.0.1:3000 skj-pkb;
# a running server, e.g. scripts/run.sh). Prints a Markdown table for BENCHMARKS.md.
set -euo pipefail
BASE=${1:-http://127.0.0.1:3000}
SERVICE=${2:-skj-pkb}
size() { curl -s -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$BASE$1"; }
raw() { curl -s -o /dev/null -w '%{size_download}' "$BASE$1"; }
row() { printf '| `%s` | %s B | %s B |\n' "$1" "$(raw "$1")" "$(size "$1")"; }
echo "| Resource | raw | gzip (as served) |"
echo "|---|---|---|"
row "/s/$SERVICE"
row /style.css
row /pkg/suara.js
row /pkg/suara_bg.wasm
offline=0
for p in /offline.js /sw.js /wb/workbox-core.prod.js /wb/workbox-routing.prod.js \
  /wb/workbox-strategies.prod.js /wb/workbox-background-sync.prod.js; do
  row "$p"
  offline=$((offline + $(size "$p")))
done
page=$(($(size "/s/$SERVICE") + $(size /style.css)))
echo
echo "Survey page without JavaScript (HTML + CSS, gzip): $page B"
echo "Offline survey (offline.js, sw.js, Workbox; gzip): $offline B"
echo "Islands' wasm, gzip -9 of the file: $(gzip -9c "${LEPTOS_SITE_ROOT:-target/site}/pkg/suara_bg.wasm" | wc -c) B"
