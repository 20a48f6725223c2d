import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanNode
import JunkanServer
import JunkanTestSupport
import Testing

/// Malformed input of every kind is a 4xx problem+json that says what is wrong, never a 5xx.
@Suite struct BadInputTests {
    static let auth: HTTPFields = [.authorization: "Bearer test-token", .contentType: "application/ld+json"]

    func post(
        _ body: ByteBuffer, headers: HTTPFields = auth, uri: String = "/capture", limits: CaptureLimits = .init()
    ) async throws -> (HTTPResponse.Status, JSONObject) {
        let tmp = try await TemporaryStore()
        defer { tmp.remove() }
        _ = try await tmp.organisation()
        let app = tmp.application(limits: limits)
        return try await app.test(.router) { client in
            try await client.execute(uri: uri, method: .post, headers: headers, body: body) { r in
                #expect(r.headers[.contentType] == "application/problem+json")
                return (r.status, try JSONParser.parse(String(buffer: r.body)).objectValue ?? JSONObject())
            }
        }
    }

    @Test func invalidJSONSaysWhere() async throws {
        let (status, p) = try await post(ByteBuffer(string: "{\"type\": \"EPCISDocument\",\n \"epcisBody\": [1,}"))
        #expect(status == .badRequest)
        #expect(p["detail"]?.stringValue?.contains("line 2") == true)
    }

    @Test func wrongContentTypeIs415() async throws {
        var h = Self.auth
        // (XML is a binding of its own now: XMLCaptureRouteTests.)
        h[.contentType] = "text/csv"
        let (status, p) = try await post(ByteBuffer(string: "eventTime,action\n"), headers: h)
        #expect(status == .unsupportedMediaType)
        #expect(p["title"] == "UnsupportedMediaTypeException")
    }

    @Test func unknownEventTypeNamesTheField() async throws {
        var e = SampleEvents.objectEvent(1).objectValue!
        e["type"] = "RecyclingEvent"
        let (status, p) = try await post(ByteBuffer(string: JSONWriter.string(SampleEvents.document([.object(e)]))))
        #expect(status == .badRequest)
        #expect(p["pointer"] == "/epcisBody/eventList/0/type")
    }

    @Test func missingRequiredFieldNamesTheField() async throws {
        var e = SampleEvents.objectEvent(1).objectValue!
        e["eventTimeZoneOffset"] = nil
        let (status, p) = try await post(ByteBuffer(string: JSONWriter.string(SampleEvents.document([.object(e)]))))
        #expect(status == .badRequest)
        #expect(p["pointer"] == "/epcisBody/eventList/0/eventTimeZoneOffset")
    }

    @Test func badGS1KeySaysWhy() async throws {
        var e = SampleEvents.objectEvent(1).objectValue!
        e["readPoint"] = ["id": "urn:epc:id:sgln:4012345.0005.0"]
        let (status, p) = try await post(ByteBuffer(string: JSONWriter.string(SampleEvents.document([.object(e)]))))
        #expect(status == .badRequest)
        #expect(p["pointer"] == "/epcisBody/eventList/0/readPoint/id")
        #expect(p["detail"]?.stringValue?.contains("12 digits") == true)
    }

    @Test func bodiesOverTheLimitAre413() async throws {
        // 11 MB of JSON whitespace inside a document: refused as too large, not read into memory whole.
        let big = "{\"type\":\"EPCISDocument\"" + String(repeating: " ", count: 11 * 1024 * 1024) + "}"
        let (status, p) = try await post(ByteBuffer(string: big))
        #expect(status == .contentTooLarge)
        #expect(p["title"] == "CaptureLimitExceededException")
    }

    @Test func tooManyEventsIs413() async throws {
        let doc = SampleEvents.document((0..<11).map { SampleEvents.objectEvent($0) })
        let (status, p) = try await post(ByteBuffer(string: JSONWriter.string(doc)), limits: .init(maxEvents: 10))
        #expect(status == .contentTooLarge)
        #expect(p["detail"]?.stringValue?.contains("at most 10") == true)
    }

    @Test func deeplyNestedJSONIsRefused() async throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let (status, p) = try await post(ByteBuffer(string: deep))
        #expect(status == .badRequest)
        #expect(p["detail"]?.stringValue?.contains("nesting") == true)
    }

    @Test func notADocumentIs400() async throws {
        let (status, p) = try await post(ByteBuffer(string: "[1,2,3]"))
        #expect(status == .badRequest)
        #expect(p["detail"]?.stringValue?.contains("JSON object") == true)
    }

    @Test(.temporaryStore) func badQueryParameterIs400() async throws {
        let tmp = try TemporaryStore.forTest()
        let app = tmp.application()
        try await app.test(.router) { client in
            for q in ["GE_eventTime=yesterday", "perPage=0", "EQ_action=SHIP", "eventType=Foo", "nextPageToken=zzz", "MATCH_colour=red"] {
                try await client.execute(uri: "/events?" + q, method: .get) { r in
                    #expect(r.status == .badRequest, "\(q)")
                    let title = try JSONParser.parse(String(buffer: r.body)).objectValue?["title"]
                    #expect(title == "QueryParameterException")
                }
            }
            try await client.execute(uri: "/events/urn:uuid:nope", method: .get) { r in #expect(r.status == .notFound) }
        }
    }
}
