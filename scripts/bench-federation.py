#!/usr/bin/env python3
"""Benchmark (issue 27): the upstream walk of a product whose trace graph of 2,000 steps spans three nodes.

Three `junkan serve` nodes (one company each) and a fourth holding every event, the graph of random_trace.py split by
company (scripts/federation_nodes.py). Where `ip netns` is permitted each node runs in its own network namespace with
10 ms of netem delay on its link (so every request between nodes and every answer crosses 10 ms each way); elsewhere
on loopback without delay, saying so. For the product with the largest upstream: the time to the full verified answer
cold (nothing cached) and warm (the peers' answers cached, `--federation-cache`), the requests each node received, and
the same question to the single node as the peer of the run. The upstream sets must be equal.

Usage: scripts/bench-federation.py [junkan binary (release)] [steps] [runs]"""
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from federation_nodes import COMPANIES, Node, federate, stop_all, lot_dl, request, split_graph, walk  # noqa: E402
from netns import Namespaces  # noqa: E402

JUNKAN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, ".build/release/junkan")
STEPS = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
RUNS = int(sys.argv[3]) if len(sys.argv) > 3 else 5
DELAY_MS = 10


def check(ok, what):
    if not ok:
        raise SystemExit("bench-federation: " + what)


def timed(node, path):
    started = time.perf_counter()
    status, body = request(node.url + path, timeout=120)
    elapsed = time.perf_counter() - started
    check(status == 200, f"{path} at {node.name}: {status} {body[:200]}")
    return elapsed, json.loads(body)


def largest_upstream(steps, owner):
    """The product (an output of some step) with the most steps upstream, and that count."""
    made_by = {}
    for i, s in enumerate(steps):
        for o, _ in s["outputs"]:
            made_by.setdefault(o, []).append(i)
    best, best_count = None, -1
    for i in range(len(steps) - 1, max(-1, len(steps) - 20), -1):
        for o, _ in steps[i]["outputs"]:
            seen, todo = set(), [o]
            while todo:
                lot = todo.pop()
                for k in made_by.get(lot, []):
                    if k not in seen:
                        seen.add(k)
                        todo.extend(j for j, _ in steps[k]["inputs"])
            if len(seen) > best_count:
                best, best_count = o, len(seen)
    return best, best_count


def main():
    work = tempfile.mkdtemp(prefix="junkan-bench-federation-")
    spaces = Namespaces.setup("jkbench", 4, delay_ms=DELAY_MS)
    # Without netem (a kernel without sch_netem), the proxy in front of each node holds each question and each answer.
    proxy_delay = 0.0 if spaces and spaces.netem else DELAY_MS / 1000
    where = ("network namespaces" if spaces else "loopback") + (
        f", {DELAY_MS} ms netem delay on each node's link" if spaces and spaces.netem else f", {DELAY_MS} ms added by the proxy to each question and each answer")
    nodes, single = [], None
    try:
        nodes = [Node(JUNKAN, work, c[0].lower(), spaces=spaces, k=k, serve_args=["--peer-timeout", "30"], delay=proxy_delay)
                 for k, c in enumerate(COMPANIES)]
        single = Node(JUNKAN, work, "single", proxied=False, spaces=spaces, k=3)
        doc, by_company, owner, steps = split_graph(5, STEPS, assemble_all=True)
        _ = federate(JUNKAN, nodes, single, by_company, doc["@context"], "partners", lambda ok, what: check(ok, what))
        product, upstream_steps = largest_upstream(steps, owner)
        home = nodes[owner[product]]
        q = "/trace/upstream?depth=100&id=" + urllib.parse.quote(lot_dl(product, owner), safe="")
        before = {n.name: n.proxy.trace_requests for n in nodes}
        lookups_before = {n.name: n.proxy.resolver_requests for n in nodes}
        cold, fed = timed(home, q)
        requests = {n.name: n.proxy.trace_requests - before[n.name] for n in nodes}
        lookups = {n.name: n.proxy.resolver_requests - lookups_before[n.name] for n in nodes}
        warm = sorted(timed(home, q)[0] for _ in range(RUNS))
        after_warm = {n.name: n.proxy.trace_requests - before[n.name] - requests[n.name] for n in nodes}
        single_first = timed(single, q)[0]
        one = sorted(timed(single, q)[0] for _ in range(RUNS))
        _, single_answer = timed(single, q)
        fed_hashes, marks = walk(fed, "upstream")
        check(fed_hashes == walk(single_answer, "upstream")[0] and "tombstones" not in fed,
              f"the federated answer differs from the single node's: {len(fed_hashes)} events against {len(walk(single_answer, 'upstream')[0])}")
        remote_nodes = {m["node"] for m in marks}
        remote_events = {m.get("eventHash") for m in marks}
        print(f"federation benchmark ({where}; {len(doc['epcisBody']['eventList'])} events, {STEPS} steps over 3 nodes)")
        print(f"product L{product} at the {home.name}'s node: {upstream_steps} steps upstream, {len(fed_hashes)} events in the answer, "
              f"{len(remote_events)} of them from {len(remote_nodes)} other node(s), each verified")
        print(f"cold (nothing cached): {cold * 1000:.0f} ms; graph requests received: {requests}; resolver lookups: {lookups}")
        print(f"warm (cached, {RUNS} runs): median {statistics.median(warm) * 1000:.1f} ms, max {warm[-1] * 1000:.1f} ms; "
              f"requests while warm: {after_warm}")
        print(f"single node holding every event: first answer {single_first * 1000:.1f} ms, asked again ({RUNS} runs) median "
              f"{statistics.median(one) * 1000:.1f} ms")
    finally:
        stop_all(nodes + ([single] if single else []), spaces)


if __name__ == "__main__":
    main()
