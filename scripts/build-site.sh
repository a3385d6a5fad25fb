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
# The survey's service worker and the script that registers it, with Workbox from npm
# (scripts/setup.sh installs it). Without Workbox there is no worker and the survey works
# online only, as without JavaScript.
cp app/js/offline.js "$SITE/offline.js"
if [ -f .tools/node_modules/workbox-background-sync/build/workbox-background-sync.prod.js ]; then
  mkdir -p "$SITE/wb"
  for m in core routing strategies background-sync; do
    cp ".tools/node_modules/workbox-$m/build/workbox-$m.prod.js" "$SITE/wb/"
  done
  cp app/js/sw.js "$SITE/sw.js"
else
  echo "[build-site] Workbox is not installed (scripts/setup.sh): no service worker" >&2
  rm -f "$SITE/sw.js"
fi
# Content-hashed copies of what pages link, and the manifest the server reads at start
# (app/src/web/assets.rs): a file named by its content is cached for a year. The plain names
# stay for the few pages written without the manifest (error pages), revalidated each use.
hash() { cat "$@" | sha256sum | cut -c1-12; }
rm -f "$SITE"/style.*.css "$SITE"/offline.*.js "$SITE"/pkg/suara.*.js "$SITE"/pkg/suara.*_bg.wasm
style=style.$(hash "$SITE/style.css").css
offline=offline.$(hash "$SITE/offline.js").js
pkg=suara.$(hash "$SITE/pkg/suara.js" "$SITE/pkg/suara_bg.wasm")
cp "$SITE/style.css" "$SITE/$style"
cp "$SITE/offline.js" "$SITE/$offline"
cp "$SITE/pkg/suara.js" "$SITE/pkg/$pkg.js"
cp "$SITE/pkg/suara_bg.wasm" "$SITE/pkg/${pkg}_bg.wasm"
printf '{"style.css": "%s", "offline.js": "%s", "pkg": "%s"}\n' "$style" "$offline" "$pkg" \
  > "$SITE/asset-manifest.json"
# The service worker keeps this build's files, by the same names.
if [ -f "$SITE/sw.js" ]; then
  assets="['/$style', '/$offline', '/pkg/$pkg.js', '/pkg/${pkg}_bg.wasm']"
  sed -i -e "s#^const ASSETS = .*// @assets\$#const ASSETS = $assets; // @assets#" \
    -e "s#^const BUILD = .*// @build\$#const BUILD = '$pkg'; // @build#" "$SITE/sw.js"
  grep -q "'/$style'" "$SITE/sw.js" || { echo "[build-site] sw.js: the asset list was not written" >&2; exit 1; }
fi
printf '[build-site] %s: wasm %s bytes; %s, %s, %s\n' "$SITE" "$(stat -c %s "$SITE/pkg/suara_bg.wasm")" \
  "$style" "$offline" "$pkg"
