#!/usr/bin/env bash
# Creates (once) the virtualenv of the independent checkers (the reference CBV 2.0 event-hash generator,
# openapi-spec-validator, http-message-signatures for RFC 9421 signatures, lxml for XML Schema validation of the XML binding) and prints its python.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv-reference"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import epcis_event_hash_generator, openapi_spec_validator, http_message_signatures, lxml" 2>/dev/null; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "epcis-event-hash-generator==1.9.3" "openapi-spec-validator==0.9.0" "http-message-signatures==3.0.0" "lxml==5.3.0" >&2
fi
echo "$venv/bin/python"
