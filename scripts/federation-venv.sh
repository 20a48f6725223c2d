#!/usr/bin/env bash
# Creates (once) the virtualenv of scripts/check-federation.py (http-message-signatures, an independent RFC 9421
# implementation, with cryptography) and prints its python.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv-federation"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import http_message_signatures, cryptography" 2>/dev/null; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "http-message-signatures==3.0.0" >&2
fi
echo "$venv/bin/python"
