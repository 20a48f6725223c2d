#!/usr/bin/env bash
# Issue 25, item 5: no unauthenticated request produces a 5xx or an error-level log line. schemathesis (PyPI, in
# .venv-fuzz) sends requests made from openapi.yaml to every operation of a demo node, with no token (and with
# whatever tokens it makes up), checking that no answer is a 5xx (not_a_server_error). The node's log must then hold no
# error or critical line. Bounded: FUZZ_EXAMPLES examples per operation (default 25), a fixed seed.
set -euo pipefail
junkan="$(cd "$(dirname "${1:?usage: fuzz-unauthenticated.sh path/to/junkan}")" && pwd)/$(basename "$1")"
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv-fuzz"
if [ ! -x "$venv/bin/st" ]; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==4.32.5" >&2
fi
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$junkan" demo --database "$work/demo.sqlite" --port "$port" > "$work/node.log" 2>&1 &
node=$!
trap 'kill $node 2>/dev/null; wait $node 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/tlog/key" > /dev/null && break; sleep 0.1; done
status=0
"$venv/bin/st" run "$root/openapi.yaml" --url "http://127.0.0.1:$port" --checks not_a_server_error \
  --max-examples "${FUZZ_EXAMPLES:-25}" --seed 1 --no-color > "$work/st.log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
  sed -n '/FAILURES/,$p' "$work/st.log" | head -80
  echo "fuzz-unauthenticated: a request made a 5xx (schemathesis exit $status)" >&2
  exit 1
fi
if grep -E '^[^ ]+ (error|critical) ' "$work/node.log"; then
  echo "fuzz-unauthenticated: the node logged the error lines above" >&2
  exit 1
fi
echo "fuzz-unauthenticated: $(grep -oE '[0-9]+ generated' "$work/st.log" | head -1) requests, no 5xx, no error-level log line"
