#!/usr/bin/env bash
# One command from a fresh clone to every check: installs what tests need (wasm tools,
# Chromium and ChromeDriver, aiosmtpd and georeport), builds the browser bundle, then format, lints and all tests.
# Tests run on SQLite always, and on PostgreSQL too when TEST_DATABASE_URL is set
# (e.g. postgres://postgres@127.0.0.1:5432/test; each test makes its own database there).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
scripts/build-site.sh
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings
scripts/check-layers.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# The tests' databases and files go to memory when there is room (4 GiB or more free in
# /dev/shm): SQLite commits with synchronous=FULL, and a test server's migrations and demo
# data are hundreds of commits, each one sync of the disk (about a third of the SQLite tests'
# time). What is tested is the same; the sync itself is shown by tests/api/synced.rs.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] \
  && [ "$(df --output=avail -k /dev/shm 2>/dev/null | tail -1)" -ge 4194304 ] 2>/dev/null; then
  export TMPDIR=/dev/shm
fi
if cargo nextest --version >/dev/null 2>&1; then
  # One process per test (no state shared between the servers of different tests); a test
  # that fails and then passes is reported as FLAKY in the summary, not hidden.
  set +e
  cargo nextest run --workspace --all-targets --retries 1 --no-fail-fast 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
  echo "suara:$(grep -E '^ +Summary' "$log" | tail -1 | sed 's/^ *Summary \[[^]]*\]//')"
  exit "$status"
fi
cargo test --workspace --all-targets 2>&1 | tee "$log"
# One closing line for the whole run (cargo prints one per test binary).
awk '/^test result:/ { p += $4; f += $6 } END { printf "suara: %d passed, %d failed\n", p, f; exit (f > 0) }' "$log"
