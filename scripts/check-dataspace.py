#!/usr/bin/env python3
"""The Dataspace Protocol 2025-1 connector between two nodes (issue 28): a consumer node (`junkan dsp catalog|fetch`)
finds datasets in a provider node's catalog as its access policies allow, negotiates contracts (agreed, refused by a
contract constraint that does not hold, declined by the consumer), transfers (HttpData-PULL), pulls the data with the
token, and is refused once the transfer is completed or the token has expired, or for a purpose the agreement does not
allow. Every DSP message on the wire, both ways (the consumer records all of them: what it sends, the provider's
answers, and the provider's callbacks), is validated against the fixture's JSON Schemas with Python `jsonschema`; so
are the malformed-message errors and the DID service entries.

Usage: scripts/check-dataspace.py [junkan binary]   (run with the reference virtualenv's python: it has jsonschema)"""
import glob
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse

from jsonschema import Draft201909Validator
from referencing import Registry, Resource

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from federation_nodes import COMPANIES, junkan_cli, lot_dl, request, split_graph, walk  # noqa: E402
from netns import Namespaces  # noqa: E402
from served_node import ServedNode, log_path  # noqa: E402

JUNKAN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/junkan")
SCHEMAS = os.path.join(ROOT, "..", "shared", "fixtures", "dsp", "DataspaceProtocol", "artifacts", "src", "main", "resources")
TOKEN_LIFETIME = 3  # seconds, the provider's --dsp-token-lifetime
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


def junkan(*args, prefix=()):
    return subprocess.run([*prefix, JUNKAN, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)


class Schemas:
    """The fixture's schemas, each by its `$id`, so their cross-references resolve without a network."""

    def __init__(self, root):
        resources, self.by_file = [], {}
        for path in glob.glob(os.path.join(root, "*", "*-schema.json")):
            # The transfer schemas refer to `…#definitions/X`, not a JSON pointer (`#/definitions/X`): a slip upstream that
            # jsonschema refuses to resolve. Read as the pointer it means.
            schema = json.loads(open(path).read().replace('#definitions/', '#/definitions/'))
            resources.append((schema["$id"], Resource.from_contents(schema)))
            self.by_file[os.path.relpath(path, root)] = schema
        self.registry = Registry().with_resources(resources)
        self.checked = {}

    def file_for(self, message_type):
        kebab = "".join("-" + c.lower() if c.isupper() else c for c in message_type).lstrip("-")
        area = "catalog" if message_type.startswith(("Catalog", "Dataset")) else "negotiation" if message_type.startswith("Contract") else "transfer"
        return f"{area}/{kebab}-schema.json"

    def errors(self, body, file=None):
        file = file or self.file_for(body.get("@type", "?") if isinstance(body, dict) else "?")
        schema = self.by_file.get(file)
        if schema is None:
            return [f"no schema {file}"]
        self.checked[file] = self.checked.get(file, 0) + 1
        return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in Draft201909Validator(schema, registry=self.registry).iter_errors(body)]


def main():
    schemas = Schemas(SCHEMAS)
    work = tempfile.mkdtemp(prefix="junkan-dataspace-")
    spaces = Namespaces.setup("jkdsp", 2)
    if spaces:
        print(f"nodes in network namespaces {', '.join(spaces.names)} at {', '.join(spaces.addresses)}", flush=True)
    nodes = []
    try:
        def node(name, k, extra=()):
            where = dict(host=spaces.addresses[k], prefix=spaces.exec_prefix(k), port=8080) if spaces else {}
            n = ServedNode(JUNKAN, name, os.path.join(work, name + ".sqlite"), log_path(work, name), **where)
            n.url = f"http://{n.host}:{n.port}"
            n.args = ["--base-url", n.url, "--checkpoint-interval", "0.3", *extra]
            n.start()
            nodes.append(n)
            return n

        provider = node("provider", 0, ["--dsp-token-lifetime", str(TOKEN_LIFETIME)])
        consumer = node("consumer", 1)
        in_consumer = spaces.exec_prefix(1) if spaces else ()

        # The provider holds three companies' events; the consumer holds none (it only asks).
        doc, by_company, owner, steps = split_graph(5, 60)
        orgs = {}
        for c, (name, prefix) in enumerate(COMPANIES):
            out = junkan_cli(JUNKAN, "org", "add", name, "--gs1-prefix", prefix, "--database", provider.db)
            orgs[name] = json.loads(out.stdout)
            status, _ = request(provider.url + "/capture", {"@context": doc["@context"], "type": "EPCISDocument", "schemaVersion": "2.0",
                                                             "creationDate": "2026-12-01T00:00:00Z", "epcisBody": {"eventList": by_company[c]}},
                                orgs[name]["token"])
            check(status in (201, 202), f"{name}'s {len(by_company[c])} events captured at the provider: {status}")
            # Other organisations' upstream events go with a lot's events only as their release policies allow.
            junkan_cli(JUNKAN, "org", "release", orgs[name]["id"], "partners", "--database", provider.db)
        total = sum(len(e) for e in by_company)
        end = time.time() + 60
        while time.time() < end and int(request(provider.url + "/tlog/checkpoint")[1].decode().split("\n")[1]) < total:
            time.sleep(0.2)
        for a, b in ((provider, consumer), (consumer, provider)):
            key = request(b.url + "/tlog/key")[1].decode().strip()
            out = junkan_cli(JUNKAN, "peer", "add", b.url, "--log-key", key, "--database", a.db)
            check(out.returncode == 0, f"{a.name} pins {b.name}: {out.stderr.strip()}")
        consumer_did = "did:web:" + urllib.parse.quote(consumer.url.split("://", 1)[1], safe="")

        # Policies: the Maker offers its lots' events to the group "partners" (access) for traceability only (contract);
        # the Recycler offers its passports under a date window that has closed; the Molder offers nothing.
        def policy(org, role, target, body):
            path = os.path.join(work, f"{org}-{role}-{target.replace('*', 'all')}.json")
            json.dump(body, open(path, "w"))
            return junkan_cli(JUNKAN, "org", "policy", "set", orgs[org]["id"], "--role", role, "--target", target, path, "--database", provider.db)

        maker, recycler = COMPANIES[2][0], COMPANIES[0][0]
        out = policy(maker, "access", "*", {"@id": "urn:junkan:policy:maker-access", "@type": "Set", "permission": [
            {"action": "use", "constraint": [{"leftOperand": "junkan:memberOf", "operator": "eq", "rightOperand": "partners"}]}]})
        check(out.returncode == 0, f"the Maker's access policy is written: {out.stderr.strip()}")
        out = policy(maker, "contract", "events", {"@id": "urn:junkan:policy:maker-events", "@type": "Offer", "permission": [
            {"action": "use", "constraint": [
                {"leftOperand": "junkan:requester", "operator": "eq", "rightOperand": consumer_did},
                {"leftOperand": "purpose", "operator": "isAnyOf", "rightOperand": ["junkan:traceability", "junkan:productFootprint"]}]}]})
        check(out.returncode == 0, f"the Maker's contract policy is written: {out.stderr.strip()}")
        out = policy(recycler, "contract", "passport", {"@id": "urn:junkan:policy:recycler-passports", "@type": "Offer", "permission": [
            {"action": "use", "constraint": [{"leftOperand": "dateTime", "operator": "lt", "rightOperand": "2020-01-01T00:00:00Z"}]}]})
        check(out.returncode == 0, f"the Recycler's contract policy is written: {out.stderr.strip()}")
        out = policy(recycler, "contract", "footprint", {"@id": "urn:junkan:policy:bad", "@type": "Offer", "permission": [
            {"action": "use", "constraint": [{"leftOperand": "spatial", "operator": "eq", "rightOperand": "http://example.org/EU"}]}]})
        check(out.returncode != 0 and "/permission/0/constraint/0/leftOperand" in out.stderr,
              f"a constraint outside the vocabulary is refused when written, with where: {out.stderr.strip()[:160]}")

        # Discovery: the version endpoint and the DID service entries.
        status, body = request(provider.url + "/.well-known/dspace-version")
        errs = schemas.errors(json.loads(body), "common/protocol-version-schema.json")
        check(status == 200 and not errs, f"/.well-known/dspace-version validates: {errs[:2]}")
        status, body = request(provider.url + "/.well-known/did.json")
        services = {s["type"]: s for s in json.loads(body).get("service", [])}
        # The schema wants every serviceEndpoint to end in /catalog, while the specification and the fixture's own
        # DataService example point a DataService at /.well-known/dspace-version: the CatalogService entry is checked
        # against the schema whole, the DataService entry against it but for that pattern.
        errs = schemas.errors(services.get("CatalogService", {}), "common/did-service-schema.json")
        data_errs = [e for e in schemas.errors(services.get("DataService", {}), "common/did-service-schema.json") if "/catalog$" not in e]
        check(not errs and not data_errs and services.get("DataService", {}).get("serviceEndpoint") == provider.url + "/.well-known/dspace-version",
              f"the node's DID document lists CatalogService and DataService entries that validate: {errs[:2]} {data_errs[:2]}")

        # The catalog, as an anonymous requester and as the consumer before and after it joins "partners".
        status, body = request(provider.url + "/dsp/catalog/request", {"@context": ["https://w3id.org/dspace/2025/1/context.jsonld"],
                                                                       "@type": "CatalogRequestMessage", "filter": []})
        anonymous = json.loads(body)
        check(status == 200 and not schemas.errors(anonymous), f"an anonymous catalog request is answered with a valid Catalog: {status}")

        record = os.path.join(work, "messages.jsonl")

        def catalog():
            out = junkan("dsp", "catalog", provider.url, "--record", record, "--database", consumer.db, prefix=in_consumer)
            check(out.returncode == 0, f"junkan dsp catalog: {out.stderr.strip()[:200]}")
            return json.loads(out.stdout) if out.returncode == 0 else {}

        def kinds(cat):
            return {d["@id"].split(":")[3] + "/" + next(o for o in orgs if orgs[o]["id"] == organisation(d["@id"])) for d in cat.get("dataset", [])}

        def organisation(dataset_id):
            gtin = dataset_id.split(":")[5] if dataset_id.split(":")[4] == "01" else ""
            for name, prefix in COMPANIES:
                if gtin[1:1 + len(prefix)] == prefix:
                    return orgs[name]["id"]
            return None

        before = catalog()
        check(kinds(anonymous) == kinds(before) == {"passport/" + recycler},
              f"before joining the group the consumer sees what anyone sees: {sorted(kinds(before))}")
        out = junkan_cli(JUNKAN, "peer", "group", "join", "partners", consumer.url, "--database", provider.db)
        check(out.returncode == 0, f"the consumer joins the provider's group partners: {out.stderr.strip()}")
        cat = catalog()
        errs = schemas.errors(cat, "catalog/catalog-schema.json")
        check(not errs, f"the catalog validates against catalog-schema.json: {errs[:2]}")
        check(kinds(cat) == {"passport/" + recycler, "events/" + maker},
              f"as a member of partners it also sees the Maker's events datasets (the Molder offers nothing): {sorted(kinds(cat))}")

        # A lot of the Maker's with the most upstream: its events dataset, fetched.
        maker_lots = [o for s in steps for o, _ in s["outputs"] if owner[o] == 2]
        lot = maker_lots[-1]
        dl = lot_dl(lot, owner)
        events_id = "urn:junkan:dataset:events:" + dl.split("https://id.gs1.org/", 1)[1].replace("/", ":")
        check(any(d["@id"] == events_id for d in cat.get("dataset", [])), f"the catalog lists {events_id}")

        def fetch(dataset, *more):
            out = junkan("dsp", "fetch", provider.url, "--dataset", dataset, "--record", record, "--database", consumer.db, *more, prefix=in_consumer)
            lines = [json.loads(line) for line in out.stderr.splitlines() if line.startswith("{")]
            return out, lines

        data_path = os.path.join(work, "events.json")
        out, states = fetch(events_id, "--purpose", "junkan:traceability", "--out", data_path)
        seen = [(s["process"], s["state"]) for s in states]
        check(out.returncode == 0 and seen == [("negotiation", "REQUESTED"), ("negotiation", "AGREED"), ("negotiation", "VERIFIED"),
                                               ("negotiation", "FINALIZED"), ("transfer", "REQUESTED"), ("transfer", "STARTED"),
                                               ("transfer", "COMPLETED")],
              f"junkan dsp fetch negotiates, transfers and completes, printing each state: {seen} {out.stderr.strip()[-200:]}")
        if out.returncode == 0:
            def digest(h):
                return h.split(";")[-1].split("?")[0]
            # random_trace gives each event its CBV 2.0 hash as its eventID.
            pulled = json.load(open(data_path))["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
            hashes = [digest(e["eventID"]) for e in pulled]
            status, tree = request(provider.url + "/trace/upstream?depth=100&id=" + urllib.parse.quote(dl, safe=""))
            expected = {digest(h) for h in walk(json.loads(tree), "upstream")[0]}
            check(set(hashes) == expected and len(hashes) > 5,
                  f"the data pulled is the lot's events and its upstream's: {len(hashes)} events, the provider's trace {len(expected)}")
            agreement = next(s for s in states if s["state"] == "AGREED")["agreement"]
            check(agreement.get("assignee") == consumer_did and agreement.get("target") == events_id,
                  f"the agreement names the consumer's DID and the dataset: {agreement.get('assignee')}")
            started = next(s for s in states if s["state"] == "STARTED")["dataAddress"]
            token = next(p["value"] for p in started["endpointProperties"] if p["name"] == "authorization")
            status, _ = request(started["endpoint"] + "?purpose=junkan:traceability", token=token)
            check(status == 401, f"after the transfer is COMPLETED its token is dead: {status}")

        # A transfer left STARTED: the token works for an allowed purpose, not for another or none, and not once expired.
        out, states = fetch(events_id, "--purpose", "junkan:productFootprint", "--keep", "--out", os.devnull)
        started = next((s for s in states if s["state"] == "STARTED"), None)
        check(out.returncode == 0 and started is not None, f"a second fetch, kept STARTED: {out.stderr.strip()[-200:]}")
        if started:
            address = started["dataAddress"]
            errs = schemas.errors(address, "transfer/data-address-schema.json")
            check(not errs, f"the data address validates: {errs[:2]}")
            token = next(p["value"] for p in address["endpointProperties"] if p["name"] == "authorization")
            status, _ = request(address["endpoint"] + "?purpose=junkan:traceability", token=token)
            check(status == 200, f"the token pulls again for an agreed purpose: {status}")
            status, _ = request(address["endpoint"] + "?purpose=junkan:materialSourcing", token=token)
            check(status == 403, f"for a purpose the agreement does not name it is refused: {status}")
            status, _ = request(address["endpoint"], token=token)
            check(status == 403, f"without a declared purpose it is refused (the agreement constrains the purpose): {status}")
            status, _ = request(address["endpoint"] + "?purpose=junkan:traceability", token=token + "x")
            check(status == 401, f"another token is refused: {status}")
            time.sleep(TOKEN_LIFETIME + 0.5)
            status, _ = request(address["endpoint"] + "?purpose=junkan:traceability", token=token)
            check(status == 401, f"after {TOKEN_LIFETIME} s the token has expired: {status}")

        # Refused: the Recycler's passports are offered under a date window that has closed.
        passport_id = next(d["@id"] for d in cat["dataset"] if d["@id"].startswith("urn:junkan:dataset:passport:"))
        out, states = fetch(passport_id)
        last = states[-1] if states else {}
        check(out.returncode != 0 and last.get("state") == "TERMINATED" and "dateTime" in last.get("reason", ""),
              f"a negotiation whose contract constraint does not hold is terminated by the provider, with why: {last}")
        # Declined: the consumer terminates an agreement it was sent.
        out, states = fetch(events_id, "--decline")
        check(out.returncode != 0 and [s["state"] for s in states][-2:] == ["AGREED", "TERMINATED"],
              f"the consumer declines an agreement: {[s['state'] for s in states]}")
        pid = next((s["providerPid"] for s in states if s["state"] == "AGREED"), None)

        # The consumer node's own trace walk reaches the Maker's lots through DSP (junkan peer add --dsp): it negotiates
        # the lot's events dataset as a consumer, its callbacks arriving at its own /dsp/callback, and the walk's upstream
        # is the provider's own, every remote step marked unverified, from the provider.
        out = junkan_cli(JUNKAN, "peer", "remove", provider.url, "--database", consumer.db)
        check(out.returncode == 0, f"the consumer forgets the provider as a Junkan peer: {out.stderr.strip()}")
        out = junkan_cli(JUNKAN, "peer", "add", provider.url, "--dsp", "--gs1-prefix", COMPANIES[2][1], "--database", consumer.db)
        check(out.returncode == 0, f"and registers it as a DSP provider of the Maker's prefix: {out.stderr.strip()}")
        status, tree = request(consumer.url + "/trace/upstream?depth=100&id=" + urllib.parse.quote(dl, safe=""))
        walked = json.loads(tree) if status == 200 else {}
        hashes, marks = walk(walked, "upstream") if walked else (set(), [])
        _, own = request(provider.url + "/trace/upstream?depth=100&id=" + urllib.parse.quote(dl, safe=""))
        expected, _ = walk(json.loads(own), "upstream")
        check(status == 200 and hashes == expected and "tombstones" not in walked,
              f"the consumer's walk of L{lot} through DSP: {len(hashes)} events, the provider's own {len(expected)}, "
              f"tombstones {walked.get('tombstones')}")
        check(marks and all(m.get("node") == provider.url and m.get("verified") is False for m in marks),
              f"each of its {len(marks)} steps is marked as the provider's, unverified")

        # Malformed and unauthorised messages get the protocol's error object with a 4xx.
        for path, body, kind in [
            ("/dsp/catalog/request", {"@type": "CatalogRequestMessage"}, "CatalogError"),
            ("/dsp/negotiations/request", {"@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "ContractRequestMessage",
                                           "consumerPid": "urn:uuid:1", "offer": {"@id": "x"}, "callbackAddress": "http://example.com"},
             "ContractNegotiationError"),
            ("/dsp/negotiations/" + str(pid) + "/agreement/verification", [1, 2], "ContractNegotiationError"),
            ("/dsp/transfers/request", "not a message", "TransferError"),
            ("/dsp/transfers/urn:uuid:none/completion", {"@context": ["https://w3id.org/dspace/2025/1/context.jsonld"],
                                                         "@type": "TransferCompletionMessage", "providerPid": "a", "consumerPid": "b"},
             "TransferError")]:
            status, answer = request(provider.url + path, body)
            try:
                answer = json.loads(answer)
            except ValueError:
                answer = {}
            errs = schemas.errors(answer) if answer else ["no JSON"]
            check(400 <= status < 500 and answer.get("@type") == kind and not errs,
                  f"POST {path[:60]} with a bad or unsigned message: {status} {kind} {errs[:1]}")

        # Every message recorded on the wire validates.
        messages = [json.loads(line) for line in open(record)] if os.path.exists(record) else []
        bad = []
        for m in messages:
            body = m["body"]
            if isinstance(body, dict) and body.get("@type"):
                for e in schemas.errors(body):
                    bad.append(f"{m['direction']} {m['url']} {body['@type']}: {e}")
        types = sorted({m["body"].get("@type") for m in messages if isinstance(m["body"], dict) and m["body"].get("@type")})
        check(len(messages) > 30 and not bad, f"every DSP message on the wire validates against the fixture schemas: {len(messages)} messages "
                                              f"of {len(types)} types ({', '.join(types)}); invalid: {bad[:3]}")
    finally:
        for n in nodes:
            try:
                n.stop()
            except Exception:  # noqa: BLE001
                pass
        if spaces:
            spaces.teardown()
    print(f"schemas used: {', '.join(f'{k} ×{v}' for k, v in sorted(schemas.checked.items()))}")
    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    print("all dataspace checks passed")


if __name__ == "__main__":
    main()
