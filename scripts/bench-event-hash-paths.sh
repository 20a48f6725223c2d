#!/usr/bin/env bash
# Issue 24: the event hash's fast writers, each on its caller's input against the others on the same input, in one run
# (Benchmarks/EventHashBenchmarks, ordo-one/benchmark, release build in .build-bench): a 10,000-event document as bytes
# (the tape, as `junkan event-hash` hashes it, against a tree parse and the direct writer) and as a parsed tree (the
# direct writer, as capture hashes it, against writing the tree back to bytes for the tape, and against the reference).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 scripts/random_epcis.py 42 "${EVENTS:-10000}" > "$work/doc.jsonld"
JUNKAN_BENCHMARKS=1 JUNKAN_BENCH_EPCIS="$work/doc.jsonld" \
  swift package --scratch-path .build-bench benchmark --target EventHashBenchmarks --no-progress "$@"
