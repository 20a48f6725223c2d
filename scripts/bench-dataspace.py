#!/usr/bin/env python3
"""Benchmark (issue 28): a Dataspace Protocol catalog request on a node offering 10,000 datasets under 1,000 policies.

One `junkan serve` (release build) with ten organisations, each having captured 500 lots: 5,000 lots, each a passport
and an events dataset (10,000 datasets, and the ten models' passports). Each organisation attaches 100 policies: a
contract policy for all its datasets, an access policy for all, and 98 access policies for single datasets (1,000 in
all; the catalog evaluates each distinct policy once per request, with one store read for all of them). Measured from
this process: `POST /dsp/catalog/request`, sequentially, the time to the whole answer (p50, p99) and its size; the peer
of the run is the same node and request with only the two catalog-wide policies per organisation (20), so the ratio is
what 980 more policies cost.

Usage: scripts/bench-dataspace.py [junkan binary (release)] [requests]"""
import json
import os
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from federation_nodes import junkan_cli, request  # noqa: E402
from served_node import ServedNode, log_path  # noqa: E402

JUNKAN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, ".build/release/junkan")
REQUESTS = int(sys.argv[2]) if len(sys.argv) > 2 else 200
ORGS, LOTS = 10, 500
CONTEXT = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"]
CATALOG_REQUEST = {"@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "CatalogRequestMessage", "filter": []}


def check(ok, what):
    if not ok:
        raise SystemExit("bench-dataspace: " + what)


def gtin(prefix):
    body = "0" + prefix + "12345"
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def measure(url, runs):
    times, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        status, body = request(url + "/dsp/catalog/request", CATALOG_REQUEST, timeout=120)
        times.append(time.perf_counter() - started)
        check(status == 200, f"catalog request: {status} {body[:200]}")
        size = len(body)
    times.sort()
    return times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.99))], size, json.loads(body)


def main():
    work = tempfile.mkdtemp(prefix="junkan-bench-dsp-")
    node = ServedNode(JUNKAN, "provider", os.path.join(work, "provider.sqlite"), log_path(work, "provider"))
    node.url = f"http://{node.host}:{node.port}"
    node.args = ["--base-url", node.url]
    node.start()
    try:
        orgs = []
        for k in range(ORGS):
            prefix = f"45200{k:02d}"
            out = junkan_cli(JUNKAN, "org", "add", f"Org {k}", "--gs1-prefix", prefix, "--database", node.db)
            org = json.loads(out.stdout)
            orgs.append((org, prefix))
            events = [{"type": "ObjectEvent", "action": "ADD", "eventTime": f"2026-01-01T00:{i // 60 % 60:02d}:{i % 60:02d}.000Z",
                       "eventTimeZoneOffset": "+09:00", "epcList": [], "bizStep": "commissioning",
                       "quantityList": [{"epcClass": f"urn:epc:class:lgtin:{prefix}.012345.L{i}", "quantity": 100, "uom": "KGM"}]}
                      for i in range(LOTS)]
            status, body = request(node.url + "/capture", {"@context": CONTEXT, "type": "EPCISDocument", "schemaVersion": "2.0",
                                                          "creationDate": "2026-12-01T00:00:00Z", "epcisBody": {"eventList": events}}, org["token"])
            check(status in (201, 202), f"capture of Org {k}: {status} {body[:200]}")

        def policy(org, role, target, pid):
            path = os.path.join(work, "policy.json")
            json.dump({"@id": pid, "@type": "Offer" if role == "contract" else "Set", "permission": [
                {"action": "use", "constraint": [{"leftOperand": "dateTime", "operator": "gteq", "rightOperand": "2020-01-01T00:00:00Z"}]}]},
                open(path, "w"))
            out = junkan_cli(JUNKAN, "org", "policy", "set", org["id"], "--role", role, "--target", target, path, "--database", node.db)
            check(out.returncode == 0, out.stderr)

        for org, _ in orgs:
            policy(org, "contract", "*", f"urn:junkan:policy:{org['id']}:contract")
            policy(org, "access", "*", f"urn:junkan:policy:{org['id']}:access")
        measure(node.url, 3)  # the graph loaded, the catalog's graph part built
        p50_few, p99_few, size_few, catalog = measure(node.url, REQUESTS)
        datasets = len(catalog.get("dataset", []))
        check(datasets >= ORGS * LOTS * 2, f"the catalog lists {datasets} datasets")
        for org, prefix in orgs:
            for i in range(98):
                policy(org, "access", f"urn:junkan:dataset:passport:01:{gtin(prefix)}:10:L{i}", f"urn:junkan:policy:{org['id']}:a{i}")
        measure(node.url, 3)
        p50, p99, size, catalog = measure(node.url, REQUESTS)
        check(len(catalog.get("dataset", [])) == datasets, "the same datasets under 1,000 policies")
        print(f"catalog of {datasets} datasets ({size / 1e6:.1f} MB), {REQUESTS} sequential requests, 2 shared cores:")
        print(f"  1,000 policies: p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms")
        print(f"  20 policies (peer): p50 {p50_few * 1000:.0f} ms, p99 {p99_few * 1000:.0f} ms; ratio of p99s {p99 / p99_few:.2f}")
    finally:
        node.stop()


if __name__ == "__main__":
    main()
