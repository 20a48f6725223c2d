#!/usr/bin/env python3
"""Query subscriptions survive hard kills (issue 29, item 2): a webhook receiver here counts every event delivered while
documents are captured; the server is SIGKILLed and restarted twice during the captures; at the end the receiver must
have seen every stored event the query matches exactly once, each delivery signed (GS1-Signature: base64 of the body's
HMAC-SHA256 keyed with the subscription's signatureToken). A subscriber that never answers is retried, shown failing in
GET and /metrics, and a second subscription to the same receiver, made later with an initialRecordTime, gets the events
recorded before it too.
Usage: scripts/check-subscriptions.py [junkan binary] [--database postgres://… (an empty database)]"""
import base64
import calendar
import hashlib
import hmac
import http.server
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from served_node import ServedNode, free_port  # noqa: E402
ARGS = list(sys.argv[1:])
DATABASE = None
if "--database" in ARGS:
    DATABASE = ARGS[ARGS.index("--database") + 1]
    del ARGS[ARGS.index("--database"):ARGS.index("--database") + 2]
JUNKAN = ARGS[0] if ARGS else os.path.join(ROOT, ".build/debug/junkan")
TOKEN = "subscriber-secret"
DOCUMENTS, PER_DOCUMENT = 24, 100
CONTEXT = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", {"ex": "https://ns.example.com/epcis/"}]


def document(tag):
    events = []
    for i in range(PER_DOCUMENT):
        events.append({"type": "ObjectEvent", "eventID": f"urn:uuid:00000000-0000-4000-8000-{tag:06d}{i:06d}",
                       "eventTime": f"2024-05-01T{tag % 24:02d}:{(i // 60) % 60:02d}:{i % 60:02d}.000Z",
                       "eventTimeZoneOffset": "+00:00", "action": "OBSERVE", "bizStep": "inspecting",
                       "epcList": [f"urn:epc:id:sgtin:4012345.011111.{tag}-{i}"], "ex:even": "yes" if i % 2 == 0 else "no"})
    return {"@context": CONTEXT, "type": "EPCISDocument", "schemaVersion": "2.0",
            "creationDate": "2024-05-01T00:00:00Z", "epcisBody": {"eventList": events}}


class Receiver(http.server.ThreadingHTTPServer):
    """Counts each eventID delivered, per path; refuses nothing; checks every signature."""

    def __init__(self):
        super().__init__(("127.0.0.1", free_port()), Handler)
        self.lock = threading.Lock()
        self.seen = {}
        self.bad_signatures = 0
        self.lags = []
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        expected = base64.b64encode(hmac.new(TOKEN.encode(), body, hashlib.sha256).digest()).decode()
        results = json.loads(body)["epcisBody"]["queryResults"]
        now = time.time()
        with self.server.lock:
            if self.path == "/signed" and self.headers.get("GS1-Signature") != expected:
                self.server.bad_signatures += 1
            counts = self.server.seen.setdefault(self.path, {})
            for e in results["resultsBody"]["eventList"]:
                counts[e["eventID"]] = counts.get(e["eventID"], 0) + 1
                if self.path == "/signed":
                    recorded = calendar.timegm(time.strptime(e["recordTime"][:19], "%Y-%m-%dT%H:%M:%S")) + float("0." + e["recordTime"][20:23])
                    self.server.lags.append(now - recorded)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


class Node(ServedNode):
    """The node under test: `junkan serve` with private webhooks allowed (the receiver is on loopback)."""

    def __init__(self, folder):
        db = DATABASE or os.path.join(folder, "junkan.sqlite")
        keys = ["--key-dir", os.path.join(folder, "keys")] if DATABASE else []
        super().__init__(JUNKAN, "subscriptions", db, os.path.join(folder, "node.log"), args=["--allow-private-webhooks"] + keys)
        out = subprocess.run([JUNKAN, "org", "add", "Subscriber Test", "--database", db] + keys, check=True, capture_output=True, text=True)
        self.token = json.loads(out.stdout)["token"]

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Authorization": "Bearer " + self.token, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                raw = r.read()
                return r.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")

    def capture(self, doc):
        req = urllib.request.Request(self.base + "/capture", data=json.dumps(doc).encode(), method="POST",
                                     headers={"Authorization": "Bearer " + self.token, "Content-Type": "application/ld+json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            assert r.status == 202, r.status

    def matching(self, name):
        ids, path = [], f"/queries/{name}/events?perPage=1000"
        while path:
            with urllib.request.urlopen(self.base + path, timeout=60) as r:
                doc = json.loads(r.read())
                ids += [e["eventID"] for e in doc["epcisBody"]["queryResults"]["resultsBody"]["eventList"]]
                token = r.headers.get("GS1-Next-Page-Token")
                path = f"/queries/{name}/events?perPage=1000&nextPageToken={token}" if token else None
        return ids


def main():
    random.seed(int(os.environ.get("SUBSCRIPTION_SEED", "1")))
    receiver = Receiver()
    folder = tempfile.mkdtemp(prefix="junkan-subscriptions-")
    node = Node(folder)
    node.start()
    assert node.call("POST", "/queries", {"name": "even", "query": {"@context": {"ex": "https://ns.example.com/epcis/"},
                                                                     "EQ_bizStep": ["inspecting"], "EQ_ex:even": ["yes"]}})[0] == 201
    status, sub = node.call("POST", "/queries/even/subscriptions", {"dest": receiver.url + "/signed", "signatureToken": TOKEN, "stream": True})
    assert status == 201, sub
    # A subscriber that is never there: nothing listens on this port.
    status, dead = node.call("POST", "/queries/even/subscriptions", {"dest": f"http://127.0.0.1:{free_port()}/gone", "stream": True,
                                                                     "initialRecordTime": "2000-01-01T00:00:00Z"})
    assert status == 201, dead
    kills = sorted(random.sample(range(3, DOCUMENTS - 2), 2))
    for tag in range(DOCUMENTS):
        doc = document(tag)
        if tag in kills:
            # Kill while this document is being captured and deliveries are under way, then restart and send it again
            # (a capture is one transaction: it is stored wholly or not at all, and sending it again stores nothing twice).
            t = threading.Thread(target=lambda: (time.sleep(random.uniform(0.0, 0.05)), node.kill()))
            t.start()
            try:
                node.capture(doc)
            except Exception:
                pass
            t.join()
            node.start()
            print(f"killed and restarted the server during document {tag}", flush=True)
        node.capture(doc)
    # The late subscriber through the command line (junkan subscriptions add).
    out = subprocess.run([JUNKAN, "subscriptions", "add", "even", "--dest", receiver.url + "/late", "--stream", "--signature-token", TOKEN,
                          "--initial-record-time", "2000-01-01T00:00:00Z", "--server", node.base, "--token", node.token],
                         check=True, capture_output=True, text=True)
    late = json.loads(out.stdout)
    assert late["stream"] is True and late["signed"] is True, late
    expected = node.matching("even")
    assert len(expected) == DOCUMENTS * PER_DOCUMENT // 2, len(expected)
    deadline = time.time() + 120
    while time.time() < deadline:
        with receiver.lock:
            done = all(set(receiver.seen.get(p, {})) >= set(expected) for p in ("/signed", "/late"))
        if done:
            break
        time.sleep(0.2)
    time.sleep(1)  # anything sent twice would arrive now
    failures = []
    with receiver.lock:
        for path in ("/signed", "/late"):
            counts = receiver.seen.get(path, {})
            missing = [e for e in expected if e not in counts]
            twice = {e: n for e, n in counts.items() if n != 1}
            extra = [e for e in counts if e not in set(expected)]
            print(f"{path}: {len(counts)} events delivered, {len(missing)} missing, {len(twice)} more than once, {len(extra)} not matching")
            if missing or twice or extra:
                failures.append(f"{path}: missing {missing[:3]}, repeated {list(twice.items())[:3]}, extra {extra[:3]}")
        if receiver.bad_signatures:
            failures.append(f"{receiver.bad_signatures} deliveries with a wrong GS1-Signature")
    # The dead subscriber: retried with backoff, failing after five failures in a row, and so in /metrics.
    deadline = time.time() + 30
    shown = None
    while time.time() < deadline:
        shown = node.call("GET", f"/queries/even/subscriptions/{dead['subscriptionID']}")[1]
        if shown.get("failing"):
            break
        time.sleep(0.5)
    if not shown.get("failing") or shown.get("consecutiveFailures", 0) < 5 or "lastError" not in shown:
        failures.append(f"the unreachable subscriber is not shown failing: {shown}")
    listed = subprocess.run([JUNKAN, "subscriptions", "list", "even", "--server", node.base, "--token", node.token],
                            check=True, capture_output=True, text=True).stdout.splitlines()
    if sorted(json.loads(line)["subscriptionID"] for line in listed) != sorted([sub["subscriptionID"], dead["subscriptionID"], late["subscriptionID"]]):
        failures.append(f"junkan subscriptions list shows {listed}")
    metrics = urllib.request.urlopen(node.base + "/metrics", timeout=10).read().decode()
    if "junkan_subscriptions_failing 1.0" not in metrics:
        failures.append("/metrics does not count the failing subscription")
    lags = sorted(receiver.lags)
    if lags:
        print(f"delivery lag of the stream subscriber over {len(lags)} events (the kills' restarts included): p50 {lags[len(lags) // 2]:.3f} s, p99 {lags[int(len(lags) * 0.99)]:.3f} s")
    node.kill()
    if failures:
        raise SystemExit("FAIL: " + "; ".join(failures))
    print(f"OK: {len(expected)} matching events delivered exactly once to each subscriber across {len(kills)} kills")


main()
