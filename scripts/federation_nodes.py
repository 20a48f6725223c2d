"""Several Junkan nodes for the federation checks and benchmark (issue 27): each node a `junkan serve` of its own (in a
network namespace of its own when there are namespaces), reached through a small proxy in this process whose
`--base-url` the node takes, so the proxy sees, counts and can spoil every request between nodes; and a random
multi-company trace graph (random_trace.py, its lots split between companies by GS1 Company Prefix)."""
import http.server
import json
import os
import random
import subprocess
import socketserver
import threading
import time
import urllib.error
import urllib.request

import random_trace
from netns import BRIDGE_ADDRESS
from served_node import ServedNode, free_port, log_path

COMPANIES = [("Recycler", "4512345"), ("Molder", "4512346"), ("Maker", "4512347")]


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


class _Unfollowed(urllib.request.HTTPRedirectHandler):
    """A redirect is passed on as it is (a resolver's answer), not followed by the proxy."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_FORWARD = urllib.request.build_opener(_Unfollowed)


class Proxy:
    """Forwards to a node, or misbehaves on /federation/trace as `mode` says (holding answers for `slow` seconds).
    `on_trace(url, headers, body)` sees each graph question; `trace_requests` counts them, `resolver_requests` the
    resolver lookups (GET /01/…)."""

    def __init__(self, target_port, port=None, host="127.0.0.1", target_host="127.0.0.1", on_trace=None, slow=6, delay=0.0):
        """`delay`: seconds added before forwarding a graph question and again before its answer (a link's latency,
        where netem is not available)."""
        self.delay = delay
        self.port = port or free_port()
        self.host = host
        self.target = f"http://{target_host}:{target_port}"
        self.mode = "pass"
        self.on_trace = on_trace
        self.trace_requests = 0
        self.resolver_requests = 0
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                self.forward(None)

            def do_POST(self):
                self.forward(self.rfile.read(int(self.headers.get("Content-Length", 0))))

            def reply(self, status, body, ctype="application/json", length=True, location=None):
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                if location:
                    self.send_header("Location", location)
                if length:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def forward(self, body):
                mode = proxy.mode if self.path.startswith("/federation/trace") else "pass"
                if self.command == "GET" and self.path.startswith("/01/"):
                    proxy.resolver_requests += 1
                if self.command == "POST" and self.path.startswith("/federation/trace"):
                    proxy.trace_requests += 1
                    if proxy.on_trace:
                        proxy.on_trace(f"http://{proxy.host}:{proxy.port}{self.path}", dict(self.headers.items()), body)
                try:
                    if mode == "slow":
                        time.sleep(slow)
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
                    if mode == "pass" and proxy.delay and self.path.startswith("/federation/trace"):
                        time.sleep(proxy.delay)
                    headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "authorization", "accept", "content-digest", "signature-input", "signature")}
                    req = urllib.request.Request(proxy.target + self.path, data=body, headers=headers, method=self.command)
                    try:
                        with _FORWARD.open(req, timeout=60) as r:
                            answer = r.read()
                            if proxy.delay and self.path.startswith("/federation/trace"):
                                time.sleep(proxy.delay)
                            self.reply(r.status, answer, r.headers.get("Content-Type", "application/json"))
                    except urllib.error.HTTPError as e:
                        self.reply(e.code, e.read(), e.headers.get("Content-Type", "application/json"), location=e.headers.get("Location"))
                except (BrokenPipeError, ConnectionResetError):
                    pass

        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True

        self.server = Server((host, self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class Node(ServedNode):
    """A node, in namespace `k` of `spaces` when there are namespaces; reached through a proxy in this namespace.
    `serve_args`: more `junkan serve` options (timeouts, cache); `on_trace`: the proxy's look at each graph question."""

    def __init__(self, junkan, work, name, proxied=True, spaces=None, k=0, serve_args=(), on_trace=None, delay=0.0):
        where = dict(host=spaces.addresses[k], prefix=spaces.exec_prefix(k), port=8080) if spaces else {}
        super().__init__(junkan, name, os.path.join(work, name + ".sqlite"), log_path(work, name), **where)
        front = BRIDGE_ADDRESS if spaces else "127.0.0.1"
        self.proxy = Proxy(self.port, host=front, target_host=self.host, on_trace=on_trace, delay=delay) if proxied else None
        self.url = f"http://{front}:{self.proxy.port}" if proxied else f"http://{self.host}:{self.port}"
        self.args = ["--base-url", self.url, "--checkpoint-interval", "0.3", *serve_args]
        self.start()

    def restart_proxy(self):
        """The proxy again, where the peers know it (after `proxy.stop()`)."""
        old = self.proxy
        self.proxy = Proxy(self.port, port=old.port, host=old.host, target_host=self.host, on_trace=old.on_trace, delay=old.delay)

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


def split_graph(seed, steps_count, assemble_all=False):
    """The random graph with each lot under a company's prefix; events per company, in capture order. `assemble_all`:
    a last step (the maker's) takes a kilogram of every lot no step used, so its product has every step upstream."""
    declared, steps = random_trace.generate(seed, steps=steps_count, boundary=max(10, steps_count * 3 // 4), waste=max(4, steps_count // 10))
    if assemble_all:
        used = {j for s in steps for j, _ in s["inputs"]}
        sinks = [o for s in steps for o, _ in s["outputs"] if o not in used]
        final = max([o for s in steps for o, _ in s["outputs"]] + list(declared)) + 1
        steps.append({"inputs": [(o, 1.0) for o in sinks], "outputs": [(final, float(len(sinks)) * 0.98)], "ghg": 1.0, "economic": None,
                      "cut_off": False})
    r = random.Random(seed + 1)
    owner = {}
    for n in declared:
        owner[n] = r.randrange(3)
    step_owner = []
    for k, s in enumerate(steps):
        c = 2 if assemble_all and k == len(steps) - 1 else r.randrange(3)
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


def junkan_cli(junkan, *args):
    return subprocess.run([junkan, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)


def federate(junkan, nodes, single, by_company, context, release, check):
    """Each company's organisation on its node (releasing under `release`) and on the single node, its events captured
    into both, checkpoints awaited; then every node pins every other. Returns the companies' organisation IDs and their
    capture tokens on their nodes."""
    org_ids, n_tokens = {}, {}
    for c, (name, prefix) in enumerate(COMPANIES):
        for target in (nodes[c], single):
            out = junkan_cli(junkan, "org", "add", name, "--gs1-prefix", prefix, "--database", target.db)
            token = json.loads(out.stdout)["token"]
            if target is not single:
                org_ids[c] = json.loads(out.stdout)["id"]
                n_tokens[c] = token
                out = junkan_cli(junkan, "org", "release", org_ids[c], release, "--database", target.db)
                check(out.returncode == 0, f"{name} releases to {release}: {out.stderr.strip()}")
            document = {"@context": context, "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-12-01T00:00:00Z",
                        "epcisBody": {"eventList": by_company[c]}}
            status, _ = request(target.url + "/capture", document, token)
            check(status in (201, 202), f"{name}'s {len(by_company[c])} events captured at {target.name}: {status}")
    for c, n in enumerate(nodes):
        n.wait_for_checkpoint(len(by_company[c]))
    single.wait_for_checkpoint(sum(len(e) for e in by_company))
    for n in nodes:
        for m in nodes:
            if m is not n:
                key = request(m.url + "/tlog/key")[1].decode().strip()
                out = junkan_cli(junkan, "peer", "add", m.url, "--log-key", key, "--database", n.db)
                check(out.returncode == 0, f"{n.name} pins {m.name}: {out.stderr.strip()}")
    return org_ids, n_tokens


def stop_all(nodes, spaces):
    """Stops every node (whatever state each is in) and removes the namespaces."""
    for n in nodes:
        try:
            n.stop()
        except Exception:
            pass
    if spaces:
        spaces.teardown()
