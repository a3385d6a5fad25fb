#!/usr/bin/env bash
# Calibration by simulation of what the figures say about noise (not a test: it prints
# rates): coverage of the 95 % intervals of the IKM and of each element over samples of 30
# to 400 responses from four populations; dashboards of 40 units told with and without the
# Benjamini-Hochberg correction (false arrows, false discovery rate, rises found); and the
# early warning's false alarms per unit per two years on stable data and its power.
# Usage: scripts/calibrate-figures.sh [samples per cell, default 2000] [units per row, default 200]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p server
target/release/server calibrate figures --reps "${1:-2000}"
target/release/server calibrate warning --units "${2:-200}"
