#!/usr/bin/env python3
"""The measurements of scripts/bench-postgres.sh (which see). usage: bench_postgres.py JUNKAN WORK_DIR EVENTS"""
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

JUNKAN, WORK, EVENTS = sys.argv[1], sys.argv[2], int(sys.argv[3])
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER = os.environ["JUNKAN_TEST_POSTGRES_URL"]
PER = 10_000


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scratch(name):
    return subprocess.run([os.path.join(ROOT, "scripts/postgres-scratch.sh"), name], check=True, capture_output=True,
                          text=True).stdout.strip()


def psql_url(url):
    return url.split("?")[0]


class Node:
    """One junkan serve process on a database (SQLite path or postgres URL)."""

    def __init__(self, database, name, log_key=None):
        self.database, self.name = database, name
        self.keys = ["--key-dir", os.path.join(WORK, "keys-" + database.rsplit("/", 1)[-1].split("?")[0])] \
            if database.startswith("postgres") else []
        self.log_key = log_key or os.path.join(WORK, name + ".log-key")
        self.port = free_port()
        self.proc = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def org(self):
        out = subprocess.run([JUNKAN, "org", "add", "Bench", "--database", self.database] + self.keys, check=True,
                             capture_output=True, text=True)
        return json.loads(out.stdout)["token"]

    def start(self):
        log = open(os.path.join(WORK, self.name + ".log"), "a")
        self.proc = subprocess.Popen([JUNKAN, "serve", "--port", str(self.port), "--database", self.database,
                                      "--log-key", self.log_key, "--base-url", "http://bench.test"] + self.keys,
                                     stdout=log, stderr=log)
        for _ in range(6000):
            try:
                urllib.request.urlopen(self.url + "/health", timeout=1).read()
                return
            except Exception:
                if self.proc.poll() is not None:
                    raise SystemExit(f"{self.name} exited: see {log.name}")
                time.sleep(0.1)
        raise SystemExit(f"{self.name} did not start")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait()

    def capture(self, body, token):
        req = urllib.request.Request(self.url + "/capture", data=body, method="POST",
                                     headers={"Content-Type": "application/ld+json", "Authorization": "Bearer " + token})
        with urllib.request.urlopen(req, timeout=600) as r:
            assert r.status == 202, r.status
            r.read()


def capture_docs(targets, docs, token):
    """Sends document k to targets[k % len(targets)], all targets at once; the wall time of the whole."""
    t = time.perf_counter()
    threads = []
    for i, target in enumerate(targets):
        mine = docs[i::len(targets)]
        threads.append(threading.Thread(target=lambda tg=target, m=mine: [tg.capture(d, token) for d in m]))
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return time.perf_counter() - t


def raw_copy(source_url, n_docs):
    """The rows capture stored, read back and COPY'd (binary) into an empty database with the same schema, one
    transaction per document, as capture commits them."""
    target = scratch("rawcopy")
    dump = subprocess.run(["pg_dump", "--schema-only", "--no-owner", psql_url(source_url)], check=True, capture_output=True,
                          text=True).stdout
    subprocess.run(["psql", "-q", psql_url(target)], input=dump, check=True, capture_output=True, text=True)
    total = 0.0
    for b in range(n_docs):
        lo, hi = b * PER + 1, (b + 1) * PER
        files = {}
        for table, where in [("events", f"row BETWEEN {lo} AND {hi}"), ("event_identifiers", f"event_row BETWEEN {lo} AND {hi}"),
                             ("tlog_leaves", f"seq BETWEEN {lo} AND {hi}")]:
            path = os.path.join(WORK, f"{table}-{b}.bin")
            subprocess.run(["psql", "-q", psql_url(source_url), "-c",
                            f"\\copy (SELECT * FROM {table} WHERE {where}) TO '{path}' (FORMAT binary)"], check=True, capture_output=True)
            files[table] = path
        script = "BEGIN;\n" + "".join(f"\\copy {t} FROM '{p}' (FORMAT binary)\n" for t, p in files.items()) + "COMMIT;\n"
        t = time.perf_counter()
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", psql_url(target)], input=script, check=True, capture_output=True, text=True)
        total += time.perf_counter() - t
    return total


def part1():
    print(f"== 1. capture of 3 x {PER:,} events over HTTP (each figure a fresh database)")
    docs = [subprocess.run(["python3", os.path.join(ROOT, "scripts/random_epcis.py"), str(2000 + i), str(PER)], check=True,
                           capture_output=True).stdout for i in range(3)]
    n = 3 * PER
    rates = {}
    sqlite = Node(os.path.join(WORK, "capture.sqlite"), "sqlite")
    token = sqlite.org()
    sqlite.start()
    rates["SQLite, 1 process"] = n / capture_docs([sqlite], docs, token)
    sqlite.stop()
    pg1_url = scratch("capture1")
    pg1 = Node(pg1_url, "pg1")
    token = pg1.org()
    pg1.start()
    rates["PostgreSQL, 1 process"] = n / capture_docs([pg1], docs, token)
    pg1.stop()
    pg2_url = scratch("capture2")
    a, b = Node(pg2_url, "pg2a"), Node(pg2_url, "pg2b", log_key=os.path.join(WORK, "pg2a.log-key"))
    token = a.org()
    a.start()
    time.sleep(1)
    b.start()
    rates["PostgreSQL, 2 processes"] = n / capture_docs([a, b], docs, token)
    a.stop()
    b.stop()
    rates["raw COPY into PostgreSQL (same rows)"] = n / raw_copy(pg1_url, 3)
    for k, v in rates.items():
        print(f"{k:40s} {v:10,.0f} events/s")
    pg, copy, lite = rates["PostgreSQL, 1 process"], rates["raw COPY into PostgreSQL (same rows)"], rates["SQLite, 1 process"]
    print(f"PostgreSQL capture / raw COPY: {pg / copy:.2f} (goal >= 0.5); SQLite / PostgreSQL capture: {lite / pg:.2f} (goal <= 1.5)")


def loop_document(d):
    """Document d of the large node: 9,500 observations of serialised items and 500 transformations, lot L{d}-k into
    lot L{d+1}-k, so every lot has a trail and a footprint."""
    events = []
    for k in range(500):
        events.append({"type": "TransformationEvent", "eventTime": f"2024-01-01T00:00:00.{d % 1000:03d}Z", "eventTimeZoneOffset": "+00:00",
                       "bizStep": "commissioning",
                       "inputQuantityList": [{"epcClass": f"urn:epc:class:lgtin:4012345.0{k % 100:02d}000.L{d}-{k}", "quantity": 1000, "uom": "KGM"}],
                       "outputQuantityList": [{"epcClass": f"urn:epc:class:lgtin:4012345.0{k % 100:02d}000.L{d + 1}-{k}", "quantity": 990, "uom": "KGM"}],
                       "junkan:ghgEmissions": 12.5})
    for i in range(PER - 500):
        events.append({"type": "ObjectEvent", "eventTime": f"2024-02-01T00:{(i // 60) % 60:02d}:{i % 60:02d}.000Z", "eventTimeZoneOffset": "+00:00",
                       "action": "OBSERVE", "bizStep": "shipping", "epcList": [f"urn:epc:id:sgtin:4012345.011111.D{d}-{i}"],
                       "readPoint": {"id": "urn:epc:id:sgln:4012345.00005.0"}})
    return json.dumps({"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", {"junkan": "https://w3id.org/junkan/voc/"}],
                       "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2024-01-01T00:00:00Z",
                       "epcisBody": {"eventList": events}}).encode()


def latency(node, paths):
    times = []
    for p in paths:
        t = time.perf_counter()
        with urllib.request.urlopen(node.url + p, timeout=60) as r:
            assert r.status == 200, (p, r.status)
            r.read()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return times[len(times) // 2], times[int(len(times) * 0.99) - 1]


def part2():
    n_docs = max(1, EVENTS // PER)
    print(f"== 2. query latency on a node of {n_docs * PER:,} events, one request at a time from loopback (ms)")
    rng = random.Random(7)
    epcs = [f"urn:epc:id:sgtin:4012345.011111.D{rng.randrange(n_docs)}-{rng.randrange(PER - 500)}" for _ in range(1000)]
    event_paths = [f"/events?MATCH_anyEPC={urllib.parse.quote(e, safe='')}" for e in epcs]
    lots = [(k, rng.randrange(1, n_docs + 1)) for k in (rng.randrange(500) for _ in range(300))]
    passport_paths = []
    for k, d in lots:
        digits = "0" + "4012345" + f"{k % 100:02d}000"
        total = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(digits)))
        passport_paths.append(f"/passports/01/{digits}{(10 - total % 10) % 10}/10/L{d}-{k}?format=json")
    for name, database in [("SQLite", os.path.join(WORK, "large.sqlite")), ("PostgreSQL", scratch("large"))]:
        node = Node(database, "large-" + name.lower())
        token = node.org()
        node.start()
        t = time.perf_counter()
        for d in range(n_docs):
            node.capture(loop_document(d), token)
        loaded = time.perf_counter() - t
        node.stop()
        node.start()  # as after a restart: the trace graph loaded from the store
        latency(node, passport_paths[:20])  # the first passport waits for the trace graph's load
        e50, e99 = latency(node, event_paths)
        p50, p99 = latency(node, passport_paths)
        print(f"{name:11s} loaded in {loaded:6.0f} s ({n_docs * PER / loaded:7,.0f} events/s); "
              f"/events?MATCH_anyEPC p50 {e50:5.1f} p99 {e99:5.1f}; passport p50 {p50:5.1f} p99 {p99:5.1f}")
        node.stop()


if __name__ == "__main__":
    print(f"machine: {os.cpu_count()} cores; PostgreSQL {subprocess.run(['psql', '-At', psql_url(SERVER), '-c', 'SHOW server_version'], capture_output=True, text=True).stdout.strip()}")
    part1()
    part2()
