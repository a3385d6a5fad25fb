#!/usr/bin/env bash
# Builds the browser side into target/site: the islands' wasm (size-optimised), its JS glue,
# and the stylesheet. The server serves this folder (LEPTOS_SITE_ROOT, default target/site).
set -euo pipefail
cd "$(dirname "$0")/.."
SITE=${LEPTOS_SITE_ROOT:-target/site}
mkdir -p "$SITE/pkg"
cargo build -p app --lib --target wasm32-unknown-unknown --profile wasm-release --no-default-features --features hydrate
wasm-bindgen --target web --no-typescript --out-dir "$SITE/pkg" --out-name suara \
  target/wasm32-unknown-unknown/wasm-release/app.wasm
if [ -x .tools/node_modules/.bin/wasm-opt ]; then
  .tools/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types \
    "$SITE/pkg/suara_bg.wasm" -o "$SITE/pkg/suara_bg.wasm"
fi
cp style/main.css "$SITE/style.css"
printf '[build-site] %s: wasm %s bytes\n' "$SITE" "$(stat -c %s "$SITE/pkg/suara_bg.wasm")"
