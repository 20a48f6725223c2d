"""Benchmark (issue 30): the trace explorer on a product whose upstream has 2,000 steps.

One `junkan serve` (SQLite) captures a tree of TransformationEvents (`events()`): 2,000 steps, 5,300-odd lots. Then, one request at a time on a kept-alive connection, GET /explore of the product (the default depth,
and depth 50: the whole upstream, of which the page draws at most 200 steps and 300 lots) and, as the peer in the same
run, GET /trace/footprint of it (the footprint over the same 2,000 steps, which the page computes for each of its lots
in one solve). Prints p50/p99 of each, the page's size, and the ratio.
Goal: explorer p99 < 150 ms, page < 1 MB.

usage: bench-explorer.py JUNKAN_BINARY [REQUESTS]
"""
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from served_node import ServedNode  # noqa: E402

JUNKAN = sys.argv[1]
REQUESTS = int(sys.argv[2]) if len(sys.argv) > 2 else 200
PREFIX = "urn:epc:class:lgtin:4012345.012345."


def lot(name):
    return PREFIX + name


def step(n, inputs, output, kg):
    return {
        "type": "TransformationEvent", "eventTime": f"2025-01-01T00:{n // 60 % 60:02d}:{n % 60:02d}.{n // 3600:03d}Z",
        "eventTimeZoneOffset": "+00:00", "bizStep": "commissioning", "bizLocation": {"id": "urn:epc:id:sgln:4012345.00002.0"},
        "inputQuantityList": [{"epcClass": lot(i), "quantity": kg / len(inputs) * 1.02, "uom": "KGM"} for i in inputs],
        "outputQuantityList": [{"epcClass": lot(output), "quantity": kg, "uom": "KGM"}], "junkan:ghgEmissions": kg * 0.1,
    }


def events():
    """1 assembly, 12 mouldings, 144 compoundings, 1,728 resin lots each made from two collected lots, and 115 of those
    collected lots made from a used lot: 2,000 steps."""
    out = [step(0, [f"P{k}" for k in range(12)], "PRODUCT", 1200.0)]
    for a in range(12):
        out.append(step(len(out), [f"C{a}-{k}" for k in range(12)], f"P{a}", 100.0))
        for b in range(12):
            out.append(step(len(out), [f"R{a}-{b}-{k}" for k in range(12)], f"C{a}-{b}", 8.0))
            for c in range(12):
                out.append(step(len(out), [f"W{a}-{b}-{c}-x", f"W{a}-{b}-{c}-y"], f"R{a}-{b}-{c}", 0.6))
                if c == 0 and sum(1 for e in out if len(e["inputQuantityList"]) == 1) < 115:
                    out.append(step(len(out), [f"U{a}-{b}-{c}"], f"W{a}-{b}-{c}-x", 0.31))
    return out


def timed(conn, path):
    start = time.perf_counter()
    conn.request("GET", path)
    r = conn.getresponse()
    body = r.read()
    assert r.status == 200, (path, r.status, body[:300])
    return time.perf_counter() - start, len(body)


def summary(times):
    times = sorted(times)
    return statistics.median(times) * 1000, times[int(len(times) * 0.99) - 1] * 1000


def main():
    folder = tempfile.mkdtemp(prefix="junkan-bench-explorer-")
    db = os.path.join(folder, "junkan.sqlite")
    token = json.loads(subprocess.run([JUNKAN, "org", "add", "Bench", "--database", db], check=True, capture_output=True, text=True).stdout)["token"]
    node = ServedNode(JUNKAN, "bench", db, os.path.join(folder, "node.log"))
    node.start()
    try:
        evs = events()
        steps = sum(1 for e in evs if e["type"] == "TransformationEvent")
        for i in range(0, len(evs), 500):
            doc = {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", {"junkan": "https://w3id.org/junkan/voc#"}],
                   "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2025-01-01T00:00:00Z",
                   "epcisBody": {"eventList": evs[i:i + 500]}}
            req = urllib.request.Request(f"http://127.0.0.1:{node.port}/capture", data=json.dumps(doc).encode(), method="POST",
                                         headers={"Authorization": "Bearer " + token, "Content-Type": "application/ld+json"})
            with urllib.request.urlopen(req, timeout=300) as r:
                assert r.status == 202
        time.sleep(3)  # the log integrates the leaves: the proofs the page verifies exist
        product = urllib.parse.quote("https://id.gs1.org/01/04012345123456/10/PRODUCT", safe="")
        conn = http.client.HTTPConnection("127.0.0.1", node.port, timeout=120)
        print(f"machine: {os.cpu_count()} cores; {steps} steps upstream of the product; {REQUESTS} requests each, one at a time")
        results = {}
        for name, path in [("explorer (depth 6)", f"/explore?id={product}"), ("explorer (depth 50)", f"/explore?id={product}&depth=50"),
                           ("peer: /trace/footprint (JSON)", f"/trace/footprint?id={product}")]:
            for _ in range(5):
                timed(conn, path)  # warm
            runs = [timed(conn, path) for _ in range(REQUESTS)]
            p50, p99 = summary([t for t, _ in runs])
            results[name] = p99
            print(f"{name}: p50 {p50:.1f} ms, p99 {p99:.1f} ms, {runs[0][1]:,} bytes")
        print(f"ratio explorer (depth 50) p99 / footprint p99: {results['explorer (depth 50)'] / results['peer: /trace/footprint (JSON)']:.2f}")
    finally:
        node.stop()


main()
