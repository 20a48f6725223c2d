import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanNode
import JunkanSQLite
import JunkanServer
import JunkanStore
import JunkanTestSupport
import Testing

/// PACT v3 through the real router: the behaviours of the v3 conformance cases that apply to a host system
/// (`../shared/fixtures/pact/CONFORMANCE-CASES.md`), plus publishing from the trace graph.
@Suite struct PactRouteTests {
    typealias T = TraceSamples
    static let https: HTTPFields = [HTTPField.Name("X-Forwarded-Proto")!: "https"]
    static let events: [JSONValue] = [
        T.create("V", kg: 1000, ilmd: ["junkan:emissionFactor": 2.0]),
        T.create("W", kg: 500),
        T.transform([("W", 500)], [("R", 450)], ghg: 50, extra: ["junkan:cutOff": true], n: 1),
        T.transform([("V", 600), ("R", 400)], [("C", 990)], ghg: 100, n: 2)
    ]

    static func basic(_ id: String, _ secret: String) -> String {
        func enc(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s }
        return "Basic " + Data("\(enc(id)):\(enc(secret))".utf8).base64EncodedString()
    }

    static func json(_ r: TestResponse) throws -> JSONValue { try JSONParser.parse(Array(r.body.readableBytesView)) }

    func token(
        _ client: some TestClientProtocol, _ node: Node, secret: String? = nil, https: Bool = true,
        body: String = "grant_type=client_credentials"
    ) async throws -> TestResponse {
        var h: HTTPFields = [.authorization: Self.basic("partner", secret ?? node.clientSecret), .contentType: "application/x-www-form-urlencoded"]
        if https { h[HTTPField.Name("X-Forwarded-Proto")!] = "https" }
        return try await client.execute(uri: "/auth/token", method: .post, headers: h, body: ByteBuffer(string: body)) { $0 }
    }

    func accessToken(_ client: some TestClientProtocol, _ node: Node) async throws -> String {
        let r = try await token(client, node)
        #expect(r.status == .ok)
        return try #require(try Self.json(r).objectValue?["access_token"]?.stringValue)
    }

    func get(_ client: some TestClientProtocol, _ uri: String, token: String, https: Bool = true, host: String? = nil) async throws -> TestResponse {
        var h: HTTPFields = [.authorization: "Bearer \(token)"]
        if https { h[HTTPField.Name("X-Forwarded-Proto")!] = "https" }
        return try await client.execute(uri: uri, method: .get, headers: h) { $0 }
    }

    func post(_ client: some TestClientProtocol, _ uri: String, _ body: JSONValue, headers: HTTPFields) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: JSONWriter.string(body))) { $0 }
    }

    func captureAndPublish(_ client: some TestClientProtocol, _ body: JSONValue) async throws -> TestResponse {
        let capture = try await post(
            client, "/capture", SampleEvents.document(Self.events),
            headers: [.authorization: "Bearer test-token", .contentType: "application/ld+json"])
        #expect(capture.status == .accepted)
        return try await post(client, "/footprints/publish", body, headers: [.authorization: "Bearer test-token", .contentType: "application/json"])
    }

    static let publishC: JSONValue = [
        "id": .string(T.lot("C")), "fossilCarbonContent": "0.857", "geography": "JP",
        "productClassifications": ["urn:pact:productclassification:un-cpc:34710"]
    ]

    @Test func tokenWithValidAndInvalidCredentials() async throws {
        let node = try await Node()
        defer { node.tmp.remove() }
        try await Application(router: node.router).test(.router) { client in
            let ok = try await token(client, node)
            #expect(ok.status == .ok)
            #expect(ok.headers[.cacheControl] == "no-store")
            let body = try #require(try Self.json(ok).objectValue)
            #expect(body["token_type"] == "Bearer")
            #expect(body["expires_in"]?.numberValue?.doubleValue == 3600)
            #expect((body["access_token"]?.stringValue?.count ?? 0) >= 40)

            let wrong = try await token(client, node, secret: "wrong")
            #expect(wrong.status == .unauthorized)
            #expect(try Self.json(wrong).objectValue?["error"] == "invalid_client")
            #expect(try Self.json(wrong).objectValue?["access_token"] == nil)

            let grant = try await token(client, node, body: "grant_type=password")
            #expect(grant.status == .badRequest)
            #expect(try Self.json(grant).objectValue?["error"] == "unsupported_grant_type")
        }
    }

    @Test func plainHTTPIsRefusedForAuthListGetAndEvents() async throws {
        let node = try await Node()
        defer { node.tmp.remove() }
        try await Application(router: node.router).test(.router) { client in
            let auth = try await token(client, node, https: false)
            #expect(auth.status == .badRequest)
            #expect(try Self.json(auth).objectValue?["access_token"] == nil)
            let t = try await accessToken(client, node)
            for uri in ["/3/footprints", "/3/footprints/\(UUID().uuidString.lowercased())"] {
                let r = try await get(client, uri, token: t, https: false)
                #expect(r.status == .forbidden)
                #expect(try Self.json(r).objectValue?["code"] == "AccessDenied")
                #expect(try Self.json(r).objectValue?["data"] == nil)
            }
            let ev = try await post(
                client, "/3/events", Self.published(["x"]),
                headers: [
                    .authorization: "Bearer \(t)",
                    .contentType: "application/cloudevents+json"
                ])
            #expect(ev.status == .forbidden)
            // A proxy that says the client came over plain HTTP is believed too.
            var h: HTTPFields = [.authorization: "Bearer \(t)"]
            h[HTTPField.Name("X-Forwarded-Proto")!] = "http"
            #expect(try await client.execute(uri: "/3/footprints", method: .get, headers: h) { $0.status } == .forbidden)
            h = [.authorization: "Bearer \(t)", HTTPField.Name("Forwarded")!: "for=192.0.2.1;proto=https"]
            #expect(try await client.execute(uri: "/3/footprints", method: .get, headers: h) { $0.status } == .ok)
        }
    }

    @Test func invalidAndExpiredTokens() async throws {
        let node = try await Node()
        defer { node.tmp.remove() }
        try await Application(router: node.router).test(.router) { client in
            let t = try await accessToken(client, node)
            for uri in ["/3/footprints", "/3/footprints/\(UUID().uuidString.lowercased())"] {
                let invalid = try await get(client, uri, token: "very-invalid-access-token")
                #expect(invalid.status == .badRequest)
                #expect(try Self.json(invalid).objectValue?["code"] == "BadRequest")
            }
            let none = try await client.execute(uri: "/3/footprints", method: .get, headers: Self.https) { $0 }
            #expect(none.status == .forbidden)
            #expect(try Self.json(none).objectValue?["code"] == "AccessDenied")
            #expect(try await get(client, "/3/footprints", token: t).status == .ok)
            node.clock.advance(seconds: 3601)
            let expired = try await get(client, "/3/footprints", token: t)
            #expect(expired.status == .unauthorized)
            #expect(try Self.json(expired).objectValue?["code"] == "TokenExpired")
            let ev = try await post(
                client, "/3/events", Self.published(["x"]),
                headers: [
                    .authorization: "Bearer \(t)",
                    .contentType: "application/cloudevents+json", HTTPField.Name("X-Forwarded-Proto")!: "https"
                ])
            #expect(ev.status == .unauthorized)
        }
    }

    @Test func publishThenGetListAndUnknownID() async throws {
        let node = try await Node()
        defer { node.tmp.remove() }
        try await Application(router: node.router).test(.router) { client in
            let published = try await captureAndPublish(client, Self.publishC)
            #expect(published.status == .created)
            let pf = try #require(try Self.json(published).objectValue?["data"]?.objectValue)
            let id = try #require(pf["id"]?.stringValue)
            #expect(published.headers[.location] == "/3/footprints/\(id)")
            #expect(UUID(uuidString: id) != nil)
            let pcf = try #require(pf["pcf"]?.objectValue)
            let expected: Double = (1200 + 400 * (50.0 / 450) + 100) / 990
            let perKg = try #require(pcf["pcfExcludingBiogenicUptake"]?.stringValue)
            #expect(perKg.allSatisfy { $0.isNumber || $0 == "." })
            #expect(abs(try #require(Double(perKg)) - expected) < 1e-12)
            #expect(pcf["declaredUnitOfMeasurement"] == "kilogram")
            #expect(pcf["declaredUnitAmount"] == "1")
            #expect(pcf["geographyCountry"] == "JP")
            #expect(pcf["fossilCarbonContent"] == "0.857")
            // From the first upstream record (the creation of lot V) to the last step.
            #expect(pcf["referencePeriodStart"] == .string(ISO8601Timestamp.utcString(epochMilliseconds: 1_700_000_000_000)))
            #expect(pcf["referencePeriodEnd"] == .string(ISO8601Timestamp.utcString(epochMilliseconds: 1_700_000_002_000)))
            // Traced: step C's 100 kg plus the recycling step's 50 kg carried by 400 of its 450 kg of output.
            let share = try #require(pcf["primaryDataShare"]?.stringValue.flatMap(Double.init))
            let traced: Double = 100 + 400 * (50.0 / 450)
            #expect(abs(share - 100 * traced / (1200 + traced)) < 1e-9)
            #expect(pf["productIds"] == ["urn:gtin:04012345123456"])
            #expect(pf["companyName"] == "Tokai Compounding")

            let t = try await accessToken(client, node)
            let got = try await get(client, "/3/footprints/\(id)", token: t)
            #expect(got.status == .ok)
            #expect(try Self.json(got).objectValue?["data"] == .object(pf))

            let list = try await get(client, "/3/footprints", token: t)
            #expect(try Self.json(list).objectValue?["data"]?.arrayValue?.count == 1)

            let missing = try await get(client, "/3/footprints/random-string-as-id-0123456789abcdef", token: t)
            #expect(missing.status == .notFound)
            #expect(try Self.json(missing).objectValue?["code"] == "NotFound")
        }
    }

    @Test func republishingDeprecatesTheEarlierFootprint() async throws {
        let node = try await Node()
        defer { node.tmp.remove() }
        try await Application(router: node.router).test(.router) { client in
            let first = try #require(try Self.json(try await captureAndPublish(client, Self.publishC)).objectValue?["data"]?.objectValue?["id"])
            let second = try await post(
                client, "/footprints/publish", Self.publishC,
                headers: [.authorization: "Bearer test-token", .contentType: "application/json"])
            #expect(second.status == .created)
            let pf = try #require(try Self.json(second).objectValue?["data"]?.objectValue)
            #expect(pf["precedingPfIds"] == .array([first]))
            let t = try await accessToken(client, node)
            let old = try await get(client, "/3/footprints/\(first.stringValue ?? "")", token: t)
            #expect(try Self.json(old).objectValue?["data"]?.objectValue?["status"] == "Deprecated")
            let active = try await get(client, "/3/footprints?status=active", token: t)
            #expect(try Self.json(active).objectValue?["data"]?.arrayValue?.compactMap { $0.objectValue?["id"] } == [pf["id"]!])
            let all = try await get(client, "/3/footprints", token: t)
            #expect(try Self.json(all).objectValue?["data"]?.arrayValue?.count == 2)
        }
    }

    @Test func publishRefusesBadBodiesAndUnknownLots() async throws {
        let node = try await Node()
        defer { node.tmp.remove() }
        try await Application(router: node.router).test(.router) { client in
            let h: HTTPFields = [.authorization: "Bearer test-token", .contentType: "application/json"]
            var noCarbon = Self.publishC.objectValue!
            noCarbon["fossilCarbonContent"] = nil
            let r1 = try await captureAndPublish(client, .object(noCarbon))
            #expect(r1.status == .badRequest)
            #expect(try Self.json(r1).objectValue?["pointer"] == "/fossilCarbonContent")
            var badGeo = Self.publishC.objectValue!
            badGeo["geography"] = "XX"
            #expect(try Self.json(try await post(client, "/footprints/publish", .object(badGeo), headers: h)).objectValue?["pointer"] == "/geography")
            let unknown = try await post(client, "/footprints/publish", ["id": .string(T.lot("nope")), "fossilCarbonContent": 0], headers: h)
            #expect(unknown.status == .notFound)
            let noAuth = try await post(client, "/footprints/publish", Self.publishC, headers: [.contentType: "application/json"])
            #expect(noAuth.status == .unauthorized)
        }
    }

    /// Filters alone, OR within one, AND across, and negative cases (conformance cases 20–39), and pagination (case 5).
    @Test func filtersAndPagination() async throws {
        let node = try await Node()
        defer { node.tmp.remove() }
        try await Application(router: node.router).test(.router) { client in
            #expect(try await captureAndPublish(client, Self.publishC).status == .created)
            let h: HTTPFields = [.authorization: "Bearer test-token", .contentType: "application/json"]
            var r = Self.publishC.objectValue!
            r["id"] = .string(T.lot("R"))
            r["geography"] = "DE"
            r["productClassifications"] = nil
            r["validityPeriodStart"] = "2030-01-01T00:00:00Z"
            r["validityPeriodEnd"] = "2031-01-01T00:00:00Z"
            #expect(try await post(client, "/footprints/publish", .object(r), headers: h).status == .created)
            var v = Self.publishC.objectValue!
            v["id"] = .string(T.lot("V"))
            v["geography"] = nil
            v["productIds"] = ["urn:pact:example.com:product-id:virgin-pp"]
            #expect(try await post(client, "/footprints/publish", .object(v), headers: h).status == .created)

            let t = try await accessToken(client, node)
            func names(_ query: String) async throws -> Set<String> {
                let resp = try await get(client, "/3/footprints" + query, token: t)
                #expect(resp.status == .ok, "\(query)")
                let data = try #require(try Self.json(resp).objectValue?["data"]?.arrayValue)
                return Set(data.compactMap { $0.objectValue?["productDescription"]?.stringValue?.components(separatedBy: "/").last })
            }
            #expect(try await names("") == ["C", "R", "V"])
            #expect(try await names("?geography=jp") == ["C"])
            #expect(try await names("?geography=JP&geography=DE") == ["C", "R"])
            #expect(try await names("?geography=JP&geography=DE&classification=urn:pact:productclassification:un-cpc:34710") == ["C"])
            #expect(try await names("?productId=URN:PACT:EXAMPLE.COM:PRODUCT-ID:VIRGIN-PP") == ["V"])
            #expect(try await names("?productId=urn:gtin:04012345123456") == ["C", "R"])
            #expect(try await names("?productId=urn:gtin:04012345123456&productid=urn:pact:example.com:product-id:virgin-pp") == ["C", "R", "V"])
            #expect(try await names("?companyId=urn:junkan:org:nobody") == [])
            #expect(try await names("?geography=FR") == [])
            #expect(try await names("?validOn=2030-06-01T09:00:00+09:00") == ["R"])
            #expect(try await names("?validAfter=2029-12-31T00:00:00Z") == ["R"])
            #expect(try await names("?validBefore=2026-01-01T00:00:00Z") == [])
            #expect(try await names("?validBefore=2027-01-01T00:00:00Z") == ["C", "V"])
            #expect(try await names("?validOn=2024-01-01T00:00:00Z") == ["C", "V"])
            #expect(try await names("?status=Deprecated") == [])
            // Another host's x-… filter is refused, not ignored: ignoring it would answer an unfiltered list as if filtered.
            #expect(try await get(client, "/3/footprints?x-acme-invoice=1", token: t).status == .badRequest)
            let bad = try await get(client, "/3/footprints?colour=red", token: t)
            #expect(bad.status == .badRequest)
            #expect(try Self.json(bad).objectValue?["code"] == "BadRequest")
            let odata = try await get(client, "/3/footprints?%24filter=x", token: t)
            #expect(try Self.json(odata).objectValue?["code"] == "NotImplemented", "\(String(buffer: odata.body))")

            // Pagination: limit honoured, absolute link on the request's host, every footprint once, the link reusable.
            var seen: [String] = []
            var next: String? = "/3/footprints?limit=2"
            var pages = 0
            while let uri = next {
                let resp = try await get(client, uri, token: t)
                let data = try #require(try Self.json(resp).objectValue?["data"]?.arrayValue)
                #expect(data.count <= 2)
                seen += data.compactMap { $0.objectValue?["id"]?.stringValue }
                pages += 1
                if let link = resp.headers[HTTPField.Name("Link")!] {
                    #expect(link.hasSuffix(">; rel=\"next\""))
                    let url = try #require(URL(string: String(link.dropFirst().prefix(while: { $0 != ">" }))))
                    #expect(url.scheme == "https")
                    #expect(url.host != nil)
                    next = url.path + "?" + (url.query ?? "")
                    let again = try await get(client, next!, token: t)
                    #expect(try Self.json(again).objectValue?["data"] == (try Self.json(try await get(client, next!, token: t))).objectValue?["data"])
                } else {
                    next = nil
                }
            }
            #expect(pages == 2)
            #expect(seen.count == 3 && Set(seen).count == 3)
        }
    }

    static func event(_ type: String, _ data: JSONValue, id: String = UUID().uuidString, source: String = "https://partner.example/3/events") -> JSONValue {
        ["type": .string(type), "specversion": "1.0", "id": .string(id), "source": .string(source), "time": "2026-11-22T10:00:00Z", "data": data]
    }
    static func published(_ ids: [String]) -> JSONValue {
        event("org.wbcsd.pact.ProductFootprint.PublishedEvent.3", ["pfIds": .array(ids.map { .string($0) })])
    }

    @Test func eventsAreValidatedAndRequestsAnswered() async throws {
        let node = try await Node(failing: 1)
        defer { node.tmp.remove() }
        try await Application(router: node.router).test(.router) { client in
            #expect(try await captureAndPublish(client, Self.publishC).status == .created)
            let t = try await accessToken(client, node)
            var h: HTTPFields = [.authorization: "Bearer \(t)", .contentType: "application/cloudevents+json; charset=UTF-8"]
            h[HTTPField.Name("X-Forwarded-Proto")!] = "https"

            let ok = try await post(client, "/3/events", Self.published(["urn:gtin:4712345060507"]), headers: h)
            #expect(ok.status == .ok)
            #expect(ok.body.readableBytes == 0)

            for (bad, what) in [
                (Self.event("org.wbcsd.pact.ProductFootprint.PublishedEvent.3", ["pf": ["productIds": ["x"]]]), "/data/pfIds"),
                (Self.event("org.wbcsd.pathfinder.ProductFootprint.Published.v1", ["pfIds": ["x"]]), "/type"),
                (["specversion": "1.0"], "/id")
            ] {
                let r = try await post(client, "/3/events", bad, headers: h)
                #expect(r.status == .badRequest, "\(what)")
                let e = try Self.json(r).objectValue
                #expect(e?["code"] == "BadRequest")
                #expect(e?["message"]?.stringValue?.contains(what) == true, "\(String(describing: e))")
            }
            var plain = h
            plain[.contentType] = "application/json"
            #expect(try await post(client, "/3/events", Self.published(["x"]), headers: plain).status == .badRequest)

            // A request that matches is fulfilled, one that does not is rejected; both answers go to the source.
            let match = Self.event("org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", ["productId": ["urn:gtin:04012345123456"]], id: "req-1")
            let none = Self.event(
                "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", ["pf": ["productIds": ["urn:gtin:0000000000000"]]],
                id: "req-2", source: "//other.example/3/events")
            #expect(try await post(client, "/3/events", match, headers: h).status == .ok)
            #expect(try await post(client, "/3/events", match, headers: h).status == .ok)  // sent twice: answered once
            #expect(try await post(client, "/3/events", none, headers: h).status == .ok)
            let unanswerable = Self.event("org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", ["productId": ["x"]], source: "mailto:x@example.com")
            #expect(try await post(client, "/3/events", unanswerable, headers: h).status == .badRequest)
            let empty = Self.event("org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", [:])
            #expect(try await post(client, "/3/events", empty, headers: h).status == .badRequest)

            var sent: [(body: String, url: URL)] = []
            for _ in 0..<200 {
                sent = await node.sender.sent
                if sent.count == 2 { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(sent.count == 2)
            let byRequest = Dictionary(
                uniqueKeysWithValues: sent.compactMap { s -> (String, (JSONObject, URL))? in
                    guard case .object(let o)? = try? JSONParser.parse(s.body), let rid = o["data"]?.objectValue?["requestEventId"]?.stringValue else {
                        return nil
                    }
                    return (rid, (o, s.url))
                })
            let fulfilled = try #require(byRequest["req-1"])
            #expect(fulfilled.0["type"] == "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3")
            #expect(fulfilled.0["data"]?.objectValue?["pfs"]?.arrayValue?.count == 1)
            #expect(fulfilled.1.absoluteString == "https://partner.example/3/events")
            let rejected = try #require(byRequest["req-2"])
            #expect(rejected.0["type"] == "org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3")
            #expect(rejected.0["data"]?.objectValue?["error"]?.objectValue?["code"] == "NotFound")
            #expect(rejected.1.absoluteString == "https://other.example/3/events")

            // The outcome is recorded with the request (the first delivery attempt failed and was retried).
            var outcome = ""
            for _ in 0..<100 {
                outcome = try await node.tmp.store.pactEvent(source: "https://partner.example/3/events", id: "req-1")?.outcome ?? ""
                if outcome.contains("delivered") || outcome.contains("failed") { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(outcome.hasPrefix("fulfilled with 1 footprint") && outcome.contains("delivered"), "\(outcome)")
        }
    }
}
