import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanNode
import JunkanServer
import JunkanTestSupport
import Testing

/// `GET /events` with the EPCIS 2.0 SimpleEventQuery parameters.
@Suite struct QueryRouteTests {
    static let auth: HTTPFields = [.authorization: "Bearer test-token", .contentType: "application/ld+json"]

    func withEvents(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let tmp = try await TemporaryStore()
        defer { tmp.remove() }
        _ = try await tmp.organisation()
        let app = tmp.application()
        try await app.test(.router) { client in
            var events = (0..<10).map { SampleEvents.objectEvent($0, bizStep: $0 % 2 == 0 ? "shipping" : "receiving") }
            events += (0..<3).map { SampleEvents.transformation($0) }
            try await client.execute(
                uri: "/capture", method: .post, headers: Self.auth,
                body: ByteBuffer(string: JSONWriter.string(SampleEvents.document(events)))
            ) { r in #expect(r.status == .accepted) }
            try await body(client)
        }
    }

    static func events(_ r: TestResponse) throws -> [JSONObject] {
        let doc = try JSONParser.parse(String(buffer: r.body)).objectValue
        #expect(doc?["type"] == "EPCISQueryDocument")
        return doc?["epcisBody"]?.objectValue?["queryResults"]?.objectValue?["resultsBody"]?.objectValue?["eventList"]?.arrayValue?.compactMap(\.objectValue)
            ?? []
    }

    /// How many events `GET uri` returns (checking it is a 200 EPCISQueryDocument).
    static func count(_ client: any TestClientProtocol, _ uri: String) async throws -> Int {
        try await client.execute(uri: uri, method: .get) { r in
            #expect(r.status == .ok, "\(uri)")
            return try events(r).count
        }
    }

    @Test func filtersByBizStepInAnySpelling() async throws {
        try await withEvents { client in
            for v in ["shipping", "https://ref.gs1.org/cbv/BizStep-shipping", "urn:epcglobal:cbv:bizstep:shipping"] {
                let n1 = try await Self.count(client, "/events?EQ_bizStep=" + PercentEncoding.encode(v))
                #expect(n1 == 5, "\(v)")
            }
            let n2 = try await Self.count(client, "/events?EQ_bizStep=shipping%7Creceiving&eventType=ObjectEvent")
            #expect(n2 == 10)
        }
    }

    @Test func matchesEPCsAsURNOrDigitalLink() async throws {
        try await withEvents { client in
            let n1 = try await Self.count(client, "/events?MATCH_epc=urn:epc:id:sgtin:4012345.011111.3")
            #expect(n1 == 1)
            let n2 = try await Self.count(client, "/events?MATCH_anyEPC=" + PercentEncoding.encode("https://id.gs1.org/01/04012345111118/21/3"))
            #expect(n2 == 1)
            // A GTIN-level pattern covers every serial.
            let n3 = try await Self.count(client, "/events?MATCH_epc=urn:epc:idpat:sgtin:4012345.011111.*")
            #expect(n3 == 10)
        }
    }

    @Test func matchesInputAndOutputClasses() async throws {
        try await withEvents { client in
            let n1 = try await Self.count(client, "/events?MATCH_inputEPCClass=urn:epc:class:lgtin:4012345.012345.R1")
            #expect(n1 == 1)
            let n2 = try await Self.count(client, "/events?MATCH_outputEPCClass=" + PercentEncoding.encode("https://id.gs1.org/01/04012345543216"))
            #expect(n2 == 3)
            let n3 = try await Self.count(client, "/events?MATCH_anyEPCClass=urn:epc:class:lgtin:4012345.054321.C2&eventType=TransformationEvent")
            #expect(n3 == 1)
        }
    }

    @Test func filtersByEventTimeAndOrders() async throws {
        try await withEvents { client in
            let from = ISO8601Timestamp.utcString(epochMilliseconds: 1_700_000_000_000 + 5000)
            try await client.execute(uri: "/events?eventType=ObjectEvent&GE_eventTime=\(from)&orderBy=eventTime&orderDirection=DESC", method: .get) { r in
                let list = try Self.events(r)
                #expect(list.count == 5)
                #expect(list.first?["epcList"] == ["https://id.gs1.org/01/04012345111118/21/9"])
            }
        }
    }

    @Test func pagesWithLinkHeaderUntilDone() async throws {
        try await withEvents { client in
            var uri: String? = "/events?perPage=4&orderBy=eventTime"
            var seen = Set<String>()
            var pages = 0
            while let u = uri {
                uri = try await client.execute(uri: u, method: .get) { r in
                    #expect(r.status == .ok)
                    for e in try Self.events(r) { seen.insert(e["eventID"]?.stringValue ?? "") }
                    guard let link = r.headers[HTTPField.Name("Link")!] else { return nil }
                    #expect(link.hasSuffix("rel=\"next\""))
                    return String(link.dropFirst().prefix(while: { $0 != ">" }))
                }
                pages += 1
            }
            #expect(pages == 4)
            #expect(seen.count == 13)
        }
    }

    @Test func healthAndMetrics() async throws {
        try await withEvents { client in
            try await client.execute(uri: "/health", method: .get) { r in
                #expect(String(buffer: r.body).contains("\"events\":13"))
            }
            try await client.execute(uri: "/metrics", method: .get) { r in
                let text = String(buffer: r.body)
                #expect(text.contains("junkan_captured_events_total 13"))
                #expect(text.contains("junkan_http_request_duration_seconds"))
            }
        }
    }
}

@Suite struct QueryEncodingTests {
    @Test(.temporaryStore) func aPercentInASerialSurvivesTheQueryString() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        let app = tmp.application()
        try await app.test(.router) { client in
            var e = SampleEvents.objectEvent(1).objectValue!
            e["epcList"] = ["https://id.gs1.org/01/04012345111118/21/A%252F1"]  // serial "A%2F1"
            try await client.execute(
                uri: "/capture", method: .post, headers: [.authorization: "Bearer test-token", .contentType: "application/ld+json"],
                body: ByteBuffer(string: JSONWriter.string(SampleEvents.document([.object(e)])))
            ) { r in #expect(r.status == .accepted) }
            let q = PercentEncoding.encode("https://id.gs1.org/01/04012345111118/21/A%252F1")
            let n1 = try await QueryRouteTests.count(client, "/events?MATCH_epc=" + q)
            #expect(n1 == 1)
        }
    }
}
