"""Cross-checks Junkan's blend optimiser with scipy.optimize.linprog (HiGHS) on random instances.

Each instance is a request and 2–60 lots of PP with random melt flow, density, modulus, elongation, recycled share
and footprint. The linear programme is built here from the blending rules of docs/materials.md, independently of
Junkan: maximise Σ wᵢ rᵢ subject to Σ wᵢ = 1, 0 ≤ wᵢ ≤ availableᵢ / mass, ln MFR, 1/ρ and E bounds, recycled share and
footprint limits, and a decaBDE limit in mg/kg (Σ wᵢ cᵢ ≤ max, cᵢ a lot's measured concentration or its method's limit of
detection when higher); lots failing a worst-component bound (elongation), and lots with no measured decaBDE under a
decaBDE limit, take no part. Junkan's answers come from
`junkan materials blend`. Both must agree on feasibility, on the optimum recycled share to 1e-6, and Junkan's blend must
meet every constraint as evaluated here."""
import json
import math
import random
import subprocess
import sys
import tempfile

import numpy as np
from scipy.optimize import linprog

GTIN = "09506000134352"
TOL = 1e-6


def prop(code, value, unit, standard, conditions=None):
    p = {"property": code, "value": value, "unit": unit, "standard": standard}
    if conditions:
        p["conditions"] = conditions
    return p


def instance(rng, k):
    grades, lots, data = [], [], []
    for i in range(k):
        recycled = rng.random() < 0.6
        mfr = round(math.exp(rng.uniform(math.log(2), math.log(60))), 3)
        rho = round(rng.uniform(880, 1050), 2)
        modulus = round(rng.uniform(800, 2500), 1)
        elongation = round(rng.uniform(3, 400), 1)
        ef = round(rng.uniform(0.3, 2.5), 3)
        share = round(rng.uniform(0.3, 1.0), 3) if recycled else 0.0
        mass = round(rng.uniform(100, 5000), 1)
        grades.append({"id": f"g{i}", "producer": "P", "name": f"grade {i}", "polymer": "PP",
                       "kind": "recycled-post-consumer" if recycled else "virgin", "emissionFactor": ef,
                       "properties": [prop("MFR", mfr, "g/10min", "ISO 1133", {"temperature_C": 230, "load_kg": 2.16}),
                                      prop("density", rho, "kg/m3", "ISO 1183"),
                                      prop("tensileModulus", modulus, "MPa", "ISO 527-2"),
                                      prop("elongationAtBreak", elongation, "%", "ISO 527-2")]})
        lot = {"id": f"https://id.gs1.org/01/{GTIN}/10/L{i}", "grade": f"g{i}", "massKg": mass, "location": {"lat": 35, "lon": 139}}
        if recycled:
            lot["recycledShare"] = share
        # decaBDE (legacy flame retardant of WEEE plastics), measured by XRF on most lots; below the limit of detection
        # a result counts as the limit.
        deca = None
        if rng.random() < 0.85:
            value = round(rng.uniform(0, 0.2), 5) if recycled else 0.0
            lod = 0.001 if rng.random() < 0.5 else None
            measured = {"name": "decaBDE", "cas": "1163-19-5", "concentrationPercent": value}
            if lod is not None:
                measured.update({"method": "XRF", "limitOfDetectionPercent": lod})
            lot["substancesOfConcern"] = [measured]
            deca = max(value, lod or 0) / 100
        lots.append(lot)
        data.append({"mfr": mfr, "rho": rho, "E": modulus, "el": elongation, "f": ef, "r": share, "m": mass, "deca": deca})
    need = round(rng.uniform(500, 20000), 1)
    constraints = []
    if rng.random() < 0.8:
        lo, hi = sorted([round(rng.uniform(3, 40), 2), round(rng.uniform(3, 40), 2)])
        c = {"property": "MFR", "unit": "g/10min"}
        if rng.random() < 0.8: c["min"] = lo
        if rng.random() < 0.8 or "min" not in c: c["max"] = hi
        constraints.append(c)
    if rng.random() < 0.6:
        constraints.append({"property": "density", "max": round(rng.uniform(900, 1000), 1), "unit": "kg/m3"})
    if rng.random() < 0.3:
        constraints.append({"property": "density", "min": 0.89, "unit": "g/cm3"}) if not any(c["property"] == "density" for c in constraints) else None
    if rng.random() < 0.6:
        constraints.append({"property": "tensileModulus", "min": round(rng.uniform(0.9, 2.0), 3), "unit": "GPa"})
    if rng.random() < 0.3:
        constraints.append({"property": "elongationAtBreak", "min": round(rng.uniform(5, 100), 1), "unit": "%"})
    request = {"id": "r", "polymer": "PP", "massKg": need, "constraints": constraints}
    if rng.random() < 0.7:
        request["minRecycledShare"] = round(rng.uniform(0, 0.9), 3)
    if rng.random() < 0.5:
        request["maxKgCO2ePerKg"] = round(rng.uniform(0.5, 2.0), 3)
    if rng.random() < 0.5:
        request["maxSubstances"] = [{"name": "decaBDE", "cas": "1163-19-5", "maxMgPerKg": round(rng.uniform(50, 1500), 1)}]
    return {"grades": grades, "lots": lots, "request": request}, data


def solve(inst, data):
    """scipy's optimum: (feasible, recycled share, evaluate(w) -> list of violations)."""
    req = inst["request"]
    M = req["massKg"]
    cons = req["constraints"]
    keep = []
    for i, d in enumerate(data):
        if any(c["property"] == "elongationAtBreak" and d["el"] < c["min"] for c in cons):
            continue
        if "maxSubstances" in req and d["deca"] is None:
            continue
        keep.append(i)
    rows, rhs = [], []  # A_ub w <= b_ub

    def canon(c, key):
        v = c[key]
        return v * 1000 if c["unit"] in ("g/cm3", "GPa") else v

    for c in cons:
        p = c["property"]
        for key in ("min", "max"):
            if key not in c:
                continue
            b = canon(c, key)
            if p == "MFR":
                coef = [math.log(data[i]["mfr"]) - math.log(b) for i in keep]
                sign = -1 if key == "min" else 1
            elif p == "density":
                coef = [1 / data[i]["rho"] - 1 / b for i in keep]
                sign = 1 if key == "min" else -1
            elif p == "tensileModulus":
                coef = [data[i]["E"] - b for i in keep]
                sign = -1 if key == "min" else 1
            else:
                continue
            rows.append([sign * x for x in coef]); rhs.append(0.0)
    if "minRecycledShare" in req:
        rows.append([-(data[i]["r"] - req["minRecycledShare"]) for i in keep]); rhs.append(0.0)
    if "maxKgCO2ePerKg" in req:
        rows.append([data[i]["f"] - req["maxKgCO2ePerKg"] for i in keep]); rhs.append(0.0)
    if "maxSubstances" in req:
        cap = req["maxSubstances"][0]["maxMgPerKg"] / 1e6
        # In mg/kg, so the row is on the footing of the others (the solver's tolerances are absolute).
        rows.append([(data[i]["deca"] - cap) * 1e6 for i in keep]); rhs.append(0.0)
    if not keep:
        return False, 0.0
    res = linprog(c=[-data[i]["r"] for i in keep], A_ub=np.array(rows) if rows else None, b_ub=np.array(rhs) if rows else None,
                  A_eq=np.ones((1, len(keep))), b_eq=[1.0], bounds=[(0, min(1.0, data[i]["m"] / M)) for i in keep], method="highs")
    if res.status == 2:
        return False, 0.0
    assert res.status == 0, res.message
    return True, -res.fun


def violations(inst, data, blend):
    """What Junkan's blend breaks, evaluated here from the instance."""
    req = inst["request"]
    M = req["massKg"]
    w = {}
    for c in blend["components"]:
        i = int(c["lot"].rsplit("L", 1)[1])
        w[i] = c["massKg"] / M
    out = []
    if abs(sum(w.values()) - 1) > TOL:
        out.append(f"masses sum to {sum(w.values()) * M}, not {M}")
    for i, x in w.items():
        if x * M > data[i]["m"] * (1 + TOL) + TOL:
            out.append(f"L{i}: {x * M} kg of {data[i]['m']} available")
    for c in req["constraints"]:
        p = c["property"]
        scale = 1000 if c["unit"] in ("g/cm3", "GPa") else 1
        if p == "MFR":
            v = math.exp(sum(x * math.log(data[i]["mfr"]) for i, x in w.items()))
        elif p == "density":
            v = 1 / sum(x / data[i]["rho"] for i, x in w.items())
        elif p == "tensileModulus":
            v = sum(x * data[i]["E"] for i, x in w.items())
        else:
            v = min(data[i]["el"] for i in w)
        if "min" in c and v < c["min"] * scale * (1 - TOL):
            out.append(f"{p} {v} below {c['min'] * scale}")
        if "max" in c and v > c["max"] * scale * (1 + TOL):
            out.append(f"{p} {v} above {c['max'] * scale}")
    share = sum(x * data[i]["r"] for i, x in w.items())
    if "minRecycledShare" in req and share < req["minRecycledShare"] - TOL:
        out.append(f"recycled share {share} below {req['minRecycledShare']}")
    if "maxKgCO2ePerKg" in req and sum(x * data[i]["f"] for i, x in w.items()) > req["maxKgCO2ePerKg"] + TOL:
        out.append("footprint above the maximum")
    if "maxSubstances" in req:
        cap = req["maxSubstances"][0]["maxMgPerKg"] / 1e6
        if any(data[i]["deca"] is None for i in w):
            out.append("a lot without a decaBDE measurement in the blend")
        elif sum(x * data[i]["deca"] for i, x in w.items()) > cap * (1 + TOL) + 1e-12:
            out.append(f"decaBDE {sum(x * data[i]['deca'] for i, x in w.items()) * 1e6} mg/kg above {cap * 1e6}")
    return out


def main():
    junkan, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    pairs = [instance(rng, rng.randint(2, 60)) for _ in range(count)]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump([p[0] for p in pairs], f)
    out = json.loads(subprocess.run([junkan, "materials", "blend", f.name], check=True, capture_output=True, text=True).stdout)
    failures, feasible = [], 0
    for n, ((inst, data), blend) in enumerate(zip(pairs, out)):
        ok, share = solve(inst, data)
        feasible += ok
        if ok != blend["feasible"]:
            failures.append(f"instance {n}: scipy says feasible={ok}, Junkan {blend['feasible']} (binding {blend['binding']})")
            continue
        if not ok:
            if not blend["binding"]:
                failures.append(f"instance {n}: infeasible without the constraints that conflict")
            continue
        if abs(share - blend["recycledShare"]) > TOL:
            failures.append(f"instance {n}: recycled share scipy {share:.9f}, Junkan {blend['recycledShare']:.9f}")
        for v in violations(inst, data, blend):
            failures.append(f"instance {n}: Junkan's blend breaks a constraint: {v}")
    print(f"blend cross-check: {count} instances ({feasible} feasible, {count - feasible} infeasible), {len(failures)} disagreements")
    for line in failures[:20]:
        print("  " + line)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
