#!/usr/bin/env bash
# Creates (once) the virtualenv of aics-tlog (Python >= 3.12), the independent RFC 9162 / C2SP log verifier, and prints
# its python.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv-tlog"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import aics_tlog" 2>/dev/null; then
  # pyenv's shim for python3.12 exists but fails unless 3.12 is selected: take the interpreter itself first.
  py312="$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3 2>/dev/null | head -1 || true)"
  [ -x "$py312" ] || py312="$(command -v python3.12 || true)"
  [ -x "$py312" ] || { echo "tlog-venv: Python 3.12 is needed for aics-tlog and was not found" >&2; exit 1; }
  "$py312" -m venv "$venv" >&2
  "$venv/bin/pip" install -q --disable-pip-version-check "aics-tlog==0.2.1" >&2
fi
echo "$venv/bin/python"
