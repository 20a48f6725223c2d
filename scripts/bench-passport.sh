#!/usr/bin/env bash
# Issue 7 performance: wrk on loopback against the demo notebook's passport page and its JSON form, the node a release
# build (`junkan demo` serves exactly as `junkan serve` does, with its log integrator running). wrk and the server share
# the machine's cores. Figures go into Benchmarks/RESULTS.md by hand, with the date and machine.
# usage: scripts/bench-passport.sh [DURATION_SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-15}"
connections="${2:-32}"
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product junkan >&2
work="$(mktemp -d)"
port=$(python3 "$(dirname "$0")/free-port-pair.py")
.build/release/junkan demo --database "$work/demo.sqlite" --port "$port" > "$work/demo.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -sf "$base/health" >/dev/null 2>&1 && break; sleep 0.2; done
sleep 3  # checkpoints cosigned: the passports' proofs complete, so they are served from the cache
passport="$base/passports/01/04912345000071/21/NB24A0001"
for form in "page:$passport" "json:$passport?format=json" "resolver:$base/01/04912345000071/21/NB24A0001"; do
  name="${form%%:*}"; url="${form#*:}"
  curl -sf -o /dev/null "$url" || [ "$name" = resolver ]
  echo "== $name ($url), ${duration}s, $connections connections, 2 threads"
  wrk -t2 -c"$connections" -d"${duration}s" --latency "$url" | grep -E "Requests/sec|Latency|99%|50%|Non-2xx|Socket errors" || true
done
