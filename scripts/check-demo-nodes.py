#!/usr/bin/env python3
"""`junkan demo --nodes 3` (issue 27, item 8): the demo loop across three nodes gives the maker's notebook the passport
the single-node demo gives it (the same footprint, as recorded in Tests/Golden), its trail naming the two other nodes
for their steps, and the printed verify-passport command, run as printed, verifies it with the three nodes' keys and
the witness.

Usage: scripts/check-demo-nodes.py [junkan binary]"""
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JUNKAN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/junkan")


def free_run(count):
    """A first port with the next `count - 1` free too."""
    for _ in range(100):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            first = s.getsockname()[1]
        if first + count > 65535:
            continue
        try:
            for p in range(first, first + count):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", p))
            return first
        except OSError:
            continue
    raise SystemExit("no free run of ports")


def get(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.read()


def main():
    work = tempfile.mkdtemp(prefix="junkan-demo-nodes-")
    port = free_run(4)
    log = open(os.path.join(work, "demo.log"), "w+")
    demo = subprocess.Popen([JUNKAN, "demo", "--nodes", "3", "--port", str(port), "--database", os.path.join(work, "demo.sqlite")],
                            stdout=log, stderr=subprocess.STDOUT, cwd=work)
    failures = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what, flush=True)
        if not ok:
            failures.append(what)

    try:
        maker = f"http://127.0.0.1:{port + 2}"
        for _ in range(600):
            try:
                get(maker + "/health")
                break
            except Exception:
                if demo.poll() is not None:
                    raise SystemExit("demo exited: " + open(log.name).read()[-2000:])
                time.sleep(0.1)
        time.sleep(2)  # the first checkpoints
        path = "/passports/01/04912345000071/21/NB24A0001"
        passport = json.loads(get(maker + path + "?format=json"))
        golden = open(os.path.join(ROOT, "Tests/Golden/demo-responses/passport-item.json.golden")).read()
        expected = re.search(r'"kgCO2ePerKg":([0-9.]+)', golden).group(1)
        check(str(passport["carbonFootprint"]["kgCO2ePerKg"]) == expected,
              f"the notebook's footprint across three nodes: {passport['carbonFootprint']['kgCO2ePerKg']} kg/kg, one node's {expected}")
        nodes = {e.get("node") for e in passport["trail"]} - {None}
        check(nodes == {f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port + 1}"},
              f"its trail names the recycler's and the molder's nodes for their steps: {sorted(nodes)}")
        text = open(log.name).read()
        org = re.search(r"orgs/(org-[0-9a-f]+)/did.json", text).group(1)
        with open(os.path.join(work, "did.json"), "wb") as f:
            f.write(get(f"{maker}/orgs/{org}/did.json"))
        command = next(line.strip() for line in text.splitlines() if line.strip().startswith("junkan verify-passport"))
        for _ in range(20):  # until every node's checkpoint is cosigned (the witness is asked each second)
            with open(os.path.join(work, "nb.jwt"), "wb") as f:
                f.write(get(maker + path + "?format=vc%2Bjwt"))
            out = subprocess.run([JUNKAN] + shlex.split(command)[1:], capture_output=True, text=True, cwd=work)
            if out.returncode == 0:
                break
            time.sleep(1)
        check(out.returncode == 0 and "peer[" in out.stdout, f"the printed verify-passport command: {out.stdout.strip().splitlines()[-1:]}")
    finally:
        demo.terminate()
        demo.wait(timeout=30)
    if failures:
        raise SystemExit(f"{len(failures)} check(s) failed")
    print("demo --nodes 3: all checks passed")


if __name__ == "__main__":
    main()
