"""The bw2calc side of scripts/bench-footprint.sh: the footprint of the final product of the graph in MODEL (written
by that script), as a one-off LCA does it: build the matrices from a float64 datapackage, factorise, solve for the one
demand and characterise. Prints the best and median of 20 runs and the score."""
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from crosscheck_footprint import coefficients, datapackage, exchanges  # noqa: E402


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
    technosphere, biosphere = exchanges(lots, A, f)
    times = []
    score = None
    for _ in range(20):
        start = time.perf_counter()
        lca = bc.LCA({final: 1}, data_objs=[datapackage(technosphere, biosphere)])
        lca.lci()
        lca.lcia()
        score = lca.score
        times.append(time.perf_counter() - start)
    print(f"bw2calc {bc.__version__}: {len(lots)} lots, footprint of the final product {score:.12g} kg CO2e/kg; "
          f"best {min(times) * 1000:.1f} ms, median {statistics.median(times) * 1000:.1f} ms over {len(times)} runs")


if __name__ == "__main__":
    main()
