#!/usr/bin/env python3
"""Cross-node trace walks between running nodes (issue 27, item 3; docs/federation.md).

Three `junkan serve` processes, each one company's node with its own SQLite database, log, key and GS1 prefix, and a
fourth that holds the same three companies' events together. A random multi-company trace graph (random_trace.py,
its lots split between the companies by prefix; each step captured by the company that made its outputs) goes into
both. The three nodes peer with each other (`junkan peer add --log-key`). Then:

- Equality: for lots of every company, `/trace/upstream` (and, for some, `/trace/downstream`) asked of the node that
  owns the lot reaches the same steps as the single node; `/trace/footprint` gives the same footprint, mass and
  recycled content (1e-9); every remote step is marked with its node and verified; no tombstones.
- Signed requests: every request a node sends a peer is signed (RFC 9421, Ed25519, the node's did:web key); the proxy
  in front of each node checks each one with an independent implementation (PyPI http-message-signatures) against
  the sender's log key, and counts those that verify and those that do not.
- Release policies: with the recycler's organisation at `receivers`, the maker's node (which received nothing from it)
  is refused the recycler's steps: each is a tombstone with its event hash, and the footprint reports the gap.
- Faults: each node is reached through a small proxy (the node's --base-url is the proxy's URL), which can hold
  back answers past the per-hop timeout, send what is not JSON, an HTML page, an answer of endless bytes, a 403 or a
  500, or be stopped. Each is a tombstone naming the peer and the reason, answered in time, never a 5xx. A peer whose
  database was edited after capture: its changed step fails its proof and is flagged, the rest of its part stands.

Nodes run on loopback ports.
Usage: python-with-http-message-signatures scripts/check-federation.py [junkan binary] [steps]
(scripts/test.sh runs it with scripts/reference-venv.sh's python)."""
import base64
import http.server
import json
import os
import socketserver
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from http_message_signatures import HTTPMessageVerifier, HTTPSignatureKeyResolver, algorithms

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import random_trace  # noqa: E402
from served_node import ServedNode, free_port, log_path  # noqa: E402

JUNKAN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/junkan")
STEPS = int(sys.argv[2]) if len(sys.argv) > 2 else 240
COMPANIES = [("Recycler", "4512345"), ("Molder", "4512346"), ("Maker", "4512347")]
TIMEOUT = 2  # --peer-timeout of the nodes, seconds
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


def request(url, body=None, token=None, timeout=60):
    headers = {"Content-Type": "application/ld+json"} if body is not None else {}
    if token:
        headers["Authorization"] = "Bearer " + token
    req = urllib.request.Request(url, data=None if body is None else json.dumps(body).encode(), headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def junkan(*args):
    return subprocess.run([JUNKAN, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)


KEYS = {}  # did:web key ID -> Ed25519 public key of each node's log, as /tlog/key serves it
SIGNATURES = {"verified": 0, "failed": []}


class Keys(HTTPSignatureKeyResolver):
    def resolve_public_key(self, key_id):
        return KEYS.get(key_id)


def remember_key(url, verifier_key):
    """A C2SP verifier key (name+id+base64(0x01 || key)) as the did:web key ID of the node at `url`."""
    raw = base64.b64decode(verifier_key.split("+", 2)[2])[1:]
    KEYS["did:web:" + urllib.parse.quote(url.split("://", 1)[1], safe="") + "#key-1"] = Ed25519PublicKey.from_public_bytes(raw)


class SignedRequest:
    def __init__(self, method, url, headers):
        self.method, self.url, self.headers = method, url, headers


def check_signature(url, headers, body):
    """The request's RFC 9421 signature, by http-message-signatures: it must cover what Junkan says it covers."""
    verifier = HTTPMessageVerifier(signature_algorithm=algorithms.ED25519, key_resolver=Keys())
    try:
        verifier.verify(SignedRequest("POST", url, headers), max_age=None, body=body,
                        require_components=("@method", "@target-uri", "content-digest", "content-type"))
        SIGNATURES["verified"] += 1
    except Exception as e:  # noqa: BLE001 - any refusal is a finding
        SIGNATURES["failed"].append(f"{url}: {e}")


class Proxy:
    """Forwards to a node, or misbehaves on /federation/trace as `mode` says."""

    def __init__(self, target_port, port=None):
        self.port = port or free_port()
        self.target = f"http://127.0.0.1:{target_port}"
        self.mode = "pass"
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                self.forward(None)

            def do_POST(self):
                self.forward(self.rfile.read(int(self.headers.get("Content-Length", 0))))

            def reply(self, status, body, ctype="application/json", length=True):
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                if length:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def forward(self, body):
                mode = proxy.mode if self.path.startswith("/federation/trace") else "pass"
                if self.command == "POST" and self.path.startswith("/federation/trace"):
                    check_signature(f"http://127.0.0.1:{proxy.port}{self.path}", dict(self.headers.items()), body)
                try:
                    if mode == "slow":
                        time.sleep(TIMEOUT * 3)
                    elif mode == "garbage":
                        return self.reply(200, b'{"type":"JunkanGraphExcerpt","node":')
                    elif mode == "html":
                        return self.reply(200, b"<html><body>Welcome</body></html>", "text/html")
                    elif mode == "refuse":
                        return self.reply(403, b'{"type":"about:blank","status":403,"detail":"not for you"}', "application/problem+json")
                    elif mode == "error":
                        return self.reply(500, b"{}")
                    elif mode == "endless":
                        self.send_response(200)
                        self.send_header("Content-Type", "application/json")
                        self.end_headers()
                        chunk = b"[" * 65536
                        for _ in range(2048):  # 128 MiB, past the 64 MiB an answer may have
                            self.wfile.write(chunk)
                        return
                    headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "authorization", "accept", "content-digest", "signature-input", "signature")}
                    req = urllib.request.Request(proxy.target + self.path, data=body, headers=headers, method=self.command)
                    try:
                        with urllib.request.urlopen(req, timeout=60) as r:
                            self.reply(r.status, r.read(), r.headers.get("Content-Type", "application/json"))
                    except urllib.error.HTTPError as e:
                        self.reply(e.code, e.read(), e.headers.get("Content-Type", "application/json"))
                except (BrokenPipeError, ConnectionResetError):
                    pass

        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True

        self.server = Server(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class Node(ServedNode):
    def __init__(self, work, name, proxied=True):
        super().__init__(JUNKAN, name, os.path.join(work, name + ".sqlite"), log_path(work, name))
        self.proxy = Proxy(self.port) if proxied else None
        self.url = f"http://127.0.0.1:{self.proxy.port if proxied else self.port}"
        self.args = ["--base-url", self.url, "--checkpoint-interval", "0.3", "--peer-timeout", str(TIMEOUT), "--federation-cache", "0"]
        self.start()

    def get(self, path):
        status, body = request(self.url + path)
        return status, (json.loads(body) if body[:1] in (b"{", b"[") else body)

    def wait_for_checkpoint(self, size):
        end = time.time() + 60
        while time.time() < end:
            status, body = request(self.url + "/tlog/checkpoint")
            if status == 200 and int(body.decode().split("\n")[1]) >= size:
                return
            time.sleep(0.1)
        raise SystemExit(f"node {self.name}: no checkpoint of size {size}")


def split_graph(seed):
    """The random graph with each lot under a company's prefix; events per company, in capture order."""
    declared, steps = random_trace.generate(seed, steps=STEPS, boundary=max(10, STEPS * 3 // 4), waste=max(4, STEPS // 10))
    import random
    r = random.Random(seed + 1)
    owner = {}
    for n in declared:
        owner[n] = r.randrange(3)
    step_owner = []
    for s in steps:
        c = r.randrange(3)
        step_owner.append(c)
        for o, _ in s["outputs"]:
            owner.setdefault(o, c)
    # A regrind lot is an output of its own step; a scrap lot is made by its step: both already owned above.
    random_trace.lot_urn = lambda n: f"urn:epc:class:lgtin:{COMPANIES[owner[n]][1]}.012345.L{n}"
    doc = random_trace.document(declared, steps)
    events = doc["epcisBody"]["eventList"]
    by_company = [[], [], []]
    for i, n in enumerate(sorted(declared)):
        by_company[owner[n]].append(events[i])
    for i, s in enumerate(steps):
        by_company[step_owner[i]].append(events[len(declared) + i])
    return doc, by_company, owner, steps


def lot_dl(n, owner):
    return f"https://id.gs1.org/01/0{COMPANIES[owner[n]][1]}12345{check_digit(COMPANIES[owner[n]][1] + '12345')}/10/L{n}"


def check_digit(body12):
    body = "0" + body12
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(body))
    return str((10 - total % 10) % 10)


def walk(tree, direction):
    """Event hashes of the steps and creating events in a provenance answer, and the remote marks seen."""
    hashes, marks = set(), []
    key, sub = ("madeBy", "from") if direction == "upstream" else ("usedBy", "into")

    def node(n):
        if "lot" in n:
            hashes.add(n["lot"]["eventHash"])
            if "node" in n["lot"]:
                marks.append(n["lot"])
        for s in n.get(key, []):
            hashes.add(s["eventHash"])
            if "node" in s:
                marks.append(s)
            for m in s.get(sub, []):
                node(m)
    node(tree["root"])
    return hashes, marks


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def main():
    work = tempfile.mkdtemp(prefix="junkan-federation-")
    nodes = [Node(work, c[0].lower()) for c in COMPANIES]
    single = Node(work, "single", proxied=False)
    try:
        doc, by_company, owner, steps = split_graph(11)
        org_ids = {}
        context = doc["@context"]
        for c, (name, prefix) in enumerate(COMPANIES):
            for target in (nodes[c], single):
                out = junkan("org", "add", name, "--gs1-prefix", prefix, "--database", target.db)
                token = json.loads(out.stdout)["token"]
                if target is not single:
                    org_ids[c] = json.loads(out.stdout)["id"]
                    out = junkan("org", "release", org_ids[c], "partners", "--database", target.db)
                    check(out.returncode == 0, f"{name} releases to partners: {out.stderr.strip()}")
                document = {"@context": context, "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-12-01T00:00:00Z",
                            "epcisBody": {"eventList": by_company[c]}}
                status, body = request(target.url + "/capture", document, token)
                check(status in (201, 202), f"{name}'s {len(by_company[c])} events captured at {target.name}: {status}")
        for c, n in enumerate(nodes):
            n.wait_for_checkpoint(len(by_company[c]))
        single.wait_for_checkpoint(sum(len(e) for e in by_company))
        for n in nodes:
            for m in nodes:
                if m is not n:
                    key = request(m.url + "/tlog/key")[1].decode().strip()
                    remember_key(m.url, key)
                    out = junkan("peer", "add", m.url, "--log-key", key, "--database", n.db)
                    check(out.returncode == 0, f"{n.name} pins {m.name}: {out.stderr.strip()}")

        # Equality: lots of every company, upstream from the last steps' outputs, downstream from boundary lots.
        products = [o for s in steps[-40:] for o, _ in s["outputs"]][:30]
        sources = sorted({j for s in steps[:30] for j, _ in s["inputs"]})[:12]
        compared, remote_steps, slowest = 0, 0, 0.0
        for lots, direction in ((products, "upstream"), (sources, "downstream")):
            for n in lots:
                dl = lot_dl(n, owner)
                home = nodes[owner[n]]
                q = f"/trace/{direction}?depth=100&id=" + urllib.parse.quote(dl, safe="")
                started = time.time()
                s1, fed = home.get(q)
                slowest = max(slowest, time.time() - started)
                s2, one = single.get(q)
                if s1 != 200 or s2 != 200:
                    check(False, f"{direction} of {dl}: {s1} at {home.name}, {s2} at the single node")
                    continue
                fh, marks = walk(fed, direction)
                sh, _ = walk(one, direction)
                remote_steps += len(marks)
                check(fh == sh and "tombstones" not in fed,
                      f"{direction} of L{n} at {home.name}: {len(fh)} events, the single node {len(sh)}, tombstones {fed.get('tombstones')}")
                check(all(m["verified"] and m["node"] != home.url for m in marks),
                      f"{direction} of L{n}: {len(marks)} remote events, each marked with its node and verified")
                if direction == "upstream":
                    _, ff = home.get("/trace/footprint?id=" + urllib.parse.quote(dl, safe=""))
                    _, sf = single.get("/trace/footprint?id=" + urllib.parse.quote(dl, safe=""))
                    same = all(close(ff.get(k), sf.get(k)) for k in ("kgCO2ePerKg", "totalKgCO2e", "massKg", "primaryDataShare")) and all(
                        close(ff["recycledContent"][k], sf["recycledContent"][k]) for k in ("preConsumer", "postConsumer"))
                    check(same, f"footprint of L{n} at {home.name}: {ff.get('kgCO2ePerKg')} kg/kg, single node {sf.get('kgCO2ePerKg')}")
                compared += 1
        check(remote_steps > 50, f"the walks crossed nodes: {remote_steps} remote events in {compared} answers")
        print(f"slowest cold walk over three loopback nodes: {slowest * 1000:.0f} ms", flush=True)

        check(SIGNATURES["verified"] > 0 and not SIGNATURES["failed"],
              f"every request between nodes carried an RFC 9421 signature that http-message-signatures verifies: "
              f"{SIGNATURES['verified']} verified, failed: {SIGNATURES['failed'][:3]}")

        # Release policies: the recycler releases to receivers only; the maker received nothing from it.
        maker = nodes[2]
        recycled = next(n for n in products if owner[n] == 2 and any(
            m["node"] == nodes[0].url for m in walk(maker.get("/trace/upstream?depth=100&id=" + urllib.parse.quote(lot_dl(n, owner), safe=""))[1],
                                                     "upstream")[1]))
        q = "/trace/upstream?depth=100&id=" + urllib.parse.quote(lot_dl(recycled, owner), safe="")
        junkan("org", "release", org_ids[0], "receivers", "--database", nodes[0].db)
        status, answer = maker.get(q)
        withheld = [t for t in answer.get("tombstones", []) if "release policy" in t["reason"]]
        check(status == 200 and withheld and all(t["node"] == nodes[0].url and t.get("eventHash") for t in withheld)
              and not any(m["node"] == nodes[0].url for m in walk(answer, "upstream")[1]),
              f"under receivers, the maker's node gets none of the recycler's steps: {len(withheld)} withheld, each by event hash")
        _, footprint = maker.get("/trace/footprint?id=" + urllib.parse.quote(lot_dl(recycled, owner), safe=""))
        check(any("release policy" in t["reason"] for t in footprint.get("tombstones", [])), "the footprint reports the gap")
        junkan("org", "release", org_ids[0], "partners", "--database", nodes[0].db)

        # Faults, through the maker's view of a product whose upstream crosses both other nodes.
        crossing = next(n for n in products if owner[n] == 2)
        q = "/trace/upstream?depth=100&id=" + urllib.parse.quote(lot_dl(crossing, owner), safe="")
        _, baseline = maker.get(q)
        peers_reached = {m["node"] for m in walk(baseline, "upstream")[1]}
        for mode, reason in (("slow", "did not answer within"), ("garbage", "malformed answer"), ("html", "malformed answer"),
                             ("refuse", "refused (HTTP 403)"), ("error", "answered HTTP 500"), ("endless", "more than")):
            for n in nodes[:2]:
                n.proxy.mode = mode
            started = time.time()
            status, answer = maker.get(q)
            took = time.time() - started
            stones = answer.get("tombstones", []) if isinstance(answer, dict) else []
            check(status == 200 and stones and all(reason in t["reason"] for t in stones) and {t["node"] for t in stones} <= peers_reached
                  and took < TIMEOUT * 2 + 5,
                  f"peers that answer '{mode}': {status} in {took:.1f} s, tombstones {[t['reason'][:60] for t in stones]}")
        for n in nodes[:2]:
            n.proxy.mode = "pass"
        nodes[0].proxy.stop()
        status, answer = maker.get(q)
        stones = answer.get("tombstones", []) if isinstance(answer, dict) else []
        check(status == 200 and any(t["node"] == nodes[0].url for t in stones),
              f"the recycler's node down: {status}, tombstone {[t['reason'][:80] for t in stones]}")
        # Back where the peers know it.
        nodes[0].proxy = Proxy(nodes[0].port, port=nodes[0].proxy.port)

        # A peer whose database was edited after capture: its changed step fails, the rest of its part stands.
        molder = nodes[1]
        _, clean = maker.get(q)
        edited = next(m for m in walk(clean, "upstream")[1] if m["node"] == molder.url and "ghgEmissionsKgCO2e" in m)
        molder.stop()
        with sqlite3.connect(molder.db) as db:
            row = db.execute("SELECT json FROM events WHERE event_hash = ?", (edited["eventHash"],)).fetchone()
            event = json.loads(row[0])
            event["junkan:ghgEmissions"] = 0.001
            db.execute("UPDATE events SET json = ? WHERE event_hash = ?", (json.dumps(event), edited["eventHash"]))
        molder.start()
        status, answer = maker.get(q)
        stones = answer.get("tombstones", [])
        hashes, marks = walk(answer, "upstream")
        check(status == 200 and any(t.get("eventHash") and "changed after capture" in t["reason"] and t["node"] == molder.url for t in stones)
              and edited["eventHash"] not in hashes and any(m["node"] == molder.url for m in marks),
              f"the molder's edited step is flagged ({[t['reason'][:70] for t in stones]}), its other steps still used")
    finally:
        for n in nodes + [single]:
            try:
                n.stop()
            except Exception:
                pass
    if failures:
        raise SystemExit(f"{len(failures)} check(s) failed")
    print("federation: all checks passed")


if __name__ == "__main__":
    main()
