"""Cross-checks Junkan's footprints with Brightway (bw2data 4 / bw2calc 2.x–3.x) on a random trace graph.

The graph comes from random_trace.py. Expectations are computed here from the generator's own data, not from the
EPCIS document: bw2calc solves the carbon footprint of every lot (one activity per lot producing 1 kg, its inputs
per kg as technosphere exchanges, its own emissions per kg as CO2), numpy the recycled content and the primary-data
share. Junkan's answers come over HTTP from a node that captured the document. kg CO2e/kg and masses must agree to a
relative 1e-9, the fractions (recycled content, primary-data share) to an absolute 1e-9."""
import json
import os
import sys
import urllib.parse
import urllib.request

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import random_trace  # noqa: E402


def coefficients(declared, steps):
    """Per-kg coefficients of every lot: carbon A and f, recycled B and g, primary f."""
    made = {}
    for t, s in enumerate(steps):
        for o, m in s["outputs"]:
            made.setdefault(o, []).append((t, m))
    lots = sorted(set(declared) | set(made) | {j for s in steps for j, _ in s["inputs"]})
    A, f, primary, B, g = {}, {}, {}, {}, {}
    for n in lots:
        A[n], B[n] = {}, {}
        if n not in made:
            d = declared.get(n, {"ef": None, "pre": 0.0, "post": 0.0})
            f[n], primary[n], g[n] = d["ef"] or 0.0, 0.0, (d["pre"], d["post"])
            continue
        M = sum(m for _, m in made[n])
        f[n], primary[n], pre, post = 0.0, 0.0, 0.0, 0.0
        for t, m in made[n]:
            s = steps[t]
            if s["economic"] is None:
                share = m / sum(mm for _, mm in s["outputs"])
            else:
                share = m * s["economic"][n] / sum(mm * s["economic"][o] for o, mm in s["outputs"])
            f[n] += share * s["ghg"] / M
            primary[n] += share * s["ghg"] / M
            if s["cut_off"]:
                post += m / M
                continue
            total_in = sum(mm for _, mm in s["inputs"])
            for j, mj in s["inputs"]:
                A[n][j] = A[n].get(j, 0.0) + share * mj / M
                B[n][j] = B[n].get(j, 0.0) + (m / M) * (mj / total_in)
        g[n] = (pre, post)
    masses = {n: (sum(m for _, m in made[n]) if n in made else declared[n]["kg"]) for n in lots}
    return lots, A, f, primary, B, g, masses


def solve_numpy(lots, coeff, rhs):
    index = {n: i for i, n in enumerate(lots)}
    matrix = np.eye(len(lots))
    for n, row in coeff.items():
        for j, a in row.items():
            matrix[index[n], index[j]] -= a
    return np.linalg.solve(matrix, np.array([rhs[n] for n in lots], dtype=float))


CO2 = 10_000_000  # the one biosphere flow's index


def exchanges(lots, A, f):
    """The system's matrix entries: one activity per lot producing 1 kg, its inputs per kg as technosphere exchanges
    (flipped: negative in the matrix), its own emissions per kg as CO2."""
    rows, cols, values, flips = [], [], [], []
    for n in lots:
        rows.append(n); cols.append(n); values.append(1.0); flips.append(False)
        for j, a in A[n].items():
            rows.append(j); cols.append(n); values.append(a); flips.append(True)
    return (rows, cols, values, flips), [(CO2, n, f[n]) for n in lots if f[n]]


def datapackage(technosphere, biosphere):
    """The entries as a bw_processing datapackage in float64, CO2 characterised as 1. (bw2data stores exchange amounts
    as float32, about 1e-7 relative, too coarse for a 1e-9 comparison, so the matrices are given to bw2calc directly.)"""
    import bw_processing as bwp
    rows, cols, values, flips = technosphere
    dp = bwp.create_datapackage()
    dp.add_persistent_vector(matrix="technosphere_matrix", indices_array=np.array(list(zip(rows, cols)), dtype=bwp.INDICES_DTYPE),
                             data_array=np.array(values, dtype=np.float64), flip_array=np.array(flips, dtype=bool), name="technosphere")
    dp.add_persistent_vector(matrix="biosphere_matrix", indices_array=np.array([(b, n) for b, n, _ in biosphere], dtype=bwp.INDICES_DTYPE),
                             data_array=np.array([v for _, _, v in biosphere], dtype=np.float64), name="biosphere")
    dp.add_persistent_vector(matrix="characterization_matrix", indices_array=np.array([(CO2, CO2)], dtype=bwp.INDICES_DTYPE),
                             data_array=np.array([1.0], dtype=np.float64), name="gwp100")
    return dp


def brightway_scores(lots, A, f):
    """bw2calc's score for 1 kg of every lot: one factorisation, one solve per lot."""
    import bw2calc as bc
    lca = bc.LCA({lots[0]: 1}, data_objs=[datapackage(*exchanges(lots, A, f))])
    lca.lci(factorize=True)
    lca.lcia()
    scores = {}
    for n in lots:
        lca.lci(demand={n: 1})
        lca.lcia_calculation()
        scores[n] = float(lca.score)
    return scores


def main():
    server, seed = sys.argv[1], int(sys.argv[2])
    declared, steps = random_trace.generate(seed)
    lots, A, f, primary, B, g, masses = coefficients(declared, steps)
    scores = brightway_scores(lots, A, f)
    x_primary = solve_numpy(lots, A, primary)
    x_pre = solve_numpy(lots, B, {n: g[n][0] for n in lots})
    x_post = solve_numpy(lots, B, {n: g[n][1] for n in lots})
    waste = {n for n, d in declared.items() if d["ef"] is None}
    failures, checked, worst = [], 0, 0.0

    def rel(a, b):
        return abs(a - b) / abs(b) if b != 0 else abs(a)

    for i, n in enumerate(lots):
        if n in waste:
            continue  # collected waste: only ever behind a cut-off, its footprint is not asked for
        url = f"{server}/trace/footprint?id=" + urllib.parse.quote(random_trace.lot_dl(n), safe="")
        got = json.load(urllib.request.urlopen(url, timeout=60))
        want = {"kgCO2ePerKg": scores[n], "massKg": masses[n], "preConsumer": x_pre[i], "postConsumer": x_post[i],
                "primaryDataShare": (x_primary[i] / scores[n]) if scores[n] > 0 else 1.0}
        have = {"kgCO2ePerKg": got["kgCO2ePerKg"], "massKg": got["massKg"], "preConsumer": got["recycledContent"]["preConsumer"],
                "postConsumer": got["recycledContent"]["postConsumer"], "primaryDataShare": got["primaryDataShare"]}
        for k in want:
            # Fractions (0..1) absolutely: a dense solve gives ±1e-17 where the exact answer is 0.
            d = abs(have[k] - want[k]) if k in ("preConsumer", "postConsumer", "primaryDataShare") else rel(have[k], want[k])
            worst = max(worst, d) if k == "kgCO2ePerKg" else worst
            if d > 1e-9:
                failures.append(f"lot {n} {k}: junkan {have[k]!r}, expected {want[k]!r} (difference {d:.3g})")
        if got["massBalanceIssues"] or got["dataQualityIssues"]:
            failures.append(f"lot {n}: unexpected issues {got['massBalanceIssues'] + got['dataQualityIssues']}")
        checked += 1
    loops = sum(1 for s in steps if any(j == o for j, _ in s["inputs"] for o, _ in s["outputs"]))
    print(f"crosscheck-footprint: {checked} lots ({len(steps)} steps, {loops} regrind loops) against Brightway; "
          f"worst relative difference in kg CO2e/kg {worst:.3g}")
    if failures:
        print("\n".join(failures[:40]), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
