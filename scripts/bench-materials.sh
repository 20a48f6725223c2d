#!/usr/bin/env bash
# Issue 5's benchmarks: ranking 100,000 lots for one request (goal p99 < 50 ms) and blending 50 candidate lots
# (goal < 20 ms), through the materials index over a real SQLite file.
set -euo pipefail
cd "$(dirname "$0")/.."
JUNKAN_BENCHMARKS=1 swift package --scratch-path .build-bench benchmark --target MaterialsBenchmarks "$@"
