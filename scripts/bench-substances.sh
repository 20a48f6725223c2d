#!/usr/bin/env bash
# Issue 31's benchmark: the compliance of a product of 5,000 parts with 50,000 declared substances against three
# lists (goal p99 < 200 ms), over a real SQLite file.
set -euo pipefail
cd "$(dirname "$0")/.."
JUNKAN_BENCHMARKS=1 swift package --scratch-path .build-bench benchmark --target SubstanceBenchmarks "$@"
