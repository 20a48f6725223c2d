#!/usr/bin/env bash
# Issue 5: the blend optimiser against scipy.optimize.linprog (HiGHS) on random instances: same feasibility verdict,
# same optimum recycled share to 1e-6, and every proposed blend meets its constraints (scripts/crosscheck_blend.py).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
junkan="${1:-$root/.build/debug/junkan}"
count="${2:-300}"
seed="${3:-1}"
venv="$root/.venv-scipy"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import scipy, numpy" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "scipy>=1.11,<2" "numpy>=1.26,<3"
fi
"$venv/bin/python" "$root/scripts/crosscheck_blend.py" "$junkan" "$count" "$seed"
