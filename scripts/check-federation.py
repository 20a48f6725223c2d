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
  database was edited after capture: its changed step fails its proof and is flagged, the rest of its part stands. A
  peer that forks its log (rolled back to a copy, then another event at the size already verified): a split view at
  the asking node, with both checkpoints at /federation/status and the count on /metrics.

Where `ip netns` is permitted (root), each node runs in a network namespace of its own, joined to the others by veth
pairs and a bridge, addresses from 198.18.0.0/15 only (scripts/netns.py); elsewhere on loopback ports, saying so.
Usage: python-with-http-message-signatures scripts/check-federation.py [junkan binary] [steps]
(scripts/test.sh runs it with scripts/reference-venv.sh's python)."""
import base64
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from http_message_signatures import HTTPMessageVerifier, HTTPSignatureKeyResolver, algorithms

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from federation_nodes import COMPANIES, Node, federate, stop_all, junkan_cli, lot_dl, request, split_graph, walk  # noqa: E402
from netns import Namespaces  # noqa: E402

JUNKAN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/junkan")
STEPS = int(sys.argv[2]) if len(sys.argv) > 2 else 240
TIMEOUT = 2  # --peer-timeout of the nodes, seconds
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


def junkan(*args):
    return junkan_cli(JUNKAN, *args)


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


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def main():
    work = tempfile.mkdtemp(prefix="junkan-federation-")
    spaces = Namespaces.setup("jkfed", 4)
    if spaces:
        print(f"nodes in network namespaces {', '.join(spaces.names)} at {', '.join(spaces.addresses)}, joined by veth pairs", flush=True)
    nodes, single = [], None
    try:
        serve = ["--peer-timeout", str(TIMEOUT), "--federation-cache", "0"]
        nodes = [Node(JUNKAN, work, c[0].lower(), spaces=spaces, k=k, serve_args=serve, on_trace=check_signature) for k, c in enumerate(COMPANIES)]
        single = Node(JUNKAN, work, "single", proxied=False, spaces=spaces, k=3, serve_args=serve)
        doc, by_company, owner, steps = split_graph(11, STEPS)
        org_ids, tokens = federate(JUNKAN, nodes, single, by_company, doc["@context"], "partners", check)
        for m in nodes:
            remember_key(m.url, request(m.url + "/tlog/key")[1].decode().strip())

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
        print(f"slowest cold walk over three nodes: {slowest * 1000:.0f} ms", flush=True)

        check(SIGNATURES["verified"] > 0 and not SIGNATURES["failed"],
              f"every request between nodes carried an RFC 9421 signature that http-message-signatures verifies: "
              f"{SIGNATURES['verified']} verified, failed: {SIGNATURES['failed'][:3]}")

        # Passports across nodes: the maker's product shows the other nodes' steps, each proven in its own node's log;
        # junkan verify-passport checks them offline with each node's key, and not without them.
        crossing = next(n for n in products if owner[n] == 2 and any(
            m["node"] != nodes[2].url for m in walk(nodes[2].get("/trace/upstream?depth=100&id=" + urllib.parse.quote(lot_dl(n, owner), safe=""))[1],
                                                     "upstream")[1]))
        path = "/passports" + lot_dl(crossing, owner)[len("https://id.gs1.org"):]
        _, passport = nodes[2].get(path + "?format=json")
        vouched = {e.get("node") for e in passport.get("trail", [])} - {None}
        check(vouched and vouched <= {n.url for n in nodes[:2]} and all(e.get("logProof") for e in passport["trail"] if e.get("node")),
              f"the maker's passport of L{crossing} lists steps vouched for by {sorted(vouched)}, each with a proof")
        with open(os.path.join(work, "passport.jwt"), "wb") as f:
            f.write(request(nodes[2].url + path + "?format=vc%2Bjwt")[1])
        with open(os.path.join(work, "maker-did.json"), "wb") as f:
            f.write(request(nodes[2].url + f"/orgs/{org_ids[2]}/did.json")[1])
        keys = [arg for n in nodes for arg in ("--log-key", request(n.url + "/tlog/key")[1].decode().strip())]
        out = junkan("verify-passport", os.path.join(work, "passport.jwt"), "--did-document", os.path.join(work, "maker-did.json"), *keys)
        check(out.returncode == 0 and "peer[" in out.stdout, f"verify-passport with the three nodes' keys: {out.stdout.strip().splitlines()[-1:]}")
        out = junkan("verify-passport", os.path.join(work, "passport.jwt"), "--did-document", os.path.join(work, "maker-did.json"), *keys[4:])
        check(out.returncode == 1 and "no --log-key was given for it" in out.stdout, "verify-passport with the maker's key alone: the peers' steps fail")

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

        # Every release is recorded at the releasing node, who, what and when, each record a leaf of its log that
        # junkan verify checks.
        out = junkan("peer", "releases", "--database", nodes[0].db, "--peer", maker.url, "--org", org_ids[0])
        records = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
        check(out.returncode == 0 and records and all(r["requester"] == maker.url and org_ids[0] in r["organisations"]
                                                      and r["eventCount"] == len(r["eventHashes"]) > 0 for r in records),
              f"the recycler's node recorded {len(records)} releases to the maker's node, each naming its events")
        out = junkan("verify", "--database", nodes[0].db)
        check(out.returncode == 0 and "release records" in out.stdout,
              f"junkan verify checks the release records against the recycler's log: {out.stdout.strip().splitlines()[-1:]}")

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
        nodes[0].restart_proxy()

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

        # A peer that forks its log: the molder's node is rolled back to a copy and logs other events up to the size the
        # maker's node already verified, or past it. The maker's node sees two trees that cannot both be the molder's
        # (one size with two roots, or a later one not consistent with the earlier). The release records the maker's
        # walks add to the molder's log make the first branch grow on its own; the second is grown to match.
        # The recycler's node witnesses its peers' logs (junkan serve --witness-peers) and the molder names it as a
        # witness: it cosigns each of the molder's checkpoints, and a second tree of a size it cosigned is refused.
        recycler = nodes[0]
        recycler.stop()
        recycler.args.append("--witness-peers")
        recycler.start()
        _, described = recycler.get("/.well-known/junkan-node")
        witness_name = described["peerWitness"].split("+")[0]
        molder.stop()
        molder.args += ["--witness", f"{recycler.url}/witness={described['peerWitness']}"]
        molder.start()
        fork_copy = os.path.join(work, "molder-fork.sqlite")
        with sqlite3.connect(molder.db) as a, sqlite3.connect(fork_copy) as b:
            a.backup(b)

        def checkpoint_size():
            return int(request(molder.url + "/tlog/checkpoint")[1].decode().split("\n")[1])

        def observe(tag):
            size = checkpoint_size()
            event = {"type": "ObjectEvent", "action": "OBSERVE", "bizStep": "inspecting", "eventTime": "2026-12-01T00:00:00.000Z",
                     "eventTimeZoneOffset": "+09:00", "epcList": [], "quantityList": [{"epcClass": f"urn:epc:class:lgtin:4512346.012345.{tag}",
                                                                                    "quantity": 1, "uom": "KGM"}]}
            document = {"@context": doc["@context"], "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-12-01T00:00:00Z",
                        "epcisBody": {"eventList": [event]}}
            check(request(molder.url + "/capture", document, tokens[1])[0] in (201, 202), f"the molder logs {tag}")
            molder.wait_for_checkpoint(size + 1)
        observe("FORK-A")
        check(maker.get(q)[0] == 200, "the maker's node verifies the molder's checkpoint with FORK-A")
        check(f"— {witness_name} " in request(molder.url + "/tlog/checkpoint")[1].decode(),
              "the recycler's node cosigned the molder's checkpoint with FORK-A as its witness")
        # The recycler's node mirrors every peer's log (junkan mirror), the molder's with FORK-A.
        out = junkan("mirror", "--once", "--database", recycler.db)
        check(out.returncode == 0 and out.stdout.count(": mirrored to size") == 2,
              f"junkan mirror at the recycler's node copies both peers' logs: {out.stdout.strip().splitlines()}")
        # It serves each copy as a tlog-tiles log, which aics-tlog verifies with the peer's own key.
        _, recycler_status = recycler.get("/federation/status")
        tlog_python = subprocess.run([os.path.join(ROOT, "scripts", "tlog-venv.sh")], capture_output=True, text=True).stdout.strip()
        for p in recycler_status.get("peers", []):
            key = request(p["baseURL"] + "/tlog/key")[1].decode().strip()
            out = subprocess.run([tlog_python, os.path.join(ROOT, "scripts", "crosscheck_mirror.py"), p["mirror"]["url"], key],
                                 capture_output=True, text=True)
            check(out.returncode == 0, f"aics-tlog reads the recycler's mirror of {p['baseURL']}: {(out.stdout or out.stderr).strip()[-200:]}")
        # The walk's release records integrated: no checkpoint the maker's node saw is larger than this.
        time.sleep(2)
        seen = checkpoint_size()
        molder.stop()
        for suffix in ("-wal", "-shm"):
            if os.path.exists(molder.db + suffix):
                os.remove(molder.db + suffix)
        os.replace(fork_copy, molder.db)
        # With its witness named, the rolled-back node refuses to start (the witness cosigned more than it holds): the
        # forking operator starts it without, and shows the witness the forked tree itself.
        molder.args = molder.args[:-2]
        molder.start()
        statuses = []

        def show_witness():
            # What a log with two faces does to have its fork cosigned: each new checkpoint sent to the witness.
            note = request(molder.url + "/tlog/checkpoint")[1].decode()
            submit = urllib.request.Request(recycler.url + "/witness/add-checkpoint", data=("old 0\n\n" + note).encode(),
                                            headers={"Content-Type": "text/plain"}, method="POST")
            try:
                statuses.append(urllib.request.urlopen(submit, timeout=30).status)
            except urllib.error.HTTPError as e:
                statuses.append(e.code)

        observe("FORK-B")
        show_witness()
        k = 0
        while checkpoint_size() < seen:
            k += 1
            observe(f"FORK-B{k}")
            show_witness()
        check(statuses and all(s == 409 for s in statuses), f"the recycler's witness cosigns none of FORK-B's checkpoints: HTTP {statuses}")
        # The recycler's witness was shown FORK-B's tree at a size it cosigned with FORK-A: refused, and the molder's
        # split view there, the evidence two checkpoints the molder signed.
        _, recycler_status = recycler.get("/federation/status")
        views = recycler_status.get("splitViews", [])
        check([v["node"] for v in views] == [molder.url] and "was cosigned before" in views[0]["why"] and "\n— " in views[0]["previousCheckpoint"],
              f"the recycler's witness records the molder's fork: {[v['why'][:80] for v in views]}")
        # Its mirror sees the molder's log no longer extend the copy it holds.
        out = junkan("mirror", "--once", "--database", recycler.db, molder.url)
        check(out.returncode == 1 and "SPLIT VIEW" in out.stdout, f"junkan mirror finds the fork: {out.stdout.strip()[-160:]}")
        # The maker's node, which mirrors neither, learns it through the recycler's node: the two signed checkpoints it
        # lists, checked with the molder's key pinned at the maker's node.
        out = junkan("mirror", "--once", "--database", maker.db, recycler.url)
        _, maker_status = maker.get("/federation/status")
        check(out.returncode == 1 and f"SPLIT VIEW of {molder.url}: seen by {recycler.url}" in out.stdout
              and [v["node"] for v in maker_status.get("splitViews", [])] == [molder.url],
              f"the maker's node records the fork seen through the recycler's witness: {out.stdout.strip()[-200:]}")
        status, answer = maker.get(q)
        stones = answer.get("tombstones", [])
        _, federation = maker.get("/federation/status")
        _, metrics = maker.get("/metrics")
        check(status == 200 and any("split view" in t["reason"] and t["node"] == molder.url for t in stones)
              and [v["node"] for v in federation.get("splitViews", [])] == [molder.url]
              and "junkan_federation_split_views 1" in metrics.decode(),
              f"the fork is a split view at the maker's node: tombstone, /federation/status with both checkpoints, /metrics "
              f"({[t['reason'][:60] for t in stones]})")
    finally:
        stop_all(nodes + ([single] if single else []), spaces)
    if failures:
        raise SystemExit(f"{len(failures)} check(s) failed")
    print("federation: all checks passed")


if __name__ == "__main__":
    main()
