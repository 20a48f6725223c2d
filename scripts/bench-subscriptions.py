#!/usr/bin/env python3
"""Benchmark (issue 29): fan-out of query subscriptions. One `junkan serve` (release build, SQLite) captures 10,000
events (100 documents of 100, one client) twice in the same run: first with no subscription (the peer), then with 100
stream subscriptions to a query that matches every event, each delivering to a webhook receiver in this process on
loopback. Reported: capture throughput of each phase and their ratio (goal >= 0.8), and the delivery lag of every
event to every subscriber (arrival at the receiver minus the event's recordTime; goal p99 < 1 s), with how long the
last delivery took after the last capture.

Usage: scripts/bench-subscriptions.py [junkan binary (release)] [subscriptions=100] [events=10000]"""
import calendar
import http.server
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from served_node import ServedNode, free_port  # noqa: E402
JUNKAN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, ".build/release/junkan")
SUBSCRIPTIONS = int(sys.argv[2]) if len(sys.argv) > 2 else 100
EVENTS = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000
PER_DOCUMENT = 100
CONTEXT = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"]
RECORD_TIME = re.compile(rb'"recordTime":"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d{3})Z"')
EVENT_ID = re.compile(rb'"eventID":"([^"]+)"')


def document(phase, tag):
    events = [{"type": "ObjectEvent", "eventTime": f"2024-06-01T{tag % 24:02d}:{(i // 60) % 60:02d}:{i % 60:02d}.000Z",
               "eventTimeZoneOffset": "+00:00", "action": "OBSERVE", "bizStep": "inspecting",
               "epcList": [f"urn:epc:id:sgtin:4012345.011111.{phase}-{tag}-{i}"]} for i in range(PER_DOCUMENT)]
    return json.dumps({"@context": CONTEXT, "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2024-06-01T00:00:00Z",
                       "epcisBody": {"eventList": events}}).encode()


SECONDS = {}


def recorded(stamp, ms):
    """A recordTime in epoch seconds (the events of one capture share theirs: each is parsed once)."""
    if stamp not in SECONDS:
        SECONDS[stamp] = calendar.timegm(time.strptime(stamp.decode(), "%Y-%m-%dT%H:%M:%S"))
    return SECONDS[stamp] + int(ms) / 1000


class Receiver(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def __init__(self):
        super().__init__(("127.0.0.1", free_port()), Handler)
        self.lock = threading.Lock()
        self.lags, self.received, self.last_arrival = [], 0, 0.0
        # Every eventID each subscriber was sent, and how many it was sent more than once (exactly once is the promise).
        self.seen, self.repeats = {}, 0
        threading.Thread(target=self.serve_forever, daemon=True).start()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        now = time.time()
        lags = [now - recorded(s, ms) for s, ms in RECORD_TIME.findall(body)]
        ids = EVENT_ID.findall(body)
        with self.server.lock:
            self.server.lags += lags
            self.server.received += len(lags)
            self.server.last_arrival = now
            seen = self.server.seen.setdefault(self.path, set())
            before = len(seen)
            seen.update(ids)
            self.server.repeats += len(ids) - (len(seen) - before)
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def cpu_seconds(pid):
    """User and system CPU seconds of a process so far (Linux /proc)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    folder = tempfile.mkdtemp(prefix="junkan-bench-subscriptions-")
    db = os.path.join(folder, "junkan.sqlite")
    token = json.loads(subprocess.run([JUNKAN, "org", "add", "Bench", "--database", db], check=True, capture_output=True, text=True).stdout)["token"]
    node = ServedNode(JUNKAN, "bench", db, os.path.join(folder, "node.log"), args=["--allow-private-webhooks"])
    node.start()
    base = f"http://127.0.0.1:{node.port}"
    try:
        headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}

        def call(path, body, content="application/json"):
            req = urllib.request.Request(base + path, data=body, method="POST", headers={**headers, "Content-Type": content})
            with urllib.request.urlopen(req, timeout=120) as r:
                return r.status

        def phase(name):
            docs = [document(name, t) for t in range(EVENTS // PER_DOCUMENT)]
            start = time.time()
            for d in docs:
                assert call("/capture", d, "application/ld+json") == 202
            return EVENTS / (time.time() - start), time.time()

        # A first phase to warm the node up (not measured), then the peer: no subscriptions.
        phase("warm")
        cpu0 = (cpu_seconds(node.proc.pid), time.process_time())
        without, _ = phase("without")
        cpu1 = (cpu_seconds(node.proc.pid), time.process_time())
        receiver = Receiver()
        assert call("/queries", json.dumps({"name": "all", "query": {}}).encode()) == 201
        for i in range(SUBSCRIPTIONS):
            body = {"dest": f"http://127.0.0.1:{receiver.server_address[1]}/s{i}", "stream": True, "signatureToken": f"token-{i}"}
            assert call("/queries/all/subscriptions", json.dumps(body).encode()) == 201
        cpu2 = (cpu_seconds(node.proc.pid), time.process_time())
        with_subs, captured_at = phase("with")
        expected = SUBSCRIPTIONS * EVENTS
        deadline = time.time() + 600
        while time.time() < deadline:
            with receiver.lock:
                if sum(len(s) for s in receiver.seen.values()) >= expected:
                    break
            time.sleep(0.2)
        cpu3 = (cpu_seconds(node.proc.pid), time.process_time())
        with receiver.lock:
            lags = sorted(receiver.lags)
            received, drained = receiver.received, receiver.last_arrival - captured_at
            distinct, repeats = sum(len(s) for s in receiver.seen.values()), receiver.repeats
        print(f"capture without subscriptions: {without:,.0f} events/s")
        print(f"capture with {SUBSCRIPTIONS} stream subscriptions: {with_subs:,.0f} events/s (ratio {with_subs / without:.2f}, goal >= 0.8)")
        print(f"deliveries: {received:,} of {expected:,} event copies; lag p50 {lags[len(lags) // 2]:.3f} s, "
              f"p99 {lags[int(len(lags) * 0.99)]:.3f} s, max {lags[-1]:.3f} s (goal p99 < 1 s); "
              f"last delivery {drained:.1f} s after the last capture")
        print(f"exactly once: {distinct:,} distinct event copies of {expected:,}, {repeats:,} sent again")
        print(f"CPU seconds, server / this process (capture client and receiver): without {cpu1[0] - cpu0[0]:.1f} / {cpu1[1] - cpu0[1]:.1f}, "
              f"with subscriptions to the last delivery {cpu3[0] - cpu2[0]:.1f} / {cpu3[1] - cpu2[1]:.1f} (2 cores)")
    finally:
        node.stop()


main()
