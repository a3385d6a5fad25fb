#!/usr/bin/env bash
# Calibration of the training-impact estimator by simulation (not a test: it prints rates).
# Simulates unit-month panels like Jambi's with no effect and with +4 points, trained units
# chosen at random and the three lowest units trained, runs the real estimator on each, and
# prints how often it found a change (with the studentized statistic, the plain difference of
# means and equal weights, for the efficiency of the weights); then whole provinces in the
# situations of issue 28's review through the whole report (units trained again, offices with
# their UPTDs, thin units, few comparison units, months without responses); then randomized
# rollouts (the design's own randomization distribution).
# Usage: scripts/calibrate-impact.sh [panels and rollouts, default 400]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p server
target/release/server calibrate impact --panels "${1:-400}"
target/release/server calibrate rollout --rollouts "${1:-400}"
