#!/usr/bin/env python3
"""Issue 24: the demo's responses stay byte-identical across a refactor.

Runs `junkan demo` on a fixed port, publishes a PACT footprint and creates a PACT client on its database, then asks a
fixed list of routes (passports in every format, the resolver, the data-book page and report, materials pages and
JSON, trace JSON, footprints, the PACT list, errors) and writes status, the headers that carry meaning and the body of
each answer to one file per route.

What a fresh demo cannot repeat is replaced before comparing, each kind by a numbered stand-in in order of first
appearance within the file (so two answers are equal only when the same values recur in the same places):
 - UUIDs (organisation, job, footprint ids), bearer tokens and PACT client ids and secrets;
 - base64 and base64url runs of 40 characters or more (keys, signatures, JWTs, leaf and tile hashes in proofs);
 - 64-digit hex runs that are not event hashes (tree hashes), and timestamps of the run's own day (record times,
   creation dates, assembly times, validFrom), whose spelling is kept apart from their value.
Event hashes, event times and every number computed from the trace graph are compared as they are.

usage: check_demo_responses.py JUNKAN_BINARY GOLDEN_DIR [--record] [--database postgres://… --key-dir DIR]
(with --database the demo runs on that empty PostgreSQL database, and must answer exactly as on SQLite)
"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

PORT = 18473
BASE = f"http://127.0.0.1:{PORT}"
ITEM = "/01/04912345000071/21/NB24A0001"
LOT = "/01/04912345000033/10/RPCABS-2026-01"
MODEL = "/01/04912345000071"
ITEM_ID = "https://id.gs1.org" + ITEM
LOT_ID = "https://id.gs1.org" + LOT

# (file name, method, path, headers, body)
ROUTES = [
    ("passport-item.html", "GET", "/passports" + ITEM, {"Accept": "text/html"}, None),
    ("passport-item.json", "GET", "/passports" + ITEM, {"Accept": "application/json"}, None),
    ("passport-item.jsonld", "GET", "/passports" + ITEM, {"Accept": "application/ld+json"}, None),
    ("passport-item.jwt", "GET", "/passports" + ITEM + "?format=vc%2Bjwt", {}, None),
    ("passport-item-authority.json", "GET", "/passports" + ITEM, {"Accept": "application/json", "Authorization": "AUTHORITY"}, None),
    ("passport-lot.html", "GET", "/passports" + LOT, {"Accept": "text/html"}, None),
    ("passport-lot.json", "GET", "/passports" + LOT, {"Accept": "application/json"}, None),
    ("passport-model.html", "GET", "/passports" + MODEL, {"Accept": "text/html"}, None),
    ("passport-model.jsonld", "GET", "/passports" + MODEL, {"Accept": "application/ld+json"}, None),
    ("resolver-item.txt", "GET", ITEM, {}, None),
    ("resolver-item-linkset.json", "GET", ITEM + "?linkType=all", {}, None),
    ("resolver-description.json", "GET", "/.well-known/gs1resolver", {}, None),
    ("resolver-bad-check-digit.json", "GET", "/01/04912345000072", {}, None),
    ("databook-2023.html", "GET", "/reports/circularity.html?fiscalYear=2023", {}, None),
    ("databook-2024.html", "GET", "/reports/circularity.html?fiscalYear=2024", {}, None),
    ("report-2023.json", "GET", "/reports/circularity?fiscalYear=2023", {}, None),
    ("report-2024.json", "GET", "/reports/circularity?fiscalYear=2024", {}, None),
    ("trend.csv", "GET", "/reports/circularity/trend?from=2019&to=2023&format=csv", {}, None),
    ("trend.json", "GET", "/reports/circularity/trend?from=2019&to=2023", {}, None),
    ("offers.html", "GET", "/materials/offers.html", {}, None),
    ("offers-pp.html", "GET", "/materials/offers.html?polymer=PP&kind=recycled&MFR=8..14", {}, None),
    ("request-notebook.html", "GET", "/materials/request.html?id=notebook-housing", {}, None),
    ("request-appliance.html", "GET", "/materials/request.html?id=appliance-pp", {}, None),
    ("lots-pp.json", "GET", "/materials/lots?polymer=PP", {}, None),
    ("grades.json", "GET", "/materials/grades", {}, None),
    ("matches.json", "GET", "/materials/requests/notebook-housing/matches", {}, None),
    ("blend.json", "POST", "/materials/requests/notebook-housing/blend", {}, None),
    ("trace-upstream.json", "GET", "/trace/upstream?id=" + ITEM_ID + "&depth=10", {}, None),
    ("trace-downstream.json", "GET", "/trace/downstream?id=https://id.gs1.org/01/04912345000040/10/VPCABS-2405", {}, None),
    ("trace-footprint.json", "GET", "/trace/footprint?id=" + LOT_ID, {}, None),
    ("events-transformation.json", "GET", "/events?eventType=TransformationEvent&perPage=5", {}, None),
    ("events-missing.json", "GET", "/events/urn:uuid:00000000-0000-4000-8000-000000000000", {}, None),
    ("products-notebook.json", "GET", "/products/04912345000071", {}, None),
    ("did-node.json", "GET", "/.well-known/did.json", {}, None),
    ("vocabulary.jsonld", "GET", "/voc/context.jsonld", {}, None),
    ("qr.svg", "GET", "/qr?uri=https%3A%2F%2Fid.gs1.org%2F01%2F04912345000071", {"Accept": "image/svg+xml"}, None),
    ("pact-footprints.json", "GET", "/3/footprints", {"Authorization": "PACT", "X-Forwarded-Proto": "https"}, None),
    ("pact-footprints-unauthorised.json", "GET", "/3/footprints", {"X-Forwarded-Proto": "https"}, None),
    ("capture-unauthorised.json", "POST", "/capture", {"Content-Type": "application/ld+json"}, b"{}"),
    ("capture-options.txt", "OPTIONS", "/capture", {}, None),
    ("materials-bad-query.json", "GET", "/materials/lots?MFR=abc", {}, None),
]

# Response headers that carry meaning (Date and the like are left out).
HEADERS = ["content-type", "location", "link", "allow", "www-authenticate", "access-control-allow-origin", "vary",
           "gs1-epcis-capture-limit", "gs1-epcis-capture-file-size-limit", "gs1-epcis-version", "gs1-cbv-version",
           "gs1-capture-error-behaviour", "content-disposition", "cache-control"]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def ask(method, path, headers, body):
    req = urllib.request.Request(BASE + path, data=body, method=method, headers=headers)
    try:
        with OPENER.open(req, timeout=60) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def junkan(binary, *args):
    return subprocess.run([binary, *args], check=True, capture_output=True, text=True).stdout


def start_demo(binary, work):
    log = open(os.path.join(work, "demo.log"), "w")
    proc = subprocess.Popen([binary, "demo", *database_args(work), "--port", str(PORT)],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    for _ in range(600):
        if proc.poll() is not None:
            sys.exit("demo exited:\n" + open(os.path.join(work, "demo.log")).read())
        try:
            if ask("GET", "/health", {}, None)[0] == 200:
                break
        except OSError:
            pass
        time.sleep(0.2)
    else:
        sys.exit("demo did not start")
    # The passports carry proofs to the latest checkpoint: wait until it covers every event and the demo's witness has
    # cosigned it (on a loaded machine that takes a few seconds), and until it stays so.
    deadline = time.time() + 120
    while time.time() < deadline:
        events = json.loads(ask("GET", "/health", {}, None)[2])["events"]
        checkpoint = ask("GET", "/tlog/checkpoint", {}, None)[2].decode()
        lines = checkpoint.split("\n")
        if len(lines) > 1 and lines[1] == str(events) and "junkan-demo-witness" in checkpoint:
            time.sleep(1.5)
            if ask("GET", "/tlog/checkpoint", {}, None)[2].decode() == checkpoint:
                return proc
        time.sleep(0.5)
    sys.exit("the demo's log did not settle: no cosigned checkpoint covers every event")


def authority_token(work):
    text = open(os.path.join(work, "demo.log")).read()
    m = re.search(r"Authorization: Bearer (\S+?)\)", text)
    if not m:
        sys.exit("no authority token in the demo's output")
    return m.group(1)


def database_args(work):
    """The demo's database: a SQLite file in `work`, or the PostgreSQL database given after --database."""
    if "--database" in sys.argv:
        return ["--database", sys.argv[sys.argv.index("--database") + 1], "--key-dir", sys.argv[sys.argv.index("--key-dir") + 1]]
    return ["--database", os.path.join(work, "demo.sqlite")]


def pact_token(binary, database):
    client = json.loads(junkan(binary, "pact-client", "add", "Snapshot partner", *database))
    import base64
    basic = base64.b64encode(f"{client['client_id']}:{client['client_secret']}".encode()).decode()
    status, _, body = ask("POST", "/auth/token", {"Authorization": "Basic " + basic, "X-Forwarded-Proto": "https",
                                                  "Content-Type": "application/x-www-form-urlencoded"},
                          b"grant_type=client_credentials")
    if status != 200:
        sys.exit(f"/auth/token answered {status}: {body!r}")
    return json.loads(body)["access_token"]


def publish_footprint(binary, database):
    org = next(o["id"] for o in json.loads(junkan(binary, "org", "list", *database)) if o["name"] == "Junkan Demo Recycler")
    junkan(binary, "pact", "publish", LOT_ID, "--org", org, "--fossil-carbon-content", "0.1",
           "--accept-data-quality-issues", *database)


class Stand:
    """Numbered stand-ins, one numbering per kind, in order of first appearance."""

    def __init__(self):
        self.seen = {}

    def __call__(self, kind, value):
        table = self.seen.setdefault(kind, {})
        if value not in table:
            table[value] = len(table) + 1
        return f"<{kind}#{table[value]}>"


def keep(run, event_hashes):
    """A long base64-like run that is not volatile: an event hash, or a path (GS1 Digital Link paths are that long).
    A path has no "=" or "+": a signature or hash that happens to begin with "/" is base64 with padding (every signed
    note's signature and every 32-byte hash here is padded), and stays volatile (a CI run once kept one)."""
    return run in event_hashes or "/01/" in run or (run.startswith("/") and "=" not in run and "+" not in run)


def normalise(text, event_hashes, today, secrets):
    stand = Stand()
    for secret, kind in secrets:
        text = text.replace(secret, f"<{kind}>")
    text = re.sub(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", lambda m: stand("uuid", m.group(0).lower()), text)
    text = re.sub(r"pact-[0-9a-f]{8}", lambda m: stand("pact-client", m.group(0)), text)
    text = re.sub(r"org-[0-9a-f]{12}", lambda m: stand("org", m.group(0)), text)
    # Epoch milliseconds of the run's own day (record times in page tokens).
    text = re.sub(r"(?<![0-9])1[0-9]{12}(?![0-9])",
                  lambda m: stand("epoch-ms", m.group(0)) if abs(int(m.group(0)) / 1000 - time.time()) < 86400 else m.group(0), text)
    text = re.sub(r"(?<![0-9a-fA-F])[0-9a-f]{64}(?![0-9a-fA-F])",
                  lambda m: m.group(0) if m.group(0) in event_hashes else stand("hex", m.group(0)), text)
    text = re.sub(today + r"T[0-9:.]+Z?", lambda m: stand("now", "time") + ("Z" if m.group(0).endswith("Z") else ""), text)
    text = re.sub(r"[A-Za-z0-9+/_\-]{40,}={0,2}", lambda m: m.group(0) if keep(m.group(0), event_hashes) else stand("b64", m.group(0)), text)
    return text


def snapshot(binary):
    work = tempfile.mkdtemp()
    database = database_args(work)
    proc = start_demo(binary, work)
    try:
        secrets = [(authority_token(work), "authority-token")]
        publish_footprint(binary, database)
        pact = pact_token(binary, database)
        secrets.append((pact, "pact-token"))
        status, _, body = ask("GET", "/events?perPage=1000", {}, None)
        event_hashes = set(re.findall(r"ni:///sha-256;([0-9a-f]{64})", body.decode()))
        today = time.strftime("%Y-%m-%d", time.gmtime())
        out = {}
        for name, method, path, headers, body in ROUTES:
            h = dict(headers)
            if h.get("Authorization") == "AUTHORITY":
                h["Authorization"] = "Bearer " + secrets[0][0]
            if h.get("Authorization") == "PACT":
                h["Authorization"] = "Bearer " + pact
            status, rh, data = ask(method, path, h, body)
            lines = [f"{method} {path}", f"status: {status}"]
            for k in HEADERS:
                v = rh.get(k)
                if v is not None:
                    lines.append(f"{k}: {normalise(v, event_hashes, today, secrets)}")
            out[name] = "\n".join(lines) + "\n\n" + normalise(data.decode("utf-8", errors="replace"), event_hashes, today, secrets)
        return out
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def main():
    binary, golden = sys.argv[1], sys.argv[2]
    record = "--record" in sys.argv[3:]
    got = snapshot(binary)
    if record:
        os.makedirs(golden, exist_ok=True)
        for name, text in got.items():
            with open(os.path.join(golden, name + ".golden"), "w", newline="") as f:
                f.write(text)
        print(f"recorded {len(got)} responses in {golden}")
        return
    failed = 0
    for name, text in got.items():
        path = os.path.join(golden, name + ".golden")
        want = open(path, newline="").read() if os.path.exists(path) else None
        if want != text:
            failed += 1
            diff_dir = os.path.join(".ci", "out", "demo-responses")
            os.makedirs(diff_dir, exist_ok=True)
            with open(os.path.join(diff_dir, name), "w", newline="") as f:
                f.write(text)
            print(f"DIFFERS {name} (now in {diff_dir}/{name})")
    print(f"responses: {len(got) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
