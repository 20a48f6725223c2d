#!/usr/bin/env bash
# Issue 26 benchmarks, all in one run (release build, one machine; figures go into Benchmarks/RESULTS.md):
#  1. Capture of 3 × 10,000-event documents over HTTP: SQLite; PostgreSQL with one junkan serve; PostgreSQL with two
#     (the documents sent to both at once); next to the raw binary COPY of the same rows into an empty copy of the
#     PostgreSQL schema (one transaction per document, as capture does): the ratio says what capture costs above
#     storing the rows.
#  2. Query latency on a node of EVENTS events (default 1,000,000) on each backend: p50/p99 of
#     GET /events?MATCH_anyEPC=… and of a lot's passport (JSON), asked one at a time from loopback.
# PostgreSQL: the server JUNKAN_TEST_POSTGRES_URL names, else a throwaway cluster (scripts/postgres-cluster.sh).
# usage: scripts/bench-postgres.sh [junkan binary] ; EVENTS=200000 for a shorter second part.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
junkan="${1:-$root/.build/release/junkan}"
events="${EVENTS:-1000000}"
[ -x "$junkan" ] || (cd "$root" && swift build -c release --product junkan >&2)
if [ -z "${JUNKAN_TEST_POSTGRES_URL:-}" ]; then
  eval "$("$root/scripts/postgres-cluster.sh")"
  trap 'eval "$JUNKAN_TEST_POSTGRES_STOP"' EXIT
fi
work="$(mktemp -d)"
python3 "$root/scripts/bench_postgres.py" "$junkan" "$work" "$events"
rm -rf "$work"
