#!/usr/bin/env bash
# Issue 3's benchmarks (Benchmarks/LogBenchmarks, ordo-one/benchmark, release build in .build-bench): Ed25519 sign and
# verify, integrating 65,536 leaves in memory and into SQLite, inclusion proofs from cached tiles in a 2^20-leaf
# tree, and capture of a 10,000-event document with the log off and on, in the same run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 scripts/random_epcis.py 2001 10000 > "$work/doc.jsonld"
JUNKAN_BENCHMARKS=1 JUNKAN_BENCH_DOC="$work/doc.jsonld" \
  swift package --scratch-path .build-bench benchmark --target LogBenchmarks --no-progress "$@"
