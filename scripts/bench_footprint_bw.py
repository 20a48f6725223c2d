"""The bw2calc side of scripts/bench-footprint.sh: the footprint of the final product of the graph in MODEL (written
by that script), as a one-off LCA does it: build the matrices from a float64 datapackage, factorise, solve for the one
demand and characterise. Prints the best and median of 20 runs and the score."""
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from crosscheck_footprint import coefficients  # noqa: E402

import numpy as np  # noqa: E402


def main():
    model = json.load(open(sys.argv[1]))
    declared = {int(k): v for k, v in model["declared"].items()}
    steps = []
    for s in model["steps"]:
        steps.append({"inputs": [tuple(x) for x in s["inputs"]], "outputs": [tuple(x) for x in s["outputs"]], "ghg": s["ghg"],
                      "economic": {int(k): v for k, v in s["economic"].items()} if s["economic"] else None, "cut_off": s["cut_off"]})
    final = model["final"]
    lots, A, f, *_ = coefficients(declared, steps)
    import bw2calc as bc
    import bw_processing as bwp
    co2 = 10_000_000
    rows, cols, values, flips = [], [], [], []
    for n in lots:
        rows.append(n); cols.append(n); values.append(1.0); flips.append(False)
        for j, a in A[n].items():
            rows.append(j); cols.append(n); values.append(a); flips.append(True)
    bio = [(co2, n, f[n]) for n in lots if f[n]]
    times = []
    score = None
    for _ in range(20):
        start = time.perf_counter()
        dp = bwp.create_datapackage()
        dp.add_persistent_vector(matrix="technosphere_matrix", indices_array=np.array(list(zip(rows, cols)), dtype=bwp.INDICES_DTYPE),
                                 data_array=np.array(values, dtype=np.float64), flip_array=np.array(flips, dtype=bool))
        dp.add_persistent_vector(matrix="biosphere_matrix", indices_array=np.array([(b, n) for b, n, _ in bio], dtype=bwp.INDICES_DTYPE),
                                 data_array=np.array([v for _, _, v in bio], dtype=np.float64))
        dp.add_persistent_vector(matrix="characterization_matrix", indices_array=np.array([(co2, co2)], dtype=bwp.INDICES_DTYPE),
                                 data_array=np.array([1.0], dtype=np.float64))
        lca = bc.LCA({final: 1}, data_objs=[dp])
        lca.lci()
        lca.lcia()
        score = lca.score
        times.append(time.perf_counter() - start)
    print(f"bw2calc {bc.__version__}: {len(lots)} lots, footprint of the final product {score:.12g} kg CO2e/kg; "
          f"best {min(times) * 1000:.1f} ms, median {statistics.median(times) * 1000:.1f} ms over {len(times)} runs")


if __name__ == "__main__":
    main()
