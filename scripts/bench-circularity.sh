#!/usr/bin/env bash
# Issue 6's benchmark: the circularity report (JSON) and the data-book page (HTML with the ten-year trend) of one
# fiscal year from 10 years x 1,000 sites x 50 waste rows (goal: < 200 ms).
set -euo pipefail
cd "$(dirname "$0")/.."
JUNKAN_BENCHMARKS=1 swift package --scratch-path .build-bench benchmark --target CircularityBenchmarks "$@"
