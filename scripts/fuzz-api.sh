#!/usr/bin/env bash
# Issue 25, items 5 and 9: schemathesis (PyPI, in .venv-fuzz) over every operation of openapi.yaml against a demo node,
# with every check (`--checks all`: no 5xx, documented statuses, content types and headers, responses that match their
# schemas, schema-valid requests accepted, schema-violating ones refused, auth enforced), twice: with no token, and with
# an organisation's token (an organisation added to the demo, owning no prefix); then the Ouranos routes (issue 28) with
# a client API key and an operator's access token. scripts/schemathesis.toml gives what the
# schema cannot state (check digits, polymer codes, rules between fields). The node's log must then hold no error or
# critical line. Bounded: FUZZ_EXAMPLES examples per operation (default 25), a fixed seed.
set -euo pipefail
junkan="$(cd "$(dirname "${1:?usage: fuzz-api.sh path/to/junkan}")" && pwd)/$(basename "$1")"
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv-fuzz"
if [ ! -x "$venv/bin/st" ]; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==4.32.5" >&2
fi
work=$(mktemp -d)
# The node and schemathesis in a network namespace of their own, with only loopback, where `ip netns` works (CI runs as
# root): the query subscriptions schemathesis makes name webhooks anywhere, and neither their checks (DNS) nor their
# deliveries may leave the machine.
ns=""
if ip netns add "jkfuzz-$$" 2>/dev/null; then
  ns="jkfuzz-$$"
  ip -n "$ns" link set lo up
fi
in_ns() { if [ -n "$ns" ]; then ip netns exec "$ns" "$@"; else "$@"; fi; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# Started without a shell function in between, so `$!` is the node itself (`ip netns exec` execs it) and the trap stops it.
if [ -n "$ns" ]; then
  ip netns exec "$ns" "$junkan" demo --database "$work/demo.sqlite" --port "$port" > "$work/node.log" 2>&1 &
else
  "$junkan" demo --database "$work/demo.sqlite" --port "$port" > "$work/node.log" 2>&1 &
fi
node=$!
trap 'kill $node 2>/dev/null; wait $node 2>/dev/null; rm -rf "$work"; [ -z "$ns" ] || ip netns delete "$ns"' EXIT
for _ in $(seq 1 300); do in_ns curl -sf "http://127.0.0.1:$port/tlog/key" > /dev/null && break; sleep 0.1; done
token=$("$junkan" org add "Schemathesis" --database "$work/demo.sqlite" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

run() {  # run NAME [schemathesis options…]
  local name=$1 status=0; shift
  in_ns "$venv/bin/st" --config-file "$root/scripts/schemathesis.toml" run "$root/openapi.yaml" --url "http://127.0.0.1:$port" \
    --checks all --max-examples "${FUZZ_EXAMPLES:-25}" --seed 1 --no-color "$@" > "$work/st-$name.log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    sed -n '/ERRORS\|FAILURES/,$p' "$work/st-$name.log" | head -120
    echo "fuzz-api: schemathesis found what is above ($name run, exit $status)" >&2
    exit 1
  fi
  echo "fuzz-api ($name): $(grep -oE '[0-9]+ generated' "$work/st-$name.log" | tail -1) requests, every check passed"
}
run unauthenticated
run authenticated -H "Authorization: Bearer $token"
# The Ouranos routes with a client API key and an operator's access token (issue 28, item 5).
org=$("$junkan" org add "Schemathesis Ouranos" --gs1-prefix 4999999 --database "$work/demo.sqlite")
org_id=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["id"])' "$org")
org_token=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["token"])' "$org")
"$junkan" org ouranos "$org_id" --account fuzz@example.com --database "$work/demo.sqlite" > /dev/null
api_key=$("$junkan" ouranos api-key add schemathesis --database "$work/demo.sqlite" | python3 -c 'import json,sys; print(json.load(sys.stdin)["apiKey"])')
access=$(in_ns curl -sf -X POST -H "apiKey: $api_key" -H 'Content-Type: application/json' \
  -d "{\"operatorAccountId\":\"fuzz@example.com\",\"accountPassword\":\"$org_token\"}" "http://127.0.0.1:$port/auth/login" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
run ouranos --include-path-regex '^/api/v1' -H "apiKey: $api_key" -H "Authorization: Bearer $access"
if grep -E '^[^ ]+ (error|critical) ' "$work/node.log"; then
  echo "fuzz-api: the node logged the error lines above" >&2
  exit 1
fi
