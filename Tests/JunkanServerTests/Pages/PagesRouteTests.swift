import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanNode
import JunkanServer
import JunkanStore
import JunkanTestSupport
import Testing

/// Issue 30: the home page, the search box, the explorer, the log page and the API description through the router.
@Suite struct PagesRouteTests {
    typealias T = TraceSamples
    static let auth: HTTPFields = [.authorization: "Bearer test-token", .contentType: "application/ld+json"]
    static let browser: HTTPFields = [.accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"]

    /// V and W made (W is waste), R recycled from W, C compounded from V and R; D moulded from C.
    static let events: [JSONValue] = [
        T.create("V", kg: 1000, ilmd: ["junkan:emissionFactor": 2.0, "junkan:countryOfOrigin": "SA"]),
        T.create("W", kg: 500),
        T.transform([("W", 500)], [("R", 450)], ghg: 50, extra: ["junkan:cutOff": true], n: 1),
        T.transform([("V", 600), ("R", 400)], [("C", 990)], ghg: 100, n: 2),
        T.transform([("C", 500)], [("D", 480)], ghg: 20, n: 3)
    ]

    struct Answer {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String
        var location: String { headers[.location] ?? "" }
    }

    static func get(_ client: some TestClientProtocol, _ uri: String, headers: HTTPFields = [:]) async throws -> Answer {
        try await client.execute(uri: uri, method: .get, headers: headers) { r in
            Answer(status: r.status, headers: r.headers, body: String(buffer: r.body))
        }
    }

    static func search(_ client: some TestClientProtocol, _ q: String, headers: HTTPFields = [:]) async throws -> Answer {
        // As a browser's form sends it: spaces as +, the rest percent-encoded.
        try await get(client, "/search?q=" + PercentEncoding.encode(q).replacingOccurrences(of: "%20", with: "+"), headers: headers)
    }

    static func withChain(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        try await tmp.application().test(.router) { client in
            let captured = try await client.execute(
                uri: "/capture", method: .post, headers: Self.auth, body: ByteBuffer(string: JSONWriter.string(SampleEvents.document(Self.events)))
            ) { $0.status }
            #expect(captured == .accepted)
            try await body(client)
        }
    }

    static func strings(_ v: JSONValue, key: String) -> Set<String> {
        switch v {
        case .object(let o):
            return o.reduce(into: Set<String>()) { acc, kv in
                if kv.key == key, let s = kv.value.stringValue { acc.insert(s) }
                acc.formUnion(strings(kv.value, key: key))
            }
        case .array(let a): return a.reduce(into: Set<String>()) { $0.formUnion(strings($1, key: key)) }
        default: return []
        }
    }

    /// Every lot and step the trace JSON names, upstream and downstream, is on the explorer page, by identifier.
    @Test(.temporaryStore) func theExplorerShowsEveryLotAndStepOfTheTraceJSON() async throws {
        try await Self.withChain { client in
            let c = PercentEncoding.encode(CBVCanonical.identifier(T.lot("C")))
            let up = try JSONParser.parse(Array(try await Self.get(client, "/trace/upstream?id=" + c).body.utf8))
            let down = try JSONParser.parse(Array(try await Self.get(client, "/trace/downstream?id=" + c).body.utf8))
            let ids = Self.strings(up, key: "id").union(Self.strings(down, key: "id"))
            let hashes = Self.strings(up, key: "eventHash").union(Self.strings(down, key: "eventHash"))
            #expect(ids.count == 5)  // V, W, R, C, D
            let page = try await Self.get(client, "/explore?id=" + c)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            for id in ids { #expect(page.body.contains("data-id=\"\(id)\""), "lot \(id) missing") }
            // Each of the three steps around C (recycling, compounding, moulding) with its proof status.
            let steps = page.body.components(separatedBy: "data-event-hash=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            #expect(Set(steps).count == 3)
            for h in steps { #expect(hashes.contains(h)) }
            // The picture: an SVG with a title and a description, every lot a link to its own page.
            #expect(page.body.contains("<svg class=\"chart explorer\""))
            #expect(page.body.contains("<title id=\"graph-title\">") && page.body.contains("<desc id=\"graph-desc\">"))
            #expect(page.body.contains("href=\"/explore?id=" + PercentEncoding.encode(CBVCanonical.identifier(T.lot("V"))) + "\""))
            // C's footprint as /trace/footprint computes it, to two decimals.
            let f = try JSONParser.parse(Array(try await Self.get(client, "/trace/footprint?id=" + c).body.utf8))
            let perKg = try #require(f.objectValue?["kgCO2ePerKg"]?.numberValue?.doubleValue)
            #expect(page.body.contains(String(format: "%.2f kg CO2e/kg", perKg)))
            #expect(page.body.contains("SA"))  // V's country of origin
        }
    }

    /// Each step's site by the name its recorder's master data gives it (as passports name sites).
    @Test(.temporaryStore) func theExplorerNamesTheStepsSites() async throws {
        try await Self.withChain { client in
            guard case .object(var doc) = SampleEvents.document([T.create("Z", kg: 1, n: 9)]) else { return }
            doc["epcisHeader"] = [
                "epcisMasterData": [
                    "vocabularyList": [
                        [
                            "type": "urn:epcglobal:epcis:vtype:BusinessLocation",
                            "vocabularyElementList": [
                                ["id": "urn:epc:id:sgln:4012345.00002.0", "attributes": [["id": "cbvmda:name", "attribute": "Compounding hall 2"]]]
                            ]
                        ]
                    ]
                ]
            ]
            let captured = try await client.execute(
                uri: "/capture", method: .post, headers: Self.auth, body: ByteBuffer(string: JSONWriter.string(.object(doc)))
            ) { $0.status }
            #expect(captured == .accepted)
            let page = try await Self.get(client, "/explore?id=" + PercentEncoding.encode(CBVCanonical.identifier(T.lot("C"))))
            // The three steps around C were recorded at that site.
            #expect(page.body.components(separatedBy: "Compounding hall 2<br><code>").count == 4)
        }
    }

    /// Depth 1 upstream shows only C's maker and its inputs; the lots with further steps say so and link on.
    @Test(.temporaryStore) func depthAndDirectionLimitTheGraphAndCollapsedLotsLinkOn() async throws {
        try await Self.withChain { client in
            let c = PercentEncoding.encode(CBVCanonical.identifier(T.lot("C")))
            let page = try await Self.get(client, "/explore?id=\(c)&depth=1&direction=upstream")
            #expect(page.status == .ok)
            #expect(!page.body.contains("data-id=\"\(CBVCanonical.identifier(T.lot("W")))\""))
            #expect(!page.body.contains("data-id=\"\(CBVCanonical.identifier(T.lot("D")))\""))
            #expect(page.body.contains("data-id=\"\(CBVCanonical.identifier(T.lot("R")))\""))
            #expect(page.body.contains("more steps"))
            for bad in ["depth=0", "depth=51", "depth=x", "direction=sideways"] {
                #expect(try await Self.get(client, "/explore?id=\(c)&\(bad)").status == .badRequest, "\(bad)")
            }
            let unknown = "/explore?id=" + PercentEncoding.encode(CBVCanonical.identifier(T.lot("NOPE")))
            let json = try await Self.get(client, unknown)
            #expect(json.status == .notFound)
            #expect(json.headers[.contentType] == "application/problem+json")
            let html = try await Self.get(client, unknown, headers: Self.browser)
            #expect(html.status == .notFound)
            #expect(html.headers[.contentType] == "text/html; charset=utf-8")
            #expect(html.body.contains("no captured event"))
            // Without an id: the form.
            let form = try await Self.get(client, "/explore")
            #expect(form.status == .ok && form.body.contains("<form class=\"find\""))
        }
    }

    /// Each way of writing an identifier lands on its page; an unknown one is a 404 and text that is no identifier a
    /// 400, each a page for a browser and a problem for an API client.
    @Test(.temporaryStore) func searchLandsEachIdentifierFormOnItsPage() async throws {
        try await Self.withChain { client in
            let c = CBVCanonical.identifier(T.lot("C"))
            let link = try DigitalLink.parse(c)
            let gtin = link.primaryKey.value
            let passport = "/01/\(gtin)/10/C"
            for q in [c, T.lot("C"), "(01)\(gtin)(10)C", "\(gtin) C", "01/\(gtin)/10/C", "https://example.com/01/\(gtin)/10/C"] {
                let a = try await Self.search(client, q)
                #expect(a.status == .seeOther, "\(q)")
                #expect(a.location == passport, "\(q): \(a.location)")
            }
            // A location with events (the transformations' bizLocation).
            let site = try DigitalLink.parse(CBVCanonical.identifier("urn:epc:id:sgln:4012345.00002.0"))
            let located = try await Self.search(client, "urn:epc:id:sgln:4012345.00002.0")
            #expect(located.status == .seeOther)
            #expect(located.location == String(site.canonicalURI.dropFirst("https://id.gs1.org".count)))
            // An event, by hash and by ID: the explorer at its step.
            let up = try JSONParser.parse(Array(try await Self.get(client, "/trace/upstream?id=" + PercentEncoding.encode(c)).body.utf8))
            let made = try #require(up.objectValue?["root"]?.objectValue?["madeBy"]?.arrayValue?.first?.objectValue)
            let hash = try #require(made["eventHash"]?.stringValue)
            let eventID = try #require(made["eventID"]?.stringValue)
            for q in [hash, eventID] {
                let a = try await Self.search(client, q)
                #expect(a.status == .seeOther, "\(q)")
                #expect(a.location.hasPrefix("/explore?id=") && a.location.hasSuffix("#" + ExplorerAnchor.step(hash)), "\(a.location)")
            }
            // The anchor is on the explorer page it points to.
            let page = try await Self.get(client, "/explore?id=" + PercentEncoding.encode(c))
            #expect(page.body.contains("id=\"\(ExplorerAnchor.step(hash))\""))

            let unknown = try await Self.search(client, "\(gtin) NOPE")
            #expect(unknown.status == .notFound)
            #expect(unknown.headers[.contentType] == "application/problem+json")
            let unknownPage = try await Self.search(client, "\(gtin) NOPE", headers: Self.browser)
            #expect(unknownPage.status == .notFound)
            #expect(unknownPage.body.contains("value=\"\(gtin) NOPE\""))  // the search box keeps what was typed
            for q in ["hello world", "ni:///sha-256;abc", "(01)123", "12345", ""] {
                let a = try await Self.search(client, q)
                #expect(a.status == .badRequest, "\(q)")
                #expect(a.headers[.contentType] == "application/problem+json")
                let p = try await Self.search(client, q, headers: Self.browser)
                #expect(p.status == .badRequest && p.body.contains("<h1>400"), "\(q)")
            }
        }
    }

    /// The readings of a text, in the order they are tried.
    @Test func aTextIsReadEveryWayItCanBe() throws {
        let gtin13 = try #require(try? SearchedIdentifier.candidates("4912345000019"))
        #expect(gtin13.map { if case .gs1(let l) = $0 { l.primaryKey.ai } else { "" } } == ["01", "414"])
        let serialOrLot = try SearchedIdentifier.candidates("04912345000071 A/1")
        #expect(
            serialOrLot == [
                .gs1(try DigitalLink.parse("https://id.gs1.org/01/04912345000071/21/A%2F1")),
                .gs1(try DigitalLink.parse("https://id.gs1.org/01/04912345000071/10/A%2F1"))
            ])
        #expect(
            try SearchedIdentifier.candidates("(01)04912345000071(10)L/7") == [.gs1(try DigitalLink.parse("https://id.gs1.org/01/04912345000071/10/L%2F7"))])
        #expect(try SearchedIdentifier.candidates(" urn:uuid:ABCD ") == [.eventID("urn:uuid:ABCD"), .eventID("urn:uuid:abcd")])
        #expect(
            try SearchedIdentifier.candidates("https://example.org/things/7") == [
                .identifier("https://example.org/things/7"), .eventID("https://example.org/things/7")
            ])
        // GS1 keys have check digits, and a lot has no space (GS1 character set 82).
        for bad in ["(01)04912345000072", "04912345000072", "urn:epc:id:sgtin:bad", "x", "(01)04912345000071(10)L 7"] {
            #expect(throws: SearchedIdentifier.Malformed.self, "\(bad)") { try SearchedIdentifier.candidates(bad) }
        }
    }

    /// The home page says what the node holds and links to every page; the log page shows its (empty) chart as empty.
    @Test(.temporaryStore) func theHomeAndLogPagesDescribeTheNode() async throws {
        try await Self.withChain { client in
            let home = try await Self.get(client, "/")
            #expect(home.status == .ok)
            #expect(home.body.contains("<html lang=\"en\">"))
            #expect(home.body.contains("<span class=\"value\">5</span><span class=\"label\">events captured</span>"))
            #expect(home.body.contains("Test Org"))
            for href in ["/explore", "/log", "/api", "/openapi.yaml", "/materials/offers.html", "/search"] {
                #expect(home.body.contains("\"\(href)"), "\(href)")
            }
            // The latest lots link to their passports and explorer pages.
            let d = try DigitalLink.parse(CBVCanonical.identifier(T.lot("D")))
            #expect(home.body.contains("href=\"/01/\(d.primaryKey.value)/10/D\""))
            let log = try await Self.get(client, "/log")
            #expect(log.status == .ok)
            #expect(log.body.contains("class=\"empty\""))
            #expect(try await Self.get(client, "/?x=1").status == .badRequest)
        }
    }

    /// The last `junkan verify` (kept in the node's settings) is on the log page: when, what it recomputed, what it found.
    @Test(.temporaryStore) func theLogPageShowsTheLastAudit() async throws {
        let tmp = try TemporaryStore.forTest()
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let record = AuditRecord(
            at: now - 3_600_000, events: 1200, leaves: 1200, tiles: 9, checkpoints: 4, signaturesChecked: true,
            problems: ["leaf 17: its event hash differs from the stored event's"])
        #expect(AuditRecord(json: record.json) == record)
        #expect(AuditRecord(json: "{\"at\": \"yesterday\"}") == nil)
        try await tmp.application().test(.router) { client in
            #expect(try await Self.get(client, "/log").body.contains("No audit recorded yet"))
            try await tmp.store.replaceNodeSetting(.lastAudit, with: record.json)
            let page = try await Self.get(client, "/log").body
            #expect(page.contains("1 h ago"))
            #expect(page.contains("1,200 events, 1,200 leaves, 9 tiles, 4 checkpoints recomputed"))
            #expect(page.contains("problems found") && page.contains("leaf 17: its event hash differs"))
            try await tmp.store.replaceNodeSetting(
                .lastAudit, with: AuditRecord(at: now, events: 3, leaves: 3, tiles: 1, checkpoints: 1, signaturesChecked: false, problems: []).json)
            let clean = try await Self.get(client, "/log").body
            #expect(clean.contains("all consistent") && clean.contains("checkpoint signatures not checked"))
        }
    }

    /// An organisation's dashboard: its events per month, the lots it owns with their footprints and passports; more
    /// with its token; none for the public when it is not named publicly.
    @Test(.temporaryStore) func theOrganisationDashboardShowsItsMonthsAndLots() async throws {
        let tmp = try TemporaryStore.forTest()
        let org = try await tmp.organisation()
        let other = try await tmp.organisation("Quiet Recycler", token: "quiet-token")
        try await tmp.store.setNamedOnPassports(organisationID: other.id, false)
        // The sample lots' company prefix is the test organisation's.
        try await tmp.store.addPrefix("4012345", organisationID: org.id)
        try await tmp.application().test(.router) { client in
            let captured = try await client.execute(
                uri: "/capture", method: .post, headers: Self.auth, body: ByteBuffer(string: JSONWriter.string(SampleEvents.document(Self.events)))
            ) { $0.status }
            #expect(captured == .accepted)
            let page = try await Self.get(client, "/orgs/\(org.id)")
            #expect(page.status == .ok)
            #expect(page.body.contains("<h1>Test Org</h1>"))
            #expect(page.body.contains("GS1 Company Prefix 4012345"))
            // The five sample events are in one month (2023-11, UTC): one bar, its title saying so.
            #expect(page.body.contains("<title>2023-11: 5</title>"))
            for lot in ["V", "W", "R", "C", "D"] {
                #expect(page.body.contains("data-id=\"\(CBVCanonical.identifier(T.lot(lot)))\""), "\(lot)")
            }
            #expect(!page.body.contains("Grants (you see this with your token)"))
            let own = try await Self.get(client, "/orgs/\(org.id)", headers: [.authorization: "Bearer test-token"])
            #expect(own.body.contains("Grants (you see this with your token)"))
            // Not named publicly: no public dashboard, but its own token opens it.
            #expect(try await Self.get(client, "/orgs/\(other.id)").status == .notFound)
            let quiet = try await Self.get(client, "/orgs/\(other.id)", headers: [.authorization: "Bearer quiet-token"])
            #expect(quiet.status == .ok && quiet.body.contains("No events captured yet"))
            let unknown = try await Self.get(client, "/orgs/org-nobody", headers: Self.browser)
            #expect(unknown.status == .notFound && unknown.headers[.contentType] == "text/html; charset=utf-8")
            // The home page links each organisation named publicly to its dashboard, and not the others.
            let home = try await Self.get(client, "/").body
            #expect(home.contains("href=\"/orgs/\(org.id)\""))
            #expect(!home.contains("/orgs/\(other.id)"))
        }
    }

    /// /openapi.yaml is the file the repository keeps (served as written); /api renders every path of it.
    @Test(.temporaryStore) func theAPIDescriptionIsServedAndRendered() async throws {
        let tmp = try TemporaryStore.forTest()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let file = try String(contentsOf: root.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        try await tmp.application().test(.router) { client in
            let yaml = try await Self.get(client, "/openapi.yaml")
            #expect(yaml.status == .ok)
            #expect(yaml.headers[.contentType] == "application/yaml; charset=utf-8")
            #expect(yaml.body == file)
            let page = try await Self.get(client, "/api")
            #expect(page.status == .ok)
            let paths = file.split(separator: "\n").filter { $0.hasPrefix("  /") && $0.hasSuffix(":") }.map { $0.dropFirst(2).dropLast() }
            #expect(paths.count > 90)
            for p in paths {
                let shown = String(p).replacingOccurrences(of: "&", with: "&amp;")
                #expect(page.body.contains("<code>\(shown)</code>"), "\(p)")
            }
            #expect(page.body.contains("id=\"schema-Problem\""))
        }
    }
}
