#!/usr/bin/env bash
# Starts a node, captures a random trace graph (>= 1,000 lots, loops included) and compares every lot's footprint,
# recycled content and primary-data share over HTTP with Brightway (bw2calc, bw2data in .venv-bw) and numpy.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
junkan="${1:-$root/.build/debug/junkan}"
seed="${2:-1}"
venv="$root/.venv-bw"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q "bw2data>=4,<5" "bw2calc>=2.1,<4"
work="$(mktemp -d)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
token=$("$junkan" org add "Footprint cross-check" --database "$work/db.sqlite" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
"$junkan" serve --database "$work/db.sqlite" --port "$port" > "$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health" > /dev/null && break; sleep 0.2; done
python3 "$root/scripts/random_trace.py" "$seed" 400 > "$work/trace.jsonld"
"$junkan" capture "$work/trace.jsonld" --server "http://127.0.0.1:$port" --token "$token" > /dev/null
mkdir -p "$work/bw"
BRIGHTWAY2_DIR="$work/bw" "$venv/bin/python" "$root/scripts/crosscheck_footprint.py" "http://127.0.0.1:$port" "$seed"
