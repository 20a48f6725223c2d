#!/usr/bin/env python3
"""Durability under hard kills: what the server acknowledged is exactly what survives.

Round 1: capture 10,000 events (10 documents of 1,000), SIGKILL the server right after the last
acknowledgement, restart it, and require exactly those 10,000 events back.
Rounds 2..: SIGKILL the server at a random moment while documents are being captured; after the
restart every acknowledged document must be wholly present, the one in flight wholly present or
wholly absent (a capture is one transaction), and nothing else. After every restart `junkan verify`
must pass: every stored event has its leaf, the tree rebuilt from the leaves gives every checkpoint
ever signed, and each checkpoint is consistent with the next (no signed checkpoint contradicted).
Usage: scripts/kill-test.py [junkan binary] [rounds=5] [--database postgres://… (an empty database)]"""
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import urllib.error

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARGS = list(sys.argv[1:])
DATABASE = None
if "--database" in ARGS:
    DATABASE = ARGS[ARGS.index("--database") + 1]
    del ARGS[ARGS.index("--database"):ARGS.index("--database") + 2]
JUNKAN = ARGS[0] if ARGS else os.path.join(ROOT, ".build/debug/junkan")
ROUNDS = int(ARGS[1]) if len(ARGS) > 1 else 5
CONTEXT = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def document(tag, n):
    events = []
    for i in range(n):
        events.append({"type": "ObjectEvent", "eventID": f"urn:uuid:00000000-0000-4000-8000-{tag:06d}{i:06d}",
                       "eventTime": f"2024-05-01T{(i // 3600) % 24:02d}:{(i // 60) % 60:02d}:{i % 60:02d}.000Z",
                       "eventTimeZoneOffset": "+00:00", "action": "OBSERVE", "bizStep": "inspecting",
                       "epcList": [f"urn:epc:id:sgtin:4012345.011111.{tag}-{i}"],
                       "readPoint": {"id": "urn:epc:id:sgln:4012345.00005.0"}})
    return {"@context": CONTEXT, "type": "EPCISDocument", "schemaVersion": "2.0",
            "creationDate": "2024-05-01T00:00:00Z", "epcisBody": {"eventList": events}}, {e["eventID"] for e in events}


class Node:
    def __init__(self, folder):
        self.db = DATABASE or os.path.join(folder, "junkan.sqlite")
        # A PostgreSQL node keeps its keys (the organisation's and the log's) in a directory of its own.
        self.keys = ["--key-dir", os.path.join(folder, "keys")] if DATABASE else []
        self.port = free_port()
        out = subprocess.run([JUNKAN, "org", "add", "Kill Test", "--database", self.db] + self.keys, check=True, capture_output=True, text=True)
        self.token = json.loads(out.stdout)["token"]
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen([JUNKAN, "serve", "--port", str(self.port), "--database", self.db] + self.keys,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=1).read()
                return
            except Exception:
                time.sleep(0.1)
        raise SystemExit("server did not start")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def capture(self, doc):
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}/capture", data=json.dumps(doc).encode(), method="POST",
                                     headers={"Content-Type": "application/ld+json", "Authorization": "Bearer " + self.token})
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status

    def verify(self):
        out = subprocess.run([JUNKAN, "verify", "--database", self.db] + self.keys, capture_output=True, text=True)
        return out.returncode == 0, out.stdout.strip().splitlines()[-1] if out.stdout.strip() else out.stderr.strip()

    def stored_ids(self):
        ids, url = set(), f"http://127.0.0.1:{self.port}/events?perPage=10000"
        while url:
            with urllib.request.urlopen(url, timeout=60) as r:
                body = json.loads(r.read())
                link = r.headers.get("Link")
            ids.update(e["eventID"] for e in body["epcisBody"]["queryResults"]["resultsBody"]["eventList"])
            url = f"http://127.0.0.1:{self.port}" + link[1:link.index(">")] if link else None
        return ids


def main():
    failures = 0
    checks = 0
    with tempfile.TemporaryDirectory() as folder:
        node = Node(folder)
        node.start()
        expected = set()
        for b in range(10):
            doc, ids = document(b, 1000)
            assert node.capture(doc) == 202
            expected |= ids
        node.kill()
        node.start()
        stored = node.stored_ids()
        checks += 1
        if stored != expected:
            failures += 1
            print(f"round 1: stored {len(stored)} events, acknowledged {len(expected)}", file=sys.stderr)
        else:
            print(f"round 1: 10,000 acknowledged events, killed, restarted: exactly 10,000 back")
        rng = random.Random(int(os.environ.get("KILL_TEST_SEED", "7")))
        tag = 100
        for rnd in range(2, ROUNDS + 2):
            acked, in_flight = set(), {}
            stop = threading.Event()

            def writer():
                nonlocal tag
                while not stop.is_set():
                    tag += 1
                    doc, ids = document(tag, 500)
                    in_flight[tag] = ids
                    try:
                        if node.capture(doc) == 202:
                            acked.update(ids)
                            del in_flight[tag]
                    except Exception:
                        return

            t = threading.Thread(target=writer)
            t.start()
            time.sleep(rng.uniform(0.2, 2.5))
            node.kill()
            stop.set()
            t.join()
            node.start()
            stored = node.stored_ids()
            expected |= acked
            extra = stored - expected
            pending = set().union(*in_flight.values()) if in_flight else set()
            checks += 1
            ok = expected <= stored and extra <= pending and extra in (set(), pending)
            verified, summary = node.verify()
            if not verified:
                print(f"round {rnd}: junkan verify FAILED: {summary}", file=sys.stderr)
            ok = ok and verified
            if ok:
                expected |= extra  # a committed but unacknowledged document is whole, and now part of the log
                print(f"round {rnd}: killed mid-capture; {len(acked)} newly acknowledged events all back, "
                      f"in-flight document {'committed whole' if extra else 'absent'}; verify: {summary}")
            else:
                failures += 1
                print(f"round {rnd}: FAILED: missing {len(expected - stored)}, unexpected {len(extra - pending)}, "
                      f"partial in-flight {0 < len(extra) < len(pending)}", file=sys.stderr)
        node.kill()
    print(f"killtest: {checks - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
