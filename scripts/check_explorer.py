"""Issue 30: the explorer and the search box against a running `junkan demo`.

For the demo's notebook, every lot and item and every step in /trace/upstream and /trace/downstream (JSON) appears on
the explorer page (lots by `data-id`, steps by `data-event-hash`), and the page stays under 1 MB. The search box lands
each way of writing the notebook's identifier on its passport, an event hash on the explorer at its step, and answers an
unknown or malformed identifier with a 404 or 400: an HTML page for a browser, problem+json for an API client. The flows
page's totals equal the sums of the masses the demo's captured events carry.

usage: check_explorer.py BASE_URL
"""
import json, re, sys, urllib.error, urllib.parse, urllib.request

BASE = sys.argv[1]
NOTEBOOK = "https://id.gs1.org/01/04912345000071/21/NB24A0001"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
failures = []


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(NoRedirect)


def get(path, accept=None):
    req = urllib.request.Request(BASE + path, headers={"Accept": accept} if accept else {})
    try:
        with opener.open(req) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


def walk(node, ids, hashes):
    if isinstance(node, dict):
        if isinstance(node.get("id"), str):
            ids.add(node["id"])
        for key in ("madeBy", "usedBy"):
            for step in node.get(key, []):
                hashes.add(step["eventHash"])
        for v in node.values():
            walk(v, ids, hashes)
    elif isinstance(node, list):
        for v in node:
            walk(v, ids, hashes)


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


q = urllib.parse.quote(NOTEBOOK, safe="")
ids, hashes = set(), set()
for direction in ("upstream", "downstream"):
    status, _, body = get(f"/trace/{direction}?id={q}")
    check(status == 200, f"/trace/{direction} of the notebook answers 200")
    walk(json.loads(body)["root"], ids, hashes)
status, headers, page = get(f"/explore?id={q}")
check(status == 200, "the notebook's explorer page answers 200")
check(len(page.encode()) < 1_000_000, f"the explorer page is under 1 MB ({len(page.encode())} bytes)")
shown_ids = set(re.findall(r'data-id="([^"]+)"', page))
shown_steps = set(re.findall(r'data-event-hash="([^"]+)"', page))
check(ids and ids <= shown_ids, f"all {len(ids)} lots and items of the trace JSON are on the page (missing: {sorted(ids - shown_ids)})")
check(hashes and hashes <= shown_steps, f"all {len(hashes)} steps of the trace JSON are on the page (missing: {sorted(hashes - shown_steps)})")

form = lambda s: "/search?q=" + urllib.parse.quote_plus(s)
for text in [NOTEBOOK, "urn:epc:id:sgtin:4912345.000007.NB24A0001", "(01)04912345000071(21)NB24A0001", "04912345000071 NB24A0001",
             "https://example.com/01/04912345000071/21/NB24A0001"]:
    status, headers, _ = get(form(text))
    check(status == 303 and headers.get("Location") == "/01/04912345000071/21/NB24A0001", f"search {text!r} goes to the notebook's passport ({status} {headers.get('Location')})")
some = sorted(hashes)[0]
status, headers, _ = get(form(some))
check(status == 303 and headers.get("Location", "").startswith("/explore?id=") and "#step-" in headers.get("Location", ""), f"search of an event hash goes to its step ({headers.get('Location')})")
for text, code in [("04912345000071 NOSUCHSERIAL", 404), ("not an identifier", 400)]:
    status, headers, body = get(form(text))
    check(status == code and headers.get("Content-Type", "").startswith("application/problem+json"), f"search {text!r} for an API client: {code} problem+json ({status} {headers.get('Content-Type')})")
    status, headers, body = get(form(text), BROWSER)
    check(status == code and headers.get("Content-Type", "").startswith("text/html") and 'name="q"' in body, f"search {text!r} for a browser: {code} page with the search box ({status})")

# The flows page's totals against the demo's captured events, summed here from /events (docs/vocabulary.md,
# "Material flows"): losses, energy recovery, disposal, what went into compounding and recycling, what left extraction.
KG = {"KGM": 1.0, "TNE": 1000.0, "GRM": 0.001}
J = "junkan:"
status, _, body = get("/events?perPage=1000")
events = json.loads(body)["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
mass = lambda qs: sum(q["quantity"] * KG[q["uom"]] for q in qs if q.get("uom") in KG and "quantity" in q)
known = lambda qs: bool(qs) and all(q.get("uom") in KG for q in qs)
steps = [e for e in events if e["type"] == "TransformationEvent"]
expected = {
    "lossesKg": sum(max(mass(e["inputQuantityList"]) - mass(e["outputQuantityList"]), 0) for e in steps
                    if known(e.get("inputQuantityList")) and not e.get("inputEPCList") and known(e.get("outputQuantityList"))
                    and not e.get("outputEPCList") and "assembling" not in e.get("bizStep", "")),
    "energyRecoveryKg": sum(mass(e.get("quantityList", [])) for e in events if e.get(J + "endOfLifeTreatment") == "thermal_recycling"),
    "disposalKg": sum(mass(e.get("quantityList", [])) for e in events if e.get(J + "endOfLifeTreatment") == "disposal"),
}
virgin = {q["epcClass"] for e in events if e["type"] == "ObjectEvent" and e["action"] == "ADD" and e.get("bizStep", "").endswith("commissioning")
          for q in e.get("quantityList", [])}
into = {
    "compounding": sum(mass(e["inputQuantityList"]) for e in steps if e.get(J + "processKind") == "compounding"),
    "recycling": sum(mass(e["inputQuantityList"]) for e in steps if e.get(J + "cutOff") is True),
}
left_extraction = sum(q["quantity"] * KG[q["uom"]] for e in steps for q in e.get("inputQuantityList", []) if q["epcClass"] in virgin)
status, headers, body = get("/flows?format=json")
check(status == 200 and headers.get("Content-Type") == "application/json", f"/flows?format=json answers 200 JSON ({status})")
flows = json.loads(body)
near = lambda a, b: abs(a - b) < 1e-6
for key, value in expected.items():
    check(near(flows["totals"][key], value), f"flows {key} = {flows['totals'][key]}, the captured events' sum {value}")
for stage, value in into.items():
    got = sum(f["massKg"] for f in flows["flows"] if f["to"] == stage)
    check(value > 0 and near(got, value), f"flows into {stage} = {got} kg, the captured inputs' sum {value}")
got = sum(f["massKg"] for f in flows["flows"] if f["from"] == "extraction")
check(left_extraction > 0 and near(got, left_extraction), f"flows out of extraction = {got} kg, the virgin lots used {left_extraction}")
status, _, csv = get("/flows?format=csv")
check(status == 200 and len(csv.strip().splitlines()) == len(flows["flows"]) + 1, "the CSV has a row per band")
status, _, page = get("/flows", BROWSER)
check(status == 200 and "<title id=\"flows-title\">" in page and page.count("<path class=\"band") >= len(flows["flows"]) - 1,
      "the flows page draws the bands")

sys.exit(1 if failures else 0)
