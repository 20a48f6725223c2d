#!/usr/bin/env python3
"""Several `junkan serve` processes over one database give the same answers as one (issue 26, item 5).

1. Two processes on different ports over one database (`--database`, default a new SQLite file; a postgres:// URL
   when the backend takes one). 8 clients capture distinct documents through both at once; each client's documents
   form a chain of lots (document d's transformations make the lots document d + 1 consumes), sent alternately to
   the two processes, so every trace crosses them.
2. Afterwards both processes answer every query, trace, footprint and passport identically to each other, and to a
   single SQLite node that captured the same documents one by one (after removing what differs by capture order
   alone: record times, log positions and proofs; see `normalised`).
3. The log has one leaf per event and no gaps (`junkan verify`), and aics-tlog verifies it through either process
   (scripts/crosscheck_tlog.py).
4. Hard kills: the integrating process is killed (SIGKILL) during captures, then the other one; each time the other
   process takes over integration (its checkpoint grows to every event), every acknowledged event is there after
   the restart, and `junkan verify` passes.

Usage: scripts/multi-process-test.py [junkan binary] [--database URL]"""
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
args = [a for a in sys.argv[1:]]
DATABASE = None
if "--database" in args:
    i = args.index("--database")
    DATABASE = args[i + 1]
    del args[i:i + 2]
JUNKAN = os.path.abspath(args[0]) if args else os.path.join(ROOT, ".build/debug/junkan")
CONTEXT = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", {"junkan": "https://w3id.org/junkan/voc/"}]
CLIENTS, DOCUMENTS, LOTS, OBSERVATIONS = 8, 4, 5, 45
BASE_URL = "http://junkan-multi.test"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lot(client, k, d, tag=0):
    return f"urn:epc:class:lgtin:4012345.0{client}{k:02d}00.C{client}D{d}" + (f"T{tag}" if tag else "")


def uuid(kind, client, d, k, tag):
    return f"urn:uuid:{kind}0000000-0000-4000-8000-{tag:04d}{client:02d}{d:02d}{k:02d}00"


def document(client, d, tag=0):
    """Client `client`'s document `d`: its transformations turn lots D{d} into D{d+1}; its observations are its own.
    `tag` makes a document of new events with the same shape (the kill rounds)."""
    events = []
    for k in range(LOTS):
        events.append({
            "type": "TransformationEvent", "eventID": uuid(1, client, d, k, tag),
            "eventTime": f"2024-06-{1 + d % 28:02d}T0{k}:00:00.000Z", "eventTimeZoneOffset": "+09:00", "bizStep": "commissioning",
            "inputQuantityList": [{"epcClass": lot(client, k, d, tag), "quantity": 1000 - d * 10, "uom": "KGM"}],
            "outputQuantityList": [{"epcClass": lot(client, k, d + 1, tag), "quantity": 990 - d * 10, "uom": "KGM"}],
            "junkan:ghgEmissions": 10.5 + k})
    for i in range(OBSERVATIONS):
        events.append({
            "type": "ObjectEvent", "eventID": uuid(2, client, d, i, tag),
            "eventTime": f"2024-06-{1 + d % 28:02d}T1{i % 10}:{i:02d}:00.000Z", "eventTimeZoneOffset": "+09:00", "action": "OBSERVE",
            "bizStep": "shipping" if i % 2 else "receiving", "disposition": "in_transit",
            "epcList": [f"urn:epc:id:sgtin:4012345.0{client}0000.{d}-{i}-{tag}"],
            "readPoint": {"id": f"urn:epc:id:sgln:4012345.0000{client}.0"}})
    return {"@context": CONTEXT, "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2024-06-01T00:00:00Z",
            "epcisBody": {"eventList": events}}


def key_dir_args(database, folder):
    """A PostgreSQL node keeps its signing keys in a directory of its own; a SQLite one beside its file."""
    return ["--key-dir", os.path.join(folder, "keys")] if database.startswith("postgres") else []


class Server:
    def __init__(self, database, folder, name, log_key):
        self.database, self.folder, self.name, self.log_key = database, folder, name, log_key
        self.port = free_port()
        self.proc = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        log = open(os.path.join(self.folder, f"{self.name}.log"), "a")
        self.proc = subprocess.Popen(
            [JUNKAN, "serve", "--port", str(self.port), "--database", self.database, "--base-url", BASE_URL,
             "--log-key", self.log_key, "--checkpoint-interval", "0.2"] + key_dir_args(self.database, self.folder), stdout=log, stderr=log)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"{self.name} exited with {self.proc.returncode}: see {log.name}")
            try:
                urllib.request.urlopen(self.url + "/health", timeout=1).read()
                return
            except Exception:
                time.sleep(0.1)
        raise SystemExit(f"{self.name} did not start")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait()

    def get(self, path):
        try:
            with urllib.request.urlopen(self.url + path, timeout=60) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def capture(self, doc, token):
        req = urllib.request.Request(self.url + "/capture", data=json.dumps(doc).encode(), method="POST",
                                     headers={"Content-Type": "application/ld+json", "Authorization": "Bearer " + token})
        with urllib.request.urlopen(req, timeout=120) as r:
            body = json.loads(r.read() or b"{}")
            assert r.status in (201, 202), f"capture answered {r.status}"
            return body

    def checkpoint_size(self):
        status, body = self.get("/tlog/checkpoint")
        return int(body.decode().splitlines()[1]) if status == 200 else -1


def org_add(database, folder):
    out = subprocess.run([JUNKAN, "org", "add", "Multi-process test", "--database", database] + key_dir_args(database, folder), check=True,
                         capture_output=True, text=True, cwd=folder)
    return json.loads(out.stdout)["token"]


def verify(database, folder, key):
    out = subprocess.run([JUNKAN, "verify", "--database", database, "--key", key] + key_dir_args(database, folder), capture_output=True,
                         text=True, cwd=folder)
    lines = out.stdout.strip().splitlines() or [out.stderr.strip()]
    return out.returncode == 0, lines[-1] + ("" if out.returncode == 0 else "\n      " + "\n      ".join(lines[:5]))


# What differs between two nodes by the order captures committed in, and nothing else: when each event was recorded,
# where its leaf sits in the log, and the proofs and checkpoints that follow from that.
VOLATILE = {"recordTime", "creationDate", "logProof", "leafIndex", "index", "inclusionProof", "proof", "proofs", "checkpoint", "treeSize", "root",
            "cosignatures", "assembledAt", "validFrom", "generatedAt", "logIndex", "leaf"}


def normalised(value):
    if isinstance(value, dict):
        return {k: normalised(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        items = [normalised(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value


def answers(server):
    """Every query the test compares: events by lot and by EPC, traces both ways, footprints and passports."""
    out = {}
    for c in range(CLIENTS):
        for k in range(LOTS):
            first, last = lot(c, k, 0), lot(c, k, DOCUMENTS)
            dl_last = urllib.parse.quote(last, safe="")
            out[f"events {last}"] = server.get(f"/events?MATCH_anyEPCClass={urllib.parse.quote(lot(c, k, 2), safe='')}&perPage=100")
            out[f"upstream {last}"] = server.get(f"/trace/upstream?id={dl_last}")
            out[f"downstream {first}"] = server.get(f"/trace/downstream?id={urllib.parse.quote(first, safe='')}")
            out[f"footprint {last}"] = server.get(f"/trace/footprint?id={dl_last}")
            gtin, lot_number = gtin_and_lot(last)
            out[f"passport {last}"] = server.get(f"/passports/01/{gtin}/10/{lot_number}?format=json")
        out[f"events epc {c}"] = server.get(f"/events?MATCH_epc={urllib.parse.quote(f'urn:epc:id:sgtin:4012345.0{c}0000.1-7-0', safe='')}")
        out[f"events readPoint {c}"] = server.get(
            f"/events?EQ_readPoint={urllib.parse.quote(f'urn:epc:id:sgln:4012345.0000{c}.0', safe='')}&perPage=1000")
    out["events all"] = server.get("/events?perPage=10000")
    return {k: (status, normalised(json.loads(body)) if body[:1] in (b"{", b"[") else body.decode()) for k, (status, body) in out.items()}


def gtin_and_lot(epc_class):
    company, item, lot_number = epc_class.rsplit(":", 1)[1].split(".")
    digits = item[0] + company + item[1:]
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return digits + str((10 - total % 10) % 10), lot_number


def wait_for_checkpoint(server, size, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if server.checkpoint_size() >= size:
            return True
        time.sleep(0.2)
    return False


def hashes_of(docs, folder):
    path = os.path.join(folder, "docs.jsonld")
    lines = []
    for doc in docs:
        with open(path, "w") as f:
            json.dump(doc, f)
        lines += subprocess.run([JUNKAN, "event-hash", path], check=True, capture_output=True, text=True).stdout.split()
    return lines


def main():
    failures = []

    def check(ok, what):
        print(("ok    " if ok else "FAIL  ") + what)
        if not ok:
            failures.append(what)

    with tempfile.TemporaryDirectory() as folder:
        database = DATABASE or os.path.join(folder, "shared.sqlite")
        print(f"database: {'PostgreSQL' if database.startswith('postgres') else 'SQLite'}")
        log_key = os.path.join(folder, "shared.log-key")
        token = org_add(database, folder)
        a, b = Server(database, folder, "a", log_key), Server(database, folder, "b", log_key)
        a.start()
        wait_for_checkpoint(a, 0)
        b.start()  # after a's first checkpoint: a holds the integration lease
        log_vkey = a.get("/tlog/key")[1].decode().strip()
        check(b.get("/tlog/key")[1].decode().strip() == log_vkey, f"both processes sign as one log: {log_vkey}")
        servers = [a, b]
        # A process that would sign with another key, or name another base URL, is refused at start.
        for extra, why in [(["--log-key", os.path.join(folder, "other.log-key")], "another log key"),
                           (["--log-key", log_key, "--base-url", "http://elsewhere.test"], "another base URL")]:
            run = subprocess.run([JUNKAN, "serve", "--port", str(free_port()), "--database", database] + key_dir_args(database, folder) + extra,
                                 capture_output=True, text=True, timeout=60)
            check(run.returncode != 0 and "same" in run.stderr, f"a third process with {why} is refused: "
                  + next((l for l in run.stderr.splitlines() if "Error" in l), "(nothing said)")[:200])
        docs = {(c, d): document(c, d) for c in range(CLIENTS) for d in range(DOCUMENTS)}
        errors = []

        def client(c):
            try:
                for d in range(DOCUMENTS):
                    servers[(c + d) % 2].capture(docs[(c, d)], token)
            except Exception as e:  # noqa: BLE001 — reported below
                errors.append(f"client {c}: {e}")

        started = time.time()
        threads = [threading.Thread(target=client, args=(c,)) for c in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        total = CLIENTS * DOCUMENTS * (LOTS + OBSERVATIONS)
        check(not errors, f"{CLIENTS} clients captured {len(docs)} documents ({total} events) through both processes at once "
                          f"in {time.time() - started:.1f} s" + (f": {errors}" if errors else ""))
        old_checkpoint = None
        check(wait_for_checkpoint(a, total) and wait_for_checkpoint(b, total), f"both processes serve a checkpoint of all {total} events")
        old_checkpoint = a.get("/tlog/checkpoint")[1].decode()

        # The same documents, one by one, into a single SQLite node.
        single_db = os.path.join(folder, "single.sqlite")
        single_token = org_add(single_db, folder)
        single = Server(single_db, folder, "single", os.path.join(folder, "single.log-key"))
        single.start()
        for c in range(CLIENTS):
            for d in range(DOCUMENTS):
                single.capture(docs[(c, d)], single_token)
        wait_for_checkpoint(single, total)
        expected = answers(single)
        for server in servers:
            got = answers(server)
            differing = [k for k in expected if got.get(k) != expected[k]]
            if differing:
                with open(os.path.join(ROOT, ".build", f"multi-process-{server.name}.json"), "w") as f:
                    json.dump({"expected": expected[differing[0]], "got": got[differing[0]]}, f, indent=1, sort_keys=True)
            statuses = sorted({s for s, _ in got.values()})
            check(not differing, f"process {server.name} answers {len(expected)} queries (statuses {statuses}) as the single node does"
                                 + (f"; differing: {differing[:5]}" if differing else ""))
        raw_a, raw_b = answers(a), answers(b)
        check(raw_a == raw_b, "the two processes answer identically")
        ok, line = verify(database, folder, log_vkey)
        check(ok, f"junkan verify: {line}")

        # aics-tlog through either process.
        tlog_python = subprocess.run([os.path.join(ROOT, "scripts/tlog-venv.sh")], check=True, capture_output=True, text=True).stdout.strip()
        hashes = os.path.join(folder, "hashes")
        with open(hashes, "w") as f:
            f.write("\n".join(hashes_of(docs.values(), folder)) + "\n")
        old = os.path.join(folder, "old-checkpoint")
        for server in servers:
            with open(old, "w") as f:
                f.write(old_checkpoint)
            key = server.get("/tlog/key")[1].decode().strip()
            run = subprocess.run([tlog_python, os.path.join(ROOT, "scripts/crosscheck_tlog.py"), server.url, key, old, hashes],
                                 capture_output=True, text=True)
            check(run.returncode == 0, f"aics-tlog verifies the log through process {server.name}"
                                       + ("" if run.returncode == 0 else ": " + (run.stderr or run.stdout)[-500:]))

        # Hard kills: the integrator dies during captures; the other process takes over.
        acknowledged = {e["eventID"] for doc in docs.values() for e in doc["epcisBody"]["eventList"]}
        tag = 0
        for victim, survivor in [(a, b), (b, a)]:
            stop = threading.Event()
            acked, lock = set(), threading.Lock()

            def writer(w):
                nonlocal tag
                n = 0
                while not stop.is_set():
                    n += 1
                    with lock:
                        tag += 1
                        mine = tag
                    doc = document(w % CLIENTS, 50 + n % 40, tag=mine)
                    target = [victim, survivor][n % 2]
                    try:
                        target.capture(doc, token)
                        with lock:
                            acked.update(e["eventID"] for e in doc["epcisBody"]["eventList"])
                    except Exception:  # noqa: BLE001 — the victim is killed mid-request: not acknowledged
                        time.sleep(0.05)

            threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
            for t in threads:
                t.start()
            time.sleep(2)
            victim.kill()
            killed_at = time.time()
            time.sleep(2)
            stop.set()
            for t in threads:
                t.join()
            acknowledged |= acked
            count = json.loads(survivor.get("/health")[1])["events"]
            took_over = wait_for_checkpoint(survivor, count, seconds=30)
            check(took_over, f"process {victim.name} killed during captures: process {survivor.name} integrated all {count} events "
                             f"{time.time() - killed_at:.1f} s after the kill")
            victim.start()
            status, body = victim.get("/events?perPage=10000")
            stored = set()
            url = "/events?perPage=10000"
            while url:
                with urllib.request.urlopen(victim.url + url, timeout=60) as r:
                    page = json.loads(r.read())
                    link = r.headers.get("Link")
                stored.update(e["eventID"] for e in page["epcisBody"]["queryResults"]["resultsBody"]["eventList"])
                url = link[1:link.index(">")] if link else None
            check(acknowledged <= stored, f"after the restart of {victim.name}: all {len(acknowledged)} acknowledged events are stored"
                                          + ("" if acknowledged <= stored else f"; {len(acknowledged - stored)} missing"))
            ok, line = verify(database, folder, log_vkey)
            check(ok, f"junkan verify after the kill of {victim.name}: {line}")
        for s in servers + [single]:
            s.stop()
    if failures:
        print(f"multi-process test: {len(failures)} check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("multi-process test: OK")


if __name__ == "__main__":
    main()
