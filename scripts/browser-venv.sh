#!/usr/bin/env bash
# Creates (once) the virtualenv of the browser checks (Playwright's Python driver, run against Debian's chromium: no
# browser download) and prints its python.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv-browser"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import playwright" 2>/dev/null; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "playwright==1.49.1" >&2
fi
echo "$venv/bin/python"
