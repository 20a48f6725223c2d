"""A random trace graph for cross-checks and benchmarks: boundary lots with declared factors and recycled content,
collected waste, process steps with mass or economic allocation, cut-off recycling steps, regrind loops and scrap
returned upstream. Written as an EPCIS 2.0 document; the same graph is returned as plain data so that a check can
compute its expectations without reading the document. Deterministic for a given seed."""
import json
import random

CONTEXT = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", {"junkan": "https://w3id.org/junkan/voc/"}]


def lot_urn(i):
    return f"urn:epc:class:lgtin:4012345.012345.L{i}"


def lot_dl(i):
    return f"https://id.gs1.org/01/04012345123456/10/L{i}"


def generate(seed, steps=400, boundary=300, waste=40):
    """Returns (lots, boundary_info, step_list). A step: dict(inputs=[(lot, kg)], outputs=[(lot, kg)], ghg, economic, cut_off)."""
    r = random.Random(seed)
    next_lot = [0]

    def new_lot():
        next_lot[0] += 1
        return next_lot[0]

    declared = {}  # lot -> dict(kg, ef, pre, post)
    for _ in range(boundary):
        n = new_lot()
        d = {"kg": round(r.uniform(100, 10000), 3), "ef": round(r.uniform(0.2, 6), 4), "pre": 0.0, "post": 0.0}
        if r.random() < 0.3:
            d["pre"] = round(r.uniform(0, 0.4), 3)
            d["post"] = round(r.uniform(0, 0.5), 3)
        declared[n] = d
    wastes = []
    for _ in range(waste):
        n = new_lot()
        declared[n] = {"kg": round(r.uniform(100, 5000), 3), "ef": None, "pre": 0.0, "post": 0.0}
        wastes.append(n)
    available = [n for n in declared if declared[n]["ef"] is not None]
    step_list = []
    for _ in range(steps):
        cut_off = r.random() < 0.1
        if cut_off:
            ins = [(w, round(r.uniform(50, 500), 3)) for w in r.sample(wastes, r.randint(1, 2))]
        else:
            ins = [(j, round(r.uniform(10, 1000), 3)) for j in r.sample(available, min(len(available), r.randint(1, 4)))]
        total_in = sum(m for _, m in ins)
        kept = total_in * r.uniform(0.93, 0.975)  # leaves room for a 2% scrap output within the input mass
        k = r.randint(1, 3)
        weights = [r.uniform(0.2, 1) for _ in range(k)]
        outs = [(new_lot(), round(kept * w / sum(weights), 3)) for w in weights]
        step = {"inputs": ins, "outputs": outs, "ghg": round(r.uniform(0, 200), 3), "economic": None, "cut_off": cut_off}
        if not cut_off and k > 1 and r.random() < 0.2:
            step["economic"] = {o: round(r.uniform(0.1, 5), 3) for o, _ in outs}
        if not cut_off and r.random() < 0.06:
            # Regrind: the step feeds part of its own output back in.
            g, gm = new_lot(), round(total_in * 0.05, 3)
            step["inputs"].append((g, gm))
            step["outputs"].append((g, gm))
            if step["economic"] is not None:
                step["economic"][g] = round(r.uniform(0.1, 1), 3)
        if not cut_off and step_list and r.random() < 0.04:
            # Scrap returned upstream: an earlier (non-cut-off) step takes some of this step's new scrap lot.
            earlier = r.choice([s for s in step_list if not s["cut_off"]] or [None])
            if earlier is not None:
                s_lot, sm = new_lot(), round(total_in * 0.02, 3)
                step["outputs"].append((s_lot, sm))
                if step["economic"] is not None:
                    step["economic"][s_lot] = round(r.uniform(0.05, 0.5), 3)
                earlier["inputs"].append((s_lot, round(sm * r.uniform(0.3, 1.0), 3)))
        step_list.append(step)
        available.extend(o for o, _ in outs)
    return declared, step_list


def document(declared, step_list):
    events = []
    t = 1_700_000_000
    def when(i):
        import datetime
        return datetime.datetime.fromtimestamp(t + i, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    for i, (n, d) in enumerate(sorted(declared.items())):
        ilmd = {}
        if d["ef"] is not None:
            ilmd["junkan:emissionFactor"] = d["ef"]
        if d["pre"] or d["post"]:
            ilmd["junkan:recycledContent"] = {"preConsumer": d["pre"], "postConsumer": d["post"]}
        e = {"type": "ObjectEvent", "eventTime": when(i), "eventTimeZoneOffset": "+09:00", "epcList": [], "action": "ADD",
             "quantityList": [{"epcClass": lot_urn(n), "quantity": d["kg"], "uom": "KGM"}], "bizStep": "commissioning"}
        if ilmd:
            e["ilmd"] = ilmd
        events.append(e)
    for i, s in enumerate(step_list):
        e = {"type": "TransformationEvent", "eventTime": when(len(declared) + i), "eventTimeZoneOffset": "+09:00",
             "inputQuantityList": [{"epcClass": lot_urn(j), "quantity": m, "uom": "KGM"} for j, m in s["inputs"]],
             "outputQuantityList": [{"epcClass": lot_urn(o), "quantity": m, "uom": "KGM"} for o, m in s["outputs"]],
             "junkan:ghgEmissions": s["ghg"]}
        if s["economic"] is not None:
            e["junkan:allocation"] = "economic"
            e["junkan:economicValue"] = {lot_urn(o): v for o, v in s["economic"].items()}
        if s["cut_off"]:
            e["junkan:cutOff"] = True
        events.append(e)
    return {"@context": CONTEXT, "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-11-21T00:00:00Z",
            "epcisBody": {"eventList": events}}


if __name__ == "__main__":
    import sys
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    print(json.dumps(document(*generate(seed, steps=steps, boundary=max(10, steps * 3 // 4), waste=max(4, steps // 10)))))
