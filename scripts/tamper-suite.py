#!/usr/bin/env python3
"""Issue 25, item 6: `junkan verify` finds every way the tamper test changed a node's database without being noticed.

A node with a witness captures 1,450 events in seven batches (a checkpoint after each, cosigned). A snapshot of its
database is taken after 450 events. Then each case edits a copy of the final database (or, for rollback, takes the
snapshot) and runs `junkan verify`. Each case must exit 1 and name what changed. The untouched copy and the snapshot
must verify clean without outside knowledge: the snapshot is a consistent log. It is found only with `--witness` or
`--checkpoint`, and `junkan serve --witness` refuses to start on it.

usage: tamper-suite.py path/to/junkan
"""
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

JUNKAN = os.path.abspath(sys.argv[1])
WORK = tempfile.mkdtemp(prefix="junkan-tamper-")
PROCS = []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(*args):
    p = subprocess.Popen([JUNKAN, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    PROCS.append(p)
    return p


def wait_http(url, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        try:
            return urllib.request.urlopen(url, timeout=2).read().decode()
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"tamper-suite: {url} did not answer")


def stop(p):
    p.terminate()
    p.wait(timeout=30)


def run(*args):
    r = subprocess.run([JUNKAN, *args], capture_output=True, text=True, timeout=300)
    return r.returncode, r.stdout + r.stderr


def post(url, body, token):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/ld+json"})
    return urllib.request.urlopen(req, timeout=60).status


def document(first, count):
    events = []
    for n in range(first, first + count):
        events.append({
            "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit",
            "eventTime": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(1_700_000_000 + n)), "eventTimeZoneOffset": "+09:00",
            "epcList": [f"urn:epc:id:sgtin:4012345.011111.{n}"], "readPoint": {"id": "urn:epc:id:sgln:4012345.00005.0"},
        })
    return {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"], "type": "EPCISDocument",
            "schemaVersion": "2.0", "creationDate": "2024-05-01T00:00:00Z", "epcisBody": {"eventList": events}}


def copy_db(src, dst, signing_keys=True):
    """A consistent copy of a live or stopped WAL database (SQLite's backup API), with its log key and signing keys."""
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    shutil.copy(src + ".log-key", dst + ".log-key")
    shutil.rmtree(dst + ".keys", ignore_errors=True)
    if signing_keys:
        shutil.copytree(src + ".keys", dst + ".keys")


def main():
    db = os.path.join(WORK, "node.sqlite")
    wdb = os.path.join(WORK, "witness.sqlite")
    port, wport = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"

    # The log's key (created at first start) and the witness's, so the witness can follow the log.
    node = start("serve", "--port", str(port), "--database", db)
    log_key = wait_http(base + "/tlog/key").strip()
    stop(node)
    witness_key = run("witness", "key", "--database", wdb)[1].strip().splitlines()[-1]
    rc, out = run("witness", "follow", log_key.split("+")[0], log_key, "--database", wdb)
    assert rc == 0, out
    witness = start("witness", "serve", "--port", str(wport), "--database", wdb)
    wait_http(f"http://127.0.0.1:{wport}/key")
    witness_arg = f"http://127.0.0.1:{wport}={witness_key}"

    rc, out = run("org", "add", "Tamper Test", "--database", db)
    token = json.loads(out)["token"]
    node = start("serve", "--port", str(port), "--database", db, "--witness", witness_arg, "--checkpoint-interval", "0.2")
    wait_http(base + "/tlog/key")

    def capture(first, count):
        assert post(base + "/capture", document(first, count), token) == 202
        end = time.time() + 30
        while time.time() < end:  # until a cosigned checkpoint covers them
            cp = urllib.request.urlopen(base + "/tlog/checkpoint").read().decode()
            if cp.split("\n")[1] == str(first + count) and witness_key.split("+")[0] in cp:
                return cp
            time.sleep(0.1)
        raise SystemExit(f"tamper-suite: no cosigned checkpoint of size {first + count}")

    for first in range(0, 450, 150):
        capture(first, 150)
    old = os.path.join(WORK, "old.sqlite")
    copy_db(db, old)
    for first in range(450, 1450, 250):
        checkpoint = capture(first, 250)
    saved = os.path.join(WORK, "checkpoint.txt")
    with open(saved, "w") as f:
        f.write(checkpoint)
    stop(node)

    def verify(path, *extra):
        return run("verify", "--database", path, *extra)

    clean = os.path.join(WORK, "clean.sqlite")
    copy_db(db, clean)
    rc, out = verify(clean, "--witness", witness_arg, "--checkpoint", saved)
    assert rc == 0 and "all consistent" in out, f"the untouched database does not verify:\n{out}"
    # An auditor's copy holds no signing key (docs/security.md): the audit needs none.
    bare = os.path.join(WORK, "bare.sqlite")
    copy_db(db, bare, signing_keys=False)
    rc, out = verify(bare)
    assert rc == 0 and "all consistent" in out, f"a copy without the signing keys does not verify:\n{out}"

    newest = "(SELECT MAX(size) FROM tlog_checkpoints)"
    middle = "(SELECT size FROM tlog_checkpoints ORDER BY size LIMIT 1 OFFSET 3)"
    cases = [
        ("stored JSON eventID rewritten", "UPDATE events SET json = json_set(json, '$.eventID', 'urn:uuid:forged-id') WHERE row = 5",
         "stored JSON's eventID is urn:uuid:forged-id"),
        ("stored JSON recordTime rewritten", "UPDATE events SET json = json_set(json, '$.recordTime', '2020-01-01T00:00:00.000Z') WHERE row = 6",
         "stored JSON's recordTime is 2020-01-01T00:00:00.000Z"),
        ("a tile extended past its signed width",
         "UPDATE tlog_tiles SET data = data || randomblob(32) WHERE level = 0 AND idx = (SELECT MAX(idx) FROM tlog_tiles WHERE level = 0)",
         "extended past its signed width"),
        ("the latest checkpoint row deleted",
         f"DELETE FROM tlog_cosignatures WHERE size = {newest}; DELETE FROM tlog_checkpoints WHERE size = {newest}",
         "its checkpoint was deleted"),
        ("a middle checkpoint row deleted",
         f"DELETE FROM tlog_cosignatures WHERE size = {middle}; DELETE FROM tlog_checkpoints WHERE size = {middle}",
         "which is no longer stored (a deleted checkpoint row)"),
        ("index: biz_step", "UPDATE events SET biz_step = 'https://ref.gs1.org/cbv/BizStep-receiving' WHERE row = 7", "index column biz_step"),
        ("index: event_time", "UPDATE events SET event_time = event_time + 86400000 WHERE row = 8", "index column event_time"),
        ("index: event_id", "UPDATE events SET event_id = 'urn:uuid:renamed' WHERE row = 9", "the index says urn:uuid:renamed"),
        ("index: type", "UPDATE events SET type = 'AggregationEvent' WHERE row = 10", "index column type"),
        ("index: identifiers", "UPDATE events SET identifiers = '[]' WHERE row = 11", "index column identifiers"),
        ("index: an event_identifiers row changed",
         "UPDATE event_identifiers SET id = 'https://id.gs1.org/01/04999999000015/21/FORGED' WHERE event_row = 12",
         "identifier index rows name epc https://id.gs1.org/01/04999999000015/21/FORGED"),
        ("index: an event_identifiers row added",
         "INSERT INTO event_identifiers (id, role, event_row) VALUES ('https://id.gs1.org/01/04999999000015/21/EXTRA', 'epc', 13)",
         "identifier index rows name epc https://id.gs1.org/01/04999999000015/21/EXTRA"),
        ("index: an event_identifiers row for no event",
         "INSERT INTO event_identifiers (id, role, event_row) VALUES ('https://id.gs1.org/01/04999999000015/21/GHOST', 'epc', 999999)",
         "points at event row 999999"),
        ("index: leaf_seq", "UPDATE events SET leaf_seq = leaf_seq + 1 WHERE row = 14", "(leaf_seq)"),
    ]
    failed = 0
    for name, sql, expected in cases:
        path = os.path.join(WORK, "case.sqlite")
        copy_db(db, path)
        with sqlite3.connect(path) as c:
            c.executescript(sql)
        rc, out = verify(path)
        ok = rc == 1 and expected in out
        failed += not ok
        print(("found   " if ok else "MISSED  ") + name + ("" if ok else f"\n{out}"))
        os.remove(path)
        shutil.rmtree(path + ".keys", ignore_errors=True)

    # Rollback: the snapshot is a whole, consistent log of 450 events; only outside knowledge shows 1,000 are gone.
    rc, out = verify(old)
    assert rc == 0, f"the snapshot should be self-consistent:\n{out}"
    for name, extra in [("rollback (the last 1,000 events gone), with --witness", ["--witness", witness_arg]),
                        ("rollback (the last 1,000 events gone), with --checkpoint", ["--checkpoint", saved])]:
        rc, out = verify(old, *extra)
        ok = rc == 1 and "(a rollback)" in out
        failed += not ok
        print(("found   " if ok else "MISSED  ") + name + ("" if ok else f"\n{out}"))
    refused = start("serve", "--port", str(free_port()), "--database", old, "--witness", witness_arg)
    try:
        out, _ = refused.communicate(timeout=30)
        ok = refused.returncode != 0 and "REFUSING TO START" in out and "1000 logged events are missing" in out
    except subprocess.TimeoutExpired:
        stop(refused)
        ok, out = False, "it kept running"
    failed += not ok
    print(("found   " if ok else "MISSED  ") + "junkan serve on the rolled-back log refuses to start" + ("" if ok else f"\n{out}"))

    stop(witness)
    print(f"tamper-suite: {len(cases) + 3 - failed} of {len(cases) + 3} tamper cases found")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    try:
        main()
    finally:
        for p in PROCS:
            if p.poll() is None:
                p.kill()
        shutil.rmtree(WORK, ignore_errors=True)
