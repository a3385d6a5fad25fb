#!/usr/bin/env bash
# Installs what building Suara needs, each piece only when missing (idempotent):
# the wasm target, the wasm-bindgen CLI matching the pinned crate, wasm-opt from npm, and
# Workbox from npm (the survey's service worker is built on it; scripts/build-site.sh copies it).
# With --test also what the tests run against: cargo-nextest (one process per test),
# axe-core and Lighthouse from npm (accessibility scan, the citizen pages' scores),
# Chromium and ChromeDriver, HAProxy and PostgreSQL's client tools (with TEST_DATABASE_URL), rsvg-convert (an
# SVG renderer), zbarimg (a QR reader), pdftotext (reads the printed SKM report back), strace
# (fsync before acknowledgement) and Prometheus with promtool (the alerting rules),
# all Debian packages; and a Python environment in
# .tools/venv with aiosmtpd (SMTP sink), georeport (an Open311 client), moto (an
# S3-compatible server), schemathesis (OpenAPI conformance) and openpyxl (an xlsx reader),
# all from PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
BINARYEN_VERSION=132.0.0
AXE_VERSION=4.11.4
NEXTEST_VERSION=0.9.151
WORKBOX_VERSION=7.4.1
LIGHTHOUSE_VERSION=12.2.3
log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 6 minutes, once)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
if [ ! -x .tools/node_modules/.bin/wasm-opt ] && command -v npm >/dev/null; then
  log "installing wasm-opt (binaryen $BINARYEN_VERSION from npm)"
  mkdir -p .tools && (cd .tools && npm install --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION")
fi
if [ "$(node -p "require('./.tools/node_modules/workbox-background-sync/package.json').version" 2>/dev/null)" != "$WORKBOX_VERSION" ] \
  && command -v npm >/dev/null; then
  log "installing Workbox $WORKBOX_VERSION from npm (the survey's service worker)"
  mkdir -p .tools && (cd .tools && npm install --no-audit --no-fund --silent \
    "workbox-core@$WORKBOX_VERSION" "workbox-routing@$WORKBOX_VERSION" \
    "workbox-strategies@$WORKBOX_VERSION" "workbox-background-sync@$WORKBOX_VERSION")
fi
if [ "${1:-}" = "--test" ]; then
  # One process per test: the servers of two tests never share a process (a page render of
  # one test's server was seen to stall while another test's runtime shut down in the same
  # process under `cargo test`).
  if [ "$(cargo nextest --version 2>/dev/null | awk 'NR==1 {print $2}')" != "$NEXTEST_VERSION" ]; then
    log "installing cargo-nextest $NEXTEST_VERSION from crates.io (about 7 minutes, once)"
    cargo install cargo-nextest --version "$NEXTEST_VERSION" --locked
  fi
  if [ "$(node -p "require('./.tools/node_modules/axe-core/package.json').version" 2>/dev/null)" != "$AXE_VERSION" ]; then
    log "installing axe-core $AXE_VERSION from npm (the accessibility scan of the browser tests)"
    mkdir -p .tools && (cd .tools && npm install --no-audit --no-fund --silent "axe-core@$AXE_VERSION")
  fi
  if [ "$(node -p "require('./.tools/node_modules/lighthouse/package.json').version" 2>/dev/null)" != "$LIGHTHOUSE_VERSION" ]; then
    log "installing Lighthouse $LIGHTHOUSE_VERSION from npm (the citizen pages' scores, about a minute)"
    mkdir -p .tools && (cd .tools && npm install --no-audit --no-fund --silent "lighthouse@$LIGHTHOUSE_VERSION")
  fi
  if ! .tools/venv/bin/python -c 'import aiosmtpd, georeport, moto.server, prometheus_client, openpyxl, openapi_python_client' 2>/dev/null \
    || [ ! -x .tools/venv/bin/schemathesis ]; then
    log "installing aiosmtpd, georeport, moto (S3 server), schemathesis, prometheus-client (a /metrics parser), openpyxl (reads the workbooks back) and openapi-python-client (a client generated from the API document) into .tools/venv (PyPI, about a minute)"
    mkdir -p .tools
    python3 -m venv .tools/venv
    .tools/venv/bin/pip install --quiet --disable-pip-version-check \
      'aiosmtpd==1.4.6' 'georeport==0.3.1' 'moto[server]==5.1.22' 'schemathesis==4.*' \
      'prometheus-client==0.21.*' 'openpyxl==3.1.*' 'openapi-python-client==0.29.*'
  fi
  missing=""
  command -v chromium >/dev/null || missing="$missing chromium"
  command -v chromedriver >/dev/null || missing="$missing chromium-driver"
  command -v rsvg-convert >/dev/null || missing="$missing librsvg2-bin"
  command -v zbarimg >/dev/null || missing="$missing zbar-tools"
  command -v pdftotext >/dev/null || missing="$missing poppler-utils"
  # strace shows that an acknowledged write was synced first; promtool checks the alerting
  # rules and a real Prometheus scrapes a server and evaluates them.
  command -v strace >/dev/null || missing="$missing strace"
  command -v promtool >/dev/null || missing="$missing prometheus"
  # The PostgreSQL backup test dumps and restores with PostgreSQL's client tools.
  # Two instances on PostgreSQL are tested behind HAProxy.
  if [ -n "${TEST_DATABASE_URL:-}" ]; then
    command -v pg_restore >/dev/null || missing="$missing postgresql-client"
    command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || missing="$missing haproxy"
  fi
  if [ -n "$missing" ]; then
    log "installing$missing (Debian packages)"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
  fi
fi
