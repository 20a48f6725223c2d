#!/usr/bin/env bash
# Cross-check: Junkan's CBV 2.0 event hashes against the reference generator (PyPI
# epcis-event-hash-generator 1.9.3) on randomly generated documents. Fails on any difference.
# Usage: scripts/crosscheck-event-hash.sh [documents=20] [events-per-document=100] [junkan binary]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
docs="${1:-20}"; per="${2:-100}"
junkan="${3:-$root/.build/debug/junkan}"
py="$("$root/scripts/reference-venv.sh")"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
passed=0; failed=0
for seed in $(seq 1 "$docs"); do
  python3 "$root/scripts/random_epcis.py" "$seed" "$per" > "$work/doc.jsonld"
  # One process per document: the reference keeps namespace state in module globals.
  "$py" -m epcis_event_hash_generator -l CRITICAL "$work/doc.jsonld" | grep '^ni:' > "$work/reference.txt"
  "$junkan" event-hash "$work/doc.jsonld" > "$work/junkan.txt"
  n=$(wc -l < "$work/reference.txt")
  if [ "$n" -ne "$per" ]; then echo "seed $seed: the reference hashed $n of $per events" >&2; fi
  same=$(paste -d' ' "$work/reference.txt" "$work/junkan.txt" | awk '$1==$2' | wc -l)
  passed=$((passed + same)); failed=$((failed + per - same))
  if [ "$same" -ne "$per" ]; then
    echo "seed $seed: $((per - same)) events differ; first:" >&2
    paste -d' ' "$work/reference.txt" "$work/junkan.txt" | awk '$1!=$2' | head -3 >&2
    # A failing document is kept for the next reader, under the git-ignored .ci/out/.
    mkdir -p "$root/.ci/out" && cp "$work/doc.jsonld" "$root/.ci/out/crosscheck-failed-seed-$seed.jsonld"
  fi
done
echo "event-hash cross-check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
