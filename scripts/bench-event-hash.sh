#!/usr/bin/env bash
# Event-hash throughput: Junkan (release build) against the reference generator (PyPI
# epcis-event-hash-generator 1.9.3) on the same 10,000 random events, in one run on this machine.
# Both are timed as whole commands (start, parse, hash, print); best of 3.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
junkan="${1:-$root/.build/release/junkan}"
events="${2:-10000}"
py="$("$root/scripts/reference-venv.sh")"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
python3 "$root/scripts/random_epcis.py" 42 "$events" > "$work/doc.jsonld"
best() {  # best wall time in seconds of 3 runs of "$@"
  python3 - "$@" <<'PY'
import subprocess, sys, time
ts = []
for _ in range(3):
    t = time.perf_counter(); subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); ts.append(time.perf_counter() - t)
print(f"{min(ts):.4f}")
PY
}
ours=$(best "$junkan" event-hash "$work/doc.jsonld")
ref=$(best "$py" -m epcis_event_hash_generator -l CRITICAL "$work/doc.jsonld")
"$junkan" event-hash "$work/doc.jsonld" > "$work/a"; "$py" -m epcis_event_hash_generator -l CRITICAL "$work/doc.jsonld" | grep '^ni:' > "$work/b"
same=$(cmp -s "$work/a" "$work/b" && echo yes || echo NO)
python3 - "$events" "$ours" "$ref" "$same" <<'PY'
import sys
n, ours, ref, same = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
print(f"event-hash, {n} events: junkan {ours:.3f} s ({n/ours:,.0f} events/s), reference {ref:.3f} s ({n/ref:,.0f} events/s), "
      f"ratio {ref/ours:.1f}x, identical hashes: {same}")
PY
