"""PACT v3 check of a live node, independent of Junkan's own tests: every response is validated against the schemas of
the PACT API 3.0.3 OpenAPI file (and the conformance service's copy), with $refs resolved by `referencing` and formats
asserted; list filters and pagination are compared with this script's own reading of the v3 filter rules; a
RequestCreatedEvent is answered at a callback this script serves, and that answer is validated too.

usage: check_pact.py BASE_URL ORG_TOKEN CLIENT_ID CLIENT_SECRET TRACE_DOC CALLBACK_PORT"""
import base64
import http.server
import json
import pathlib
import queue
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "pact"
SPEC = FIXTURES / "data-exchange-protocol" / "spec" / "v3" / "openapi.yaml"
CONFORMANCE = FIXTURES / "pact-conformance-service" / "src" / "schemas" / "openapi_v3_0.yaml"
HTTPS = {"X-Forwarded-Proto": "https"}


class Schemas:
    """Validators for parts of one OpenAPI document (OpenAPI 3.1 schemas are JSON Schema 2020-12)."""

    def __init__(self, path):
        self.doc = yaml.safe_load(path.read_text())
        self.uri = "urn:pact:" + path.name
        self.registry = Registry().with_resource(self.uri, Resource.from_contents(self.doc, default_specification=DRAFT202012))

    def validator(self, pointer):
        return Draft202012Validator({"$ref": self.uri + "#" + pointer}, registry=self.registry, format_checker=FormatChecker())

    def response(self, path, method, status):
        escaped = path.replace("~", "~0").replace("/", "~1")
        return self.validator(f"/paths/{escaped}/{method}/responses/{status}/content/application~1json/schema")


def check(validator, instance, what):
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    if errors:
        raise SystemExit(f"{what}: {len(errors)} schema error(s), first: {errors[0].message} at {list(errors[0].path)}")


def request(method, url, body=None, headers=None):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def main():
    base, org_token, client_id, secret, trace_doc, callback_port = sys.argv[1:7]
    specs = [Schemas(SPEC), Schemas(CONFORMANCE)]

    # The validators are not vacuous: the spec's own examples pass and its invalid example fails.
    examples = FIXTURES / "data-exchange-protocol" / "spec" / "v3" / "examples"
    for s in specs:
        pf = s.validator("/components/schemas/ProductFootprint")
        for n in range(1, 5):
            check(pf, json.loads((examples / f"example-{n}.json").read_text()), f"spec example-{n}")
        if not list(pf.iter_errors(json.loads((examples / "invalid-response-all-properties.json").read_text()))):
            raise SystemExit("the ProductFootprint validator accepted the spec's invalid example")

    # Publish footprints of lots of the captured trace, some twice (the first then Deprecated), with varied metadata.
    events = json.loads(pathlib.Path(trace_doc).read_text())["epcisBody"]["eventList"]
    lots = sorted({q["epcClass"] for e in events for q in e.get("outputQuantityList", [])}, key=lambda s: int(s.rsplit("L", 1)[1]))
    geographies = ["JP", "DE", "US-TX", "Eastern Asia", None]
    published = []
    for i, lot in enumerate(lots[:24]):
        body = {"id": lot, "fossilCarbonContent": "0.857", "acceptDataQualityIssues": True, "productNameCompany": f"Compound {i}",
                "productClassifications": [f"urn:pact:productclassification:un-cpc:347{i % 3}"]}
        if geographies[i % 5]:
            body["geography"] = geographies[i % 5]
        if i % 4 == 0:
            body["productIds"] = [f"urn:pact:example.com:product-id:{i}", "urn:gtin:04012345123456"]
        if i % 6 == 0:
            body["validityPeriodStart"], body["validityPeriodEnd"] = "2030-01-01T00:00:00Z", "2031-01-01T00:00:00+09:00"
        for _ in range(2 if i % 5 == 1 else 1):
            status, headers, raw = request("POST", base + "/footprints/publish", json.dumps(body).encode(),
                                           {"Authorization": "Bearer " + org_token, "Content-Type": "application/json"})
            if status != 201:
                raise SystemExit(f"publish {lot}: {status} {raw[:300]!r}")
            published.append(json.loads(raw)["data"])
    for s in specs:
        pf = s.validator("/components/schemas/ProductFootprint")
        for p in published:
            check(pf, p, f"published footprint {p['id']}")

    # Token (OAuth client credentials, Basic).
    basic = base64.b64encode(f"{urllib.parse.quote(client_id, safe='')}:{urllib.parse.quote(secret, safe='')}".encode()).decode()
    status, headers, raw = request("POST", base + "/auth/token", b"grant_type=client_credentials",
                                   {"Authorization": "Basic " + basic, "Content-Type": "application/x-www-form-urlencoded", **HTTPS})
    assert status == 200, (status, raw)
    token = json.loads(raw)["access_token"]
    bearer = {"Authorization": "Bearer " + token, **HTTPS}

    def get(path):
        status, headers, raw = request("GET", base + path, headers=bearer)
        return status, headers, json.loads(raw) if raw else None

    def list_all(query):
        """Follows the Link rel="next" chain; checks each page and returns the ids in order."""
        ids, path, pages = [], "/3/footprints" + query, 0
        while path:
            status, headers, body = get(path)
            assert status == 200, (path, status, body)
            for s in specs:
                check(s.response("/3/footprints", "get", "200"), body, f"ListFootprints {path}")
            limit = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query).get("limit")
            if limit:
                assert len(body["data"]) <= int(limit[0]), (path, len(body["data"]))
            ids += [p["id"] for p in body["data"]]
            link = headers.get("Link") or headers.get("link")
            path = None
            if link:
                assert link.endswith('>; rel="next"'), link
                target = urllib.parse.urlsplit(link[1:link.index(">")])
                assert target.scheme == "https" and target.netloc == urllib.parse.urlsplit(base).netloc, link
                path = target.path + "?" + target.query
            pages += 1
        return ids, pages

    # Every footprint, by pages of 7, each once, in publication order; each one by GetFootprint.
    by_id = {p["id"]: p for p in published}
    ids, pages = list_all("?limit=7")
    assert ids == [p["id"] for p in published], "ListFootprints did not return every published footprint once, in order"
    assert pages == (len(published) + 6) // 7, pages
    preceded = {q for p in published for q in p.get("precedingPfIds", [])}
    for pid in ids:
        status, _, body = get("/3/footprints/" + pid)
        assert status == 200, (pid, status)
        for s in specs:
            check(s.response("/3/footprints/{id}", "get", "200"), body, f"GetFootprint {pid}")
        assert body["data"]["status"] == ("Deprecated" if pid in preceded else "Active"), (pid, body["data"]["status"])
        by_id[pid]["status"] = body["data"]["status"]

    # Filters: this script's reading of the v3 rules (OR within a criterion, AND across, case-insensitive) against the node's.
    def validity(p):
        end = p["pcf"]["referencePeriodEnd"]
        start = p.get("validityPeriodStart") or end
        stop = p.get("validityPeriodEnd")
        from datetime import datetime, timedelta
        parse = lambda t: datetime.fromisoformat(t.replace("Z", "+00:00"))
        return parse(start), parse(stop) if stop else parse(end) + timedelta(days=3 * 365 + 1)

    def expected(criteria):
        from datetime import datetime
        out = []
        for p in published:
            geo = [p["pcf"][k] for k in ("geographyCountry", "geographyCountrySubdivision", "geographyRegionOrSubregion") if k in p["pcf"]]
            fields = {"productId": p["productIds"], "companyId": p["companyIds"], "geography": geo,
                      "classification": p.get("productClassifications", [])}
            ok = True
            for name, values in criteria.items():
                if name == "geography":
                    # The same place, or a subdivision (JP-13) of the asked country (JP).
                    ok &= any(v.lower() == f.lower() or (len(v) == 2 and f.lower().startswith(v.lower() + "-"))
                              for v in values for f in fields[name])
                elif name in fields:
                    ok &= any(v.lower() == f.lower() for v in values for f in fields[name])
                elif name == "status":
                    ok &= by_id[p["id"]]["status"].lower() == values[0].lower()
                else:
                    t = datetime.fromisoformat(values[0].replace("Z", "+00:00"))
                    start, stop = validity(p)
                    ok &= {"validOn": start <= t <= stop, "validAfter": start > t, "validBefore": stop < t}[name]
            if ok:
                out.append(p["id"])
        return out

    cases = [{"geography": ["jp"]}, {"geography": ["JP", "us-tx", "Eastern Asia"]}, {"geography": ["us"]}, {"productId": ["urn:gtin:04012345123456"]},
             {"productId": ["URN:PACT:EXAMPLE.COM:PRODUCT-ID:4", "urn:pact:example.com:product-id:8"]},
             {"classification": ["urn:pact:productclassification:un-cpc:3471"], "geography": ["DE", "JP"]},
             {"status": ["Deprecated"]}, {"status": ["active"], "geography": ["DE"]}, {"validOn": ["2030-06-01T00:00:00Z"]},
             {"validAfter": ["2029-12-31T23:59:59Z"]}, {"validBefore": ["2029-01-01T00:00:00Z"]},
             {"companyId": ["urn:junkan:org:nobody"]}, {"geography": ["FR"]}, {"productId": ["urn:gtin:00000000000000"]}]
    for criteria in cases:
        query = "?" + urllib.parse.urlencode([(k, v) for k, vs in criteria.items() for v in vs] + [("limit", "5")])
        got, _ = list_all(query)
        want = expected(criteria)
        assert got == want, f"{query}: node returned {len(got)}, expected {len(want)}"
        print(f"filter {query}: {len(got)} footprints, as expected")

    # Errors validate against the Error schema.
    for path, code, headers in [("/3/footprints/" + str(uuid.uuid4()), 404, bearer),
                                ("/3/footprints", 400, {"Authorization": "Bearer very-invalid-access-token", **HTTPS}),
                                ("/3/footprints", 403, HTTPS)]:
        status, _, raw = request("GET", base + path, headers=headers)
        assert status == code, (path, status, raw[:200])
        for s in specs:
            check(s.validator("/components/schemas/Error"), json.loads(raw), f"error of {path}")

    # Events: a Published notification is accepted with an empty body; a request is answered at our callback.
    received = queue.Queue()

    class Callback(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            received.put((self.headers.get("Content-Type"), self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", int(callback_port)), Callback)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    ce = {**bearer, "Content-Type": "application/cloudevents+json; charset=UTF-8"}

    def event(kind, data, source="https://partner.example/3/events"):
        return json.dumps({"type": f"org.wbcsd.pact.ProductFootprint.{kind}.3", "specversion": "1.0", "id": str(uuid.uuid4()),
                           "source": source, "time": "2026-11-22T00:00:00Z", "data": data}).encode()

    status, _, raw = request("POST", base + "/3/events", event("PublishedEvent", {"pfIds": [ids[0]]}), ce)
    assert status == 200 and raw == b"", (status, raw)
    status, _, raw = request("POST", base + "/3/events", event("PublishedEvent", {"pf": {}}), ce)
    assert status == 400, (status, raw)
    for s in specs:
        check(s.validator("/components/schemas/Error"), json.loads(raw), "malformed PublishedEvent")

    want = [pid for pid in expected({"geography": ["JP"]}) if by_id[pid]["status"] == "Active"]
    status, _, raw = request("POST", base + "/3/events", event("RequestCreatedEvent", {"geography": ["JP"]},
                                                               source=f"http://127.0.0.1:{callback_port}/3/events"), ce)
    assert status == 200, (status, raw)
    content_type, answer = received.get(timeout=30)
    assert content_type.startswith("application/cloudevents+json"), content_type
    answer = json.loads(answer)
    for s in specs:
        check(s.validator("/components/schemas/RequestFulfilledEvent"), answer, "RequestFulfilledEvent")
    assert answer["type"] == "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3"
    assert [p["id"] for p in answer["data"]["pfs"]] == want, "the Fulfilled event does not carry the matching Active footprints"
    status, _, raw = request("POST", base + "/3/events", event("RequestCreatedEvent", {"geography": ["FR"]},
                                                               source=f"http://127.0.0.1:{callback_port}/3/events"), ce)
    _, answer = received.get(timeout=30)
    answer = json.loads(answer)
    for s in specs:
        check(s.validator("/components/schemas/RequestRejectedEvent"), answer, "RequestRejectedEvent")
    assert answer["data"]["error"]["code"] == "NotFound"
    server.shutdown()
    print(f"PACT check passed: {len(published)} footprints published and listed over {pages} pages, {len(cases)} filters, "
          f"token, errors and events, all valid against {SPEC.name} and {CONFORMANCE.name}")


if __name__ == "__main__":
    main()
