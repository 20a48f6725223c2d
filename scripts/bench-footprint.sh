#!/usr/bin/env bash
# Issue 4's benchmarks, both sides in one run:
# - the footprint of the final product of a 10,000-lot trace graph: Junkan (Benchmarks/TraceBenchmarks: closure,
#   linear system, solve) against bw2calc solving the same system (matrices built, factorised and solved for that
#   one demand, as a one-off LCA does), on the same graph;
# - provenance upstream/downstream at depth 20 on a 1,000,000-event graph (p99 in the table).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
venv="$root/.venv-bw"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q "bw2data>=4,<5" "bw2calc>=2.1,<4"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bw"
# ~3,900 steps make ~10,000 lots; one assembly step takes every lot nothing else used, so the final product's
# upstream is the whole graph.
product=$(python3 - "$work/trace.jsonld" <<'PY'
import json, sys
sys.path.insert(0, "scripts")
import random_trace as rt
declared, steps = rt.generate(11, steps=3900, boundary=2600, waste=300)
used = {j for s in steps for j, _ in s["inputs"]}
made = {o: m for s in steps for o, m in s["outputs"]}
leaves = [(o, m) for o, m in made.items() if o not in used]
final = max(list(declared) + list(made)) + 1
steps.append({"inputs": [(o, round(m * 0.5, 3)) for o, m in leaves], "outputs": [(final, round(sum(m * 0.5 for _, m in leaves), 3))],
              "ghg": 10.0, "economic": None, "cut_off": False})
json.dump(rt.document(declared, steps), open(sys.argv[1], "w"))
json.dump({"declared": {str(k): v for k, v in declared.items()}, "steps": steps, "final": final}, open(sys.argv[1] + ".model.json", "w"))
lots = set(declared) | set(made) | {final}
print(rt.lot_urn(final), len(lots), file=sys.stderr)
print(rt.lot_urn(final))
PY
)
BRIGHTWAY2_DIR="$work/bw" "$venv/bin/python" scripts/bench_footprint_bw.py "$work/trace.jsonld.model.json"
JUNKAN_BENCHMARKS=1 JUNKAN_BENCH_TRACE="$work/trace.jsonld" JUNKAN_BENCH_PRODUCT="$product" \
  swift package --scratch-path .build-bench benchmark --target TraceBenchmarks --no-progress "$@"
