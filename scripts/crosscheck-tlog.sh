#!/usr/bin/env bash
# Starts a node, captures events in two rounds (a checkpoint between them), and has aics-tlog (Python >= 3.12,
# in .venv-tlog) verify the checkpoint, tiles, entry bundles, inclusion and consistency over HTTP.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
junkan="${1:-$root/.build/debug/junkan}"
tlog_python="$("$root/scripts/tlog-venv.sh")"
work="$(mktemp -d)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
token=$("$junkan" org add "Cross-check" --database "$work/db.sqlite" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
"$junkan" serve --database "$work/db.sqlite" --port "$port" --checkpoint-interval 0.2 > "$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health" > /dev/null && break; sleep 0.2; done
python3 "$root/scripts/random_epcis.py" 7 700 > "$work/a.jsonld"
python3 "$root/scripts/random_epcis.py" 8 1300 > "$work/b.jsonld"
"$junkan" capture "$work/a.jsonld" --server "http://127.0.0.1:$port" --token "$token" 2> /dev/null
sleep 1
curl -sf "http://127.0.0.1:$port/tlog/checkpoint" > "$work/old-checkpoint"
"$junkan" capture "$work/b.jsonld" --server "http://127.0.0.1:$port" --token "$token" 2> /dev/null
sleep 1
{ "$junkan" event-hash "$work/a.jsonld"; "$junkan" event-hash "$work/b.jsonld"; } > "$work/hashes"
"$tlog_python" "$root/scripts/crosscheck_tlog.py" "http://127.0.0.1:$port" "$(curl -sf "http://127.0.0.1:$port/tlog/key")" \
  "$work/old-checkpoint" "$work/hashes"
