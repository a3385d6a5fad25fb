#!/usr/bin/env bash
# One command from a fresh clone to a running portal on embedded SQLite with demo data:
# installs what is missing, builds the browser bundle and the release server, starts it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build-site.sh
cargo build --release -p server
export SUARA_DEMO_DATA=${SUARA_DEMO_DATA:-1}
echo "[run] Suara on http://${LEPTOS_SITE_ADDR:-127.0.0.1:3000} (Ctrl-C to stop)"
exec target/release/server
