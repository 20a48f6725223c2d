#!/usr/bin/env python3
"""`junkan peer add|list|remove` between two running nodes (issue 27, item 1; docs/federation.md).

Two `junkan serve` processes, each its own SQLite database, log and key, on loopback ports. Node A pins node B:
refused without a terminal and without --log-key or --yes (the served key is printed), refused with another key than
the one B serves, refused for an unreachable URL and for A's own URL; added with B's key (which `GET /tlog/key` shows),
refused a second time; A, running since before, lists B at /federation/status at once; removed, it is gone. B's
/.well-known/junkan-node names the prefix its organisation was given after B started.

Usage: scripts/check-peers.py [junkan binary]"""
import json
import os
import subprocess
import sys
import tempfile
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from served_node import ServedNode, free_port, log_path  # noqa: E402

JUNKAN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/junkan")
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def get(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode()


def junkan(*args):
    return subprocess.run([JUNKAN, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)


class Node(ServedNode):
    def __init__(self, work, name):
        super().__init__(JUNKAN, name, os.path.join(work, name + ".sqlite"), log_path(work, name))
        self.url = f"http://127.0.0.1:{self.port}"
        self.start()


def main():
    work = tempfile.mkdtemp(prefix="junkan-peers-")
    a, b = Node(work, "a"), Node(work, "b")
    try:
        org = json.loads(junkan("org", "add", "Recycler B", "--database", b.db).stdout)
        out = junkan("org", "prefix", "add", org["id"], "4512345", "--database", b.db)
        check(out.returncode == 0, "B's organisation gets a GS1 prefix while B runs")
        described = json.loads(get(b.url + "/.well-known/junkan-node"))
        check(described["baseURL"] == b.url and [o["gs1Prefixes"] for o in described["organisations"]] == [["4512345"]],
              "B describes itself with that prefix, without a restart")
        key = get(b.url + "/tlog/key").strip()
        check(described["log"]["key"] == key, "B's description names the log key /tlog/key serves")

        out = junkan("peer", "add", b.url, "--database", a.db)
        check(out.returncode != 0 and key in out.stderr and "--log-key" in out.stderr,
              "without a terminal, --log-key or --yes: refused, and the served key printed")
        other = "127.0.0.1:1/tlog+" + key.split("+", 2)[1] + "+" + key.split("+", 2)[2]
        impostor = json.loads(get(a.url + "/.well-known/junkan-node"))["log"]["key"]
        out = junkan("peer", "add", b.url, "--log-key", impostor, "--database", a.db)
        check(out.returncode != 0 and "not the one given" in out.stderr, "another key than the one B serves: refused")
        out = junkan("peer", "add", b.url, "--log-key", other, "--database", a.db)
        check(out.returncode != 0, "a malformed key: refused")
        out = junkan("peer", "add", f"http://127.0.0.1:{free_port()}", "--yes", "--database", a.db)
        check(out.returncode != 0 and "cannot reach" in out.stderr, "an unreachable node: refused, saying so")
        out = junkan("peer", "add", a.url, "--yes", "--database", a.db)
        check(out.returncode != 0 and "own base URL" in out.stderr, "A's own URL: refused")
        check(json.loads(get(a.url + "/federation/status"))["peers"] == [], "nothing recorded by the refusals")

        out = junkan("peer", "add", b.url + "/", "--log-key", key, "--database", a.db)
        added = json.loads(out.stdout) if out.returncode == 0 else {}
        check(added.get("baseURL") == b.url and added.get("logKey") == key and added.get("checkpointSize") == 0,
              f"added with B's key: {out.stdout.strip() or out.stderr.strip()}")
        out = junkan("peer", "add", b.url, "--yes", "--database", a.db)
        check(out.returncode != 0 and "already registered" in out.stderr, "added twice: refused")
        status = json.loads(get(a.url + "/federation/status"))
        check([p["baseURL"] for p in status["peers"]] == [b.url], "A, running since before, lists B at once")
        listed = json.loads(junkan("peer", "list", "--database", a.db).stdout)
        check([p["logOrigin"] for p in listed] == [key.split("+")[0]], "peer list shows B's log origin")
        # An organisation of A grants B's node its events by name, and takes the grant back; an unknown node is refused.
        org_a = json.loads(junkan("org", "add", "Compounder A", "--database", a.db).stdout)["id"]
        out = junkan("org", "release-grant", org_a, b.url + "/", "--database", a.db)
        check(out.returncode == 0 and json.loads(out.stdout) == {"organisation": org_a, "node": b.url, "granted": True},
              f"org release-grant names B's node: {out.stderr.strip()}")
        out = junkan("org", "release-grant", org_a, f"http://127.0.0.1:{free_port()}", "--database", a.db)
        check(out.returncode != 0 and "no peer" in out.stderr, "org release-grant to a node that is not a peer: refused")
        out = junkan("org", "release-grant", org_a, b.url, "--revoke", "--database", a.db)
        check(out.returncode == 0 and json.loads(out.stdout)["granted"] is False, "org release-grant --revoke takes it back")
        out = junkan("peer", "remove", b.url, "--database", a.db)
        check(out.returncode == 0 and json.loads(get(a.url + "/federation/status"))["peers"] == [], "removed: gone from A")
        out = junkan("peer", "remove", b.url, "--database", a.db)
        check(out.returncode != 0 and "no peer" in out.stderr, "removed twice: refused")

        # A plain EPCIS 2.0 interface (here B's /events, as any EPCIS repository would answer): no log, its prefixes given.
        out = junkan("peer", "add", b.url, "--epcis", "--database", a.db)
        check(out.returncode != 0 and "--gs1-prefix" in out.stderr, "--epcis without --gs1-prefix: refused")
        out = junkan("peer", "add", f"http://127.0.0.1:{free_port()}", "--epcis", "--gs1-prefix", "4512345", "--database", a.db)
        check(out.returncode != 0 and "cannot reach" in out.stderr, "--epcis, nothing answering: refused")
        out = junkan("peer", "add", b.url, "--epcis", "--gs1-prefix", "4512345", "--database", a.db)
        added = json.loads(out.stdout) if out.returncode == 0 else {}
        check(added.get("kind") == "epcis" and added.get("logKey") == "", f"--epcis with its prefix: added, no key pinned: {out.stderr.strip()}")
        status = json.loads(get(a.url + "/federation/status"))
        check([(p["baseURL"], p["kind"]) for p in status["peers"]] == [(b.url, "epcis")], "A lists B as a plain EPCIS peer at once")
    finally:
        a.stop()
        b.stop()
    if failures:
        raise SystemExit(f"{len(failures)} check(s) failed")
    print("peers: all checks passed")


if __name__ == "__main__":
    main()
