#!/usr/bin/env bash
# Starts a node, captures a random trace, publishes footprints and checks the PACT v3 interface over HTTP with
# scripts/check_pact.py: every response against the v3 OpenAPI schemas (jsonschema + referencing in .venv-reference),
# filters, pagination, errors and the answer to a RequestCreatedEvent.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
junkan="${1:-$root/.build/debug/junkan}"
python="$("$root/scripts/reference-venv.sh")"
# Format assertions for date-time need rfc3339-validator.
"$python" -c "import rfc3339_validator" 2>/dev/null || "$python" -m pip install -q --disable-pip-version-check "rfc3339-validator==0.1.4"
work="$(mktemp -d)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
callback=$(free_port)
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
token=$("$junkan" org add "PACT check" --database "$work/db.sqlite" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
client=$("$junkan" pact-client add "Partner" --database "$work/db.sqlite")
# --pact-allow-http: the check's callback listens on plain HTTP; its requests still say X-Forwarded-Proto: https.
"$junkan" serve --database "$work/db.sqlite" --port "$port" --pact-allow-http > "$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health" > /dev/null && break; sleep 0.2; done
python3 "$root/scripts/random_trace.py" 7 60 > "$work/trace.jsonld"
"$junkan" capture "$work/trace.jsonld" --server "http://127.0.0.1:$port" --token "$token" > /dev/null
"$python" "$root/scripts/check_pact.py" "http://127.0.0.1:$port" "$token" \
  "$(echo "$client" | python3 -c 'import json,sys; print(json.load(sys.stdin)["client_id"])')" \
  "$(echo "$client" | python3 -c 'import json,sys; print(json.load(sys.stdin)["client_secret"])')" \
  "$work/trace.jsonld" "$callback"
