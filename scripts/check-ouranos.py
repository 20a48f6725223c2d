#!/usr/bin/env python3
"""The Ouranos data-transaction API of a node (issue 28, item 5; docs/ouranos.md): an organisation logs in with a client
API key and its account, and reads its operator, plants, parts (paged), a part's structure and CFPs; it updates its
operator and a plant. Every response body, and every request body sent, is validated against the component schemas of
the fixture's openapi.yaml (Python `jsonschema`; OpenAPI 3.0's `nullable` read as a null type); the CFP of a lot, its
four parts added up, equals the node's own footprint of that lot; the parts structure equals the step that made the lot;
refusals (no API key, a wrong password, a bad token, five failed logins, another operator's part) are 4xx with the
API's error body. `junkan ouranos push` writes a lot's structure and CFP to a second node and reads them back equal.

Usage: scripts/check-ouranos.py [junkan binary]   (with the reference virtualenv's python: it has jsonschema and PyYAML)"""
import copy
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import yaml
from jsonschema import Draft7Validator

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from federation_nodes import COMPANIES, junkan_cli, lot_dl, split_graph  # noqa: E402
from served_node import ServedNode, log_path  # noqa: E402

JUNKAN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/junkan")
FIXTURE = os.path.join(ROOT, "..", "shared", "fixtures", "ouranos", "data-transaction-system", "docs", "openapi.yaml")
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


def json_schema(schema):
    """OpenAPI 3.0 → JSON Schema: `nullable: true` allows null; `$ref`s to components resolved in place."""
    s = copy.deepcopy(schema)

    def walk(x):
        if isinstance(x, dict):
            if "$ref" in x:
                name = x.pop("$ref").split("/")[-1]
                x.update(walk(copy.deepcopy(COMPONENTS[name])))
            if x.pop("nullable", False):
                if "type" in x:
                    x["type"] = [x["type"], "null"]
                if "enum" in x:
                    x["enum"] = list(x["enum"]) + [None]
                if "allOf" in x or "$ref" in x:
                    x = {"anyOf": [dict(x), {"type": "null"}]}
            for k in ("format", "example", "examples"):
                x.pop(k, None)
            for k, v in list(x.items()):
                x[k] = walk(v)
            return x
        if isinstance(x, list):
            return [walk(v) for v in x]
        return x
    return walk(s)


SPEC = yaml.safe_load(open(FIXTURE))
COMPONENTS = SPEC["components"]["schemas"]
checked = {}


def errors(body, component, array=False):
    schema = json_schema({"$ref": "#/components/schemas/" + component})
    if array:
        schema = {"type": "array", "items": schema}
    checked[component] = checked.get(component, 0) + 1
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in Draft7Validator(schema).iter_errors(body)]


def call(method, url, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    h = dict(headers or {})
    if body is not None:
        h["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            raw, status, rh = r.read(), r.status, dict(r.headers)
    except urllib.error.HTTPError as e:
        raw, status, rh = e.read(), e.code, dict(e.headers)
    try:
        return status, json.loads(raw), rh
    except ValueError:
        return status, raw, rh


def main():
    work = tempfile.mkdtemp(prefix="junkan-ouranos-")
    node = ServedNode(JUNKAN, "node", os.path.join(work, "node.sqlite"), log_path(work, "node"))
    node.url = f"http://{node.host}:{node.port}"
    node.args = ["--base-url", node.url, "--checkpoint-interval", "0.3"]
    node.start()
    try:
        doc, by_company, owner, steps = split_graph(7, 60)
        orgs = {}
        for c, (name, prefix) in enumerate(COMPANIES):
            orgs[name] = json.loads(junkan_cli(JUNKAN, "org", "add", name, "--gs1-prefix", prefix, "--database", node.db).stdout)
            status, _, _ = call("POST", node.url + "/capture", {"@context": doc["@context"], "type": "EPCISDocument", "schemaVersion": "2.0",
                                                               "creationDate": "2026-12-01T00:00:00Z", "epcisBody": {"eventList": by_company[c]}},
                                {"Authorization": "Bearer " + orgs[name]["token"]})
            check(status in (201, 202), f"{name}'s events captured: {status}")
        maker = orgs[COMPANIES[2][0]]
        out = junkan_cli(JUNKAN, "org", "ouranos", maker["id"], "--account", "maker@example.com", "--open-operator-id", "1234567890123",
                         "--address", "Tokyo", "--database", node.db)
        check(out.returncode == 0, f"the Maker opens its Ouranos account: {out.stderr.strip()}")
        junkan_cli(JUNKAN, "org", "ouranos", orgs[COMPANIES[0][0]]["id"], "--account", "recycler@example.com", "--database", node.db)
        api_key = json.loads(junkan_cli(JUNKAN, "ouranos", "api-key", "add", "check", "--database", node.db).stdout)["apiKey"]

        # Login and refresh.
        login = {"operatorAccountId": "maker@example.com", "accountPassword": maker["token"]}
        check(not errors(login, "authentication.LoginInputModel"), "the login body validates")
        status, body, _ = call("POST", node.url + "/auth/login", login)
        check(status == 401 and not errors(body, "common.HTTP401Error") and body.get("code") == "Unauthorized",
              f"without an API key: 401 with the API's error body ({status})")
        status, tokens, _ = call("POST", node.url + "/auth/login", login, {"apiKey": api_key})
        check(status == 201 and not errors(tokens, "authentication.LoginOutputModel") and "accessToken" in tokens,
              f"login: 201 with tokens that validate ({status})")
        status, refreshed, _ = call("POST", node.url + "/auth/refresh", {"refreshToken": tokens.get("refreshToken", "")}, {"apiKey": api_key})
        check(status == 201 and not errors(refreshed, "authentication.RefreshOutputModel"), f"refresh: 201 ({status})")
        auth = {"apiKey": api_key, "Authorization": "Bearer " + refreshed.get("accessToken", "")}
        status, body, _ = call("GET", node.url + "/api/v1/authInfo?dataTarget=operator", None, {"apiKey": api_key, "Authorization": "Bearer x"})
        check(status == 401 and not errors(body, "common.HTTP401Error"), f"a token not issued here: 401 ({status})")

        # Operator and plants.
        status, operator, _ = call("GET", node.url + "/api/v1/authInfo?dataTarget=operator", None, auth)
        check(status == 200 and not errors(operator, "traceability.OperatorModel") and operator.get("openOperatorId") == "1234567890123",
              f"the operator validates: {errors(operator, 'traceability.OperatorModel')[:2]}")
        operator["operatorAddress"] = "1-1 Chiyoda, Tokyo"
        status, updated, _ = call("PUT", node.url + "/api/v1/authInfo?dataTarget=operator", operator, auth)
        check(status == 201 and updated.get("operatorAddress") == "1-1 Chiyoda, Tokyo" and not errors(updated, "traceability.OperatorModel"),
              f"PUT operator changes the address ({status})")
        wrong = dict(operator, operatorId="00000000-0000-8000-8000-000000000000")
        status, body, _ = call("PUT", node.url + "/api/v1/authInfo?dataTarget=operator", wrong, auth)
        check(status == 403 and not errors(body, "common.HTTP403Error"), f"PUT of another operator: 403 ({status})")
        status, plants, _ = call("GET", node.url + "/api/v1/authInfo?dataTarget=plant", None, auth)
        check(status == 200 and not errors(plants, "traceability.PlantModel", array=True) and plants,
              f"{len(plants)} plants validate: {errors(plants, 'traceability.PlantModel', array=True)[:2]}")
        gln = COMPANIES[2][1] + "00001"
        gln += str((10 - sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(gln[::-1])) % 10) % 10)
        plant = {"operatorId": operator["operatorId"], "plantId": None, "openPlantId": gln, "plantName": "Maker Works 1",
                 "plantAddress": "Shizuoka", "plantAttribute": {"globalPlantId": None}}
        check(not errors(plant, "traceability.PlantModel"), "the plant sent validates")
        status, named, _ = call("PUT", node.url + "/api/v1/authInfo?dataTarget=plant", plant, auth)
        check(status == 201 and named.get("plantName") == "Maker Works 1" and not errors(named, "traceability.PlantModel"),
              f"PUT plant names a GLN of the Maker's ({status} {named if status != 201 else ''})")

        # Parts, paged.
        parts, url, pages = [], node.url + "/api/v1/datatransport?dataTarget=parts&limit=7", 0
        while url and pages < 50:
            status, page, headers = call("GET", url, None, auth)
            check(status == 200 and not errors(page, "traceability.PartsModel", array=True),
                  f"parts page {pages + 1}: {status} {errors(page, 'traceability.PartsModel', array=True)[:1]}")
            parts += page
            link = headers.get("link") or headers.get("Link")
            url = link[1:link.index(">")] if link else None
            pages += 1
        maker_lots = sorted({n for n in owner if owner[n] == 2} | {o for s in steps for o, _ in s["outputs"] if owner[o] == 2})
        check(len(parts) == len(maker_lots) and pages > 1 and len({p["traceId"] for p in parts}) == len(parts),
              f"the Maker's {len(maker_lots)} lots as {len(parts)} parts over {pages} pages, each its own trace")
        names = [(p["partsName"], p["supportPartsName"]) for p in parts]
        check(names == sorted(names), "sorted by part number, then lot")

        # A lot made by a step: its structure and its CFP.
        made = [o for s in steps for o, _ in s["outputs"] if owner[o] == 2]
        lot = made[-1]
        step = next(s for s in steps if any(o == lot for o, _ in s["outputs"]))
        part = next(p for p in parts if p["supportPartsName"] == f"L{lot}")
        status, structure, _ = call("GET", node.url + "/api/v1/datatransport?dataTarget=partsStructure&traceId=" + part["traceId"], None, auth)
        check(status == 200 and not errors(structure, "traceability.PartsStructureModel"),
              f"the structure of L{lot} validates: {errors(structure, 'traceability.PartsStructureModel')[:2]}")
        out_kg = next(kg for o, kg in step["outputs"] if o == lot)
        expected = sorted((f"L{j}", kg / out_kg) for j, kg in step["inputs"])
        got = sorted((c["supportPartsName"], c["amountRequired"]) for c in structure.get("childrenPartsModel", []))
        check([g[0] for g in got] == [e[0] for e in expected] and all(abs(g[1] - e[1]) <= 1e-5 for g, e in zip(got, expected)),
              f"its children are the step's inputs, with kg per kg: {got[:3]} … expected {expected[:3]} …")
        status, cfps, _ = call("GET", node.url + "/api/v1/datatransport?dataTarget=cfp&traceIds=" + part["traceId"], None, auth)
        check(status == 200 and not errors(cfps, "traceability.CfpModel", array=True) and len(cfps) == 8,
              f"its 8 CFP entries validate: {errors(cfps, 'traceability.CfpModel', array=True)[:2]}")
        by_type = {c["cfpType"]: c["ghgEmission"] for c in cfps}
        status, footprint, _ = call("GET", node.url + "/trace/footprint?id=" + urllib.parse.quote(lot_dl(lot, owner), safe=""))
        total = sum(by_type.get(t, 0) for t in ("preProduction", "mainProduction", "preComponent", "mainComponent"))
        check(status == 200 and abs(total - footprint["kgCO2ePerKg"]) <= 4e-5,
              f"the CFP's four parts add up to the node's footprint of L{lot}: {total:.5f} vs {footprint.get('kgCO2ePerKg')}")
        check(by_type.get("mainProduction", 0) > 0, f"its own last step is its main production: {by_type.get('mainProduction')}")

        # Another operator's part, a bad traceId, and what is not built yet.
        other = json.loads(junkan_cli(JUNKAN, "org", "list", "--database", node.db).stdout)
        recycler_login = {"operatorAccountId": "recycler@example.com", "accountPassword": orgs[COMPANIES[0][0]]["token"]}
        _, rtokens, _ = call("POST", node.url + "/auth/login", recycler_login, {"apiKey": api_key})
        rauth = {"apiKey": api_key, "Authorization": "Bearer " + rtokens.get("accessToken", "")}
        status, body, _ = call("GET", node.url + "/api/v1/datatransport?dataTarget=cfp&traceIds=" + part["traceId"], None, rauth)
        check(status == 404 and not errors(body, "common.HTTP404Error"), f"another operator's part: 404 ({status}, {len(other)} organisations)")
        status, body, _ = call("GET", node.url + "/api/v1/datatransport?dataTarget=cfp&traceIds=not-a-uuid", None, auth)
        check(status == 400 and not errors(body, "common.HTTP400Error"), f"a traceId that is not a UUID: 400 ({status})")

        # Trades: the Maker asks the Recycler for the CFP behind its part; the Recycler names its part; the Maker then gets
        # the Recycler's CFP with its own (the …Response types), as the Recycler's release policy allows.
        _, recycler_op, _ = call("GET", node.url + "/api/v1/authInfo?dataTarget=operator", None, rauth)
        _, recycler_parts, _ = call("GET", node.url + "/api/v1/datatransport?dataTarget=parts", None, rauth)
        upstream_part = recycler_parts[0]
        request_body = {"tradeModel": {"downstreamOperatorId": operator["operatorId"], "downstreamTraceId": part["traceId"],
                                       "upstreamOperatorId": recycler_op["operatorId"], "tradeId": None, "upstreamTraceId": None},
                        "statusModel": {"message": "Please answer the CFP of your resin", "replyMessage": None,
                                        "requestStatus": {}, "requestType": "CFP", "statusId": None, "tradeId": None,
                                        "responseDueDate": "2026-12-31"}}
        check(not errors(request_body, "traceability.TradeRequestModel"), "the trade request sent validates")
        status, requested, _ = call("PUT", node.url + "/api/v1/datatransport?dataTarget=tradeRequest", request_body, auth)
        check(status == 201 and not errors(requested, "traceability.TradeRequestModel"),
              f"the Maker requests a trade: {status} {errors(requested, 'traceability.TradeRequestModel')[:2]}")
        trade_id = requested.get("tradeModel", {}).get("tradeId", "")
        status, incoming, _ = call("GET", node.url + "/api/v1/datatransport?dataTarget=tradeResponse", None, rauth)
        check(status == 200 and not errors(incoming, "traceability.TradeResponseModel", array=True)
              and any(i["tradeModel"]["tradeId"] == trade_id for i in incoming),
              f"the Recycler sees it among its requests: {errors(incoming, 'traceability.TradeResponseModel', array=True)[:2]}")
        status, answered, _ = call("PUT", node.url + f"/api/v1/datatransport?dataTarget=tradeResponse&tradeId={trade_id}&traceId={upstream_part['traceId']}",
                                   None, rauth)
        check(status == 201 and not errors(answered, "traceability.TradeModel") and answered.get("upstreamTraceId") == upstream_part["traceId"],
              f"the Recycler answers with its part ({status})")
        status, statuses, _ = call("GET", node.url + "/api/v1/datatransport?dataTarget=status&statusTarget=REQUEST", None, auth)
        check(status == 200 and not errors(statuses, "traceability.StatusModel", array=True)
              and statuses and statuses[0]["requestStatus"]["cfpResponseStatus"] == "COMPLETED",
              f"the Maker's request is COMPLETED: {errors(statuses, 'traceability.StatusModel', array=True)[:2]}")
        status, upstream_cfp, _ = call("GET", node.url + "/api/v1/datatransport?dataTarget=cfp&traceIds=" + upstream_part["traceId"], None, rauth)
        up = {c["cfpType"]: c["ghgEmission"] for c in upstream_cfp}
        status, with_response, _ = call("GET", node.url + "/api/v1/datatransport?dataTarget=cfp&traceIds=" + part["traceId"], None, auth)
        resp = {c["cfpType"]: c["ghgEmission"] for c in with_response if c["cfpType"].endswith("Response")}
        check(not errors(with_response, "traceability.CfpModel", array=True) and resp.get("preProductionResponse") is not None
              and abs(resp["preProductionResponse"] - (up["preProduction"] + up["preComponent"])) <= 2e-5
              and abs(resp["mainProductionResponse"] - (up["mainProduction"] + up["mainComponent"])) <= 2e-5,
              f"the Maker's CFP carries the Recycler's answer: {resp}")
        junkan_cli(JUNKAN, "org", "release", orgs[COMPANIES[0][0]]["id"], "private", "--database", node.db)
        _, withheld, _ = call("GET", node.url + "/api/v1/datatransport?dataTarget=cfp&traceIds=" + part["traceId"], None, auth)
        resp = {c["cfpType"]: c["ghgEmission"] for c in withheld if c["cfpType"].endswith("Response")}
        check(resp == {"preProductionResponse": None, "mainProductionResponse": None},
              f"released as the Recycler's policy says: private, the answer's values are null ({resp})")
        status, second, _ = call("PUT", node.url + "/api/v1/datatransport?dataTarget=tradeRequest", request_body, auth)
        sm = dict(second.get("statusModel", {}), replyMessage="Not our resin", requestStatus={"cfpResponseStatus": "REJECT", "tradeTreeStatus": "UNTERMINATED"})
        status, rejected, _ = call("PUT", node.url + "/api/v1/datatransport?dataTarget=status", sm, rauth)
        check(status == 201 and not errors(rejected, "traceability.StatusModel") and rejected["requestStatus"]["cfpResponseStatus"] == "REJECT"
              and rejected["replyMessage"] == "Not our resin", f"the Recycler rejects a second request, saying why ({status})")
        status, body, _ = call("PUT", node.url + "/api/v1/datatransport?dataTarget=status", dict(sm, requestStatus={"cfpResponseStatus": "CANCEL",
                                                                                                                  "tradeTreeStatus": "UNTERMINATED"}), rauth)
        check(status == 403 and not errors(body, "common.HTTP403Error"), f"only the downstream operator cancels: {status}")

        # junkan ouranos push: the lot's structure and CFP written to a second node's Ouranos API as the Maker's operator
        # there, read back equal; what was written validates, and can be deleted.
        second = ServedNode(JUNKAN, "platform", os.path.join(work, "platform.sqlite"), log_path(work, "platform"))
        second.url = f"http://{second.host}:{second.port}"
        second.args = ["--base-url", second.url]
        second.start()
        try:
            there = json.loads(junkan_cli(JUNKAN, "org", "add", "Maker", "--gs1-prefix", COMPANIES[2][1], "--database", second.db).stdout)
            junkan_cli(JUNKAN, "org", "ouranos", there["id"], "--account", "maker@example.com", "--database", second.db)
            key2 = json.loads(junkan_cli(JUNKAN, "ouranos", "api-key", "add", "maker-node", "--database", second.db).stdout)["apiKey"]
            _, t2, _ = call("POST", second.url + "/auth/login", {"operatorAccountId": "maker@example.com", "accountPassword": there["token"]},
                            {"apiKey": key2})
            auth2 = {"apiKey": key2, "Authorization": "Bearer " + t2.get("accessToken", "")}
            _, op2, _ = call("GET", second.url + "/api/v1/authInfo?dataTarget=operator", None, auth2)
            status, _, _ = call("PUT", second.url + "/api/v1/authInfo?dataTarget=plant", dict(plant, operatorId=op2["operatorId"]), auth2)
            check(status == 201, f"the Maker names its plant on the second platform ({status})")
            password = os.path.join(work, "password")
            open(password, "w").write(there["token"])
            out = junkan_cli(JUNKAN, "ouranos", "push", "--platform", second.url, "--api-key", key2, "--account", "maker@example.com",
                             "--password-file", password, "--lot", lot_dl(lot, owner), "--database", node.db)
            check(out.returncode == 0, f"junkan ouranos push: {out.stderr.strip()[:300]}")
            pushed = json.loads(out.stdout) if out.returncode == 0 else {}
            sent, back = pushed.get("sent", {}), pushed.get("readBack", {})
            check(not errors(sent.get("structure"), "traceability.PartsStructureModel") and not errors(sent.get("cfp"), "traceability.CfpModel", array=True),
                  "what push sends validates (the structure, the four CFPs)")
            check(not errors(back.get("structure"), "traceability.PartsStructureModel") and not errors(back.get("cfp"), "traceability.CfpModel", array=True),
                  "what the platform answers validates")
            got_children = sorted((c["partsName"], c["supportPartsName"], c["amountRequired"]) for c in back.get("structure", {}).get("childrenPartsModel", []))
            want_children = sorted((c["partsName"], c["supportPartsName"], c["amountRequired"]) for c in structure.get("childrenPartsModel", []))
            check(got_children == want_children and got_children, f"the structure round-trips: {len(got_children)} children")
            back_cfp = {c["cfpType"]: c["ghgEmission"] for c in back.get("cfp", [])}
            pushed_total = sum(back_cfp.get(t, 0) for t in ("preProduction", "mainProduction", "preComponent", "mainComponent"))
            check(all(abs(back_cfp.get(t, -1) - by_type[t]) <= 1e-9 for t in ("preProduction", "mainProduction", "preComponent", "mainComponent"))
                  and abs(pushed_total - footprint["kgCO2ePerKg"]) <= 4e-5,
                  f"the CFP round-trips, equal to the first node's footprint of L{lot}: {pushed_total:.5f} vs {footprint['kgCO2ePerKg']}")
            trace = pushed.get("traceId", "")
            status, listed, _ = call("GET", second.url + "/api/v1/datatransport?dataTarget=parts", None, auth2)
            check(status == 200 and any(p["traceId"] == trace for p in listed) and not errors(listed, "traceability.PartsModel", array=True),
                  f"the written parts are listed ({len(listed) if isinstance(listed, list) else listed})")
            status, body, _ = call("PUT", second.url + "/api/v1/datatransport?dataTarget=cfp", back.get("cfp", [])[:3], auth2)
            check(status == 400 and not errors(body, "common.HTTP400Error"), f"three CFPs, not four: 400 ({status})")
            status, body, _ = call("PUT", node.url + "/api/v1/datatransport?dataTarget=cfp",
                                   [dict(c, traceId=part["traceId"], cfpId=None) for c in back.get("cfp", [])], auth)
            check(status == 400 and "computed" in body.get("message", ""), f"the CFP of a captured lot is not written over: {status}")
            status, _, _ = call("DELETE", second.url + "/api/v1/datatransport?dataTarget=parts&traceId=" + trace, None, auth2)
            check(status == 204, f"a written part is deleted: {status}")
            status, _, _ = call("GET", second.url + "/api/v1/datatransport?dataTarget=partsStructure&traceId=" + trace, None, auth2)
            check(status == 404, f"and is gone: {status}")
        finally:
            second.stop()

        # Five failed logins lock the account for a while.
        for _ in range(5):
            call("POST", node.url + "/auth/login", dict(login, accountPassword="wrong"), {"apiKey": api_key})
        status, body, _ = call("POST", node.url + "/auth/login", login, {"apiKey": api_key})
        check(status == 403 and not errors(body, "common.HTTP403Error"), f"after five failed logins even the right password waits: {status}")
    finally:
        node.stop()
    print("schemas used: " + ", ".join(f"{k} ×{v}" for k, v in sorted(checked.items())))
    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    print("all ouranos checks passed")


if __name__ == "__main__":
    main()
