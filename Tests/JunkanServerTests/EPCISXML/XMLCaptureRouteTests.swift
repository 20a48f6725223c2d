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

/// Issue 29, item 5: `POST /capture` and `POST /events` in XML, and their refusals: each problem with its line and
/// element, never a 5xx.
@Suite struct XMLCaptureRouteTests {
    static let xml: HTTPFields = [.authorization: "Bearer test-token", .contentType: "application/xml"]

    static func document(_ events: String) -> String { XMLTestDocument.capture(events) }

    static func objectEvent(_ serial: Int, extra: String = "") -> String {
        """
              <ObjectEvent>
                <eventTime>2024-01-01T10:00:00.000+01:00</eventTime>
                <eventTimeZoneOffset>+01:00</eventTimeZoneOffset>
                <epcList><epc>urn:epc:id:sgtin:4012345.011111.\(serial)</epc></epcList>
                <action>OBSERVE</action>
                <bizStep>urn:epcglobal:cbv:bizstep:shipping</bizStep>
                <readPoint><id>urn:epc:id:sgln:4012345.00001.0</id></readPoint>\(extra)
              </ObjectEvent>
        """
    }

    func withServer(_ body: @Sendable (any TestClientProtocol, TemporaryStore) async throws -> Void) async throws {
        let tmp = try await TemporaryStore()
        defer { tmp.remove() }
        _ = try await tmp.organisation()
        try await tmp.application().test(.router) { client in try await body(client, tmp) }
    }

    static func problem(_ r: TestResponse) throws -> JSONObject {
        #expect(r.headers[.contentType] == "application/problem+json")
        return try #require(JSONParser.parse(String(buffer: r.body)).objectValue)
    }

    @Test func capturesAnXMLDocumentAsItsJSONLDForm() async throws {
        try await withServer { (client: any TestClientProtocol, tmp: TemporaryStore) async throws in
            let body = Self.document(Self.objectEvent(1, extra: "\n<ex:temperature>21.5</ex:temperature>") + Self.objectEvent(2))
            try await client.execute(uri: "/capture", method: .post, headers: Self.xml, body: ByteBuffer(string: body)) { r in
                #expect(r.status == .accepted)
                let job = try JSONParser.parse(String(buffer: r.body)).objectValue
                #expect(job?["storedCount"] == 2)
            }
            let events = try await tmp.store.events(committedAfter: 0, limit: 10)
            #expect(events.count == 2)
            let first = try #require(JSONParser.parse(events[0].record.json).objectValue)
            // Stored as JSON-LD writes it: the bare CBV word, the extension under its prefix, declared in @context.
            #expect(first["bizStep"] == "shipping")
            #expect(first["ex:temperature"] == "21.5")
            #expect(first["@context"] == ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", ["ex": "https://ns.example.com/epcis/"]])
        }
    }

    @Test func postEventsTakesADocumentOfOneEvent() async throws {
        try await withServer { (client: any TestClientProtocol, tmp: TemporaryStore) async throws in
            try await client.execute(uri: "/events", method: .post, headers: Self.xml, body: ByteBuffer(string: Self.document(Self.objectEvent(7)))) { r in
                #expect(r.status == .created)
            }
            let two = Self.document(Self.objectEvent(8) + Self.objectEvent(9))
            try await client.execute(uri: "/events", method: .post, headers: Self.xml, body: ByteBuffer(string: two)) { r in
                #expect(r.status == .badRequest)
                let problem = try Self.problem(r)
                #expect(problem["detail"]?.stringValue?.contains("exactly one event") == true)
            }
            #expect(try await tmp.store.eventCount() == 1)
        }
    }

    /// An element out of the XSD's sequence: the problem names its line and element, in `detail` and in `errors`.
    @Test func anInvalidDocumentIsRefusedWithLineAndElement() async throws {
        try await withServer { (client: any TestClientProtocol, tmp: TemporaryStore) async throws in
            // action before epcList: the XSD's sequence wants epcList first. Both are on line 8 (the ObjectEvent opens on line 5).
            let bad = Self.objectEvent(3).replacingOccurrences(of: "<action>OBSERVE</action>", with: "")
                .replacingOccurrences(of: "<epcList>", with: "<action>OBSERVE</action><epcList>")
            try await client.execute(uri: "/capture", method: .post, headers: Self.xml, body: ByteBuffer(string: Self.document(bad))) { r in
                #expect(r.status == .badRequest)
                let problem = try Self.problem(r)
                #expect(problem["type"] == "epcisException:ValidationException")
                let errors = try #require(problem["errors"]?.arrayValue)
                let first = try #require(errors.first?.objectValue)
                #expect(first["line"] == 8)
                #expect(first["element"] == "epcList")
                #expect(problem["detail"]?.stringValue?.contains("line 8, element <epcList>") == true)
            }
            #expect(try await tmp.store.eventCount() == 0)
        }
    }

    @Test func malformedXMLAndDTDsAreRefused() async throws {
        try await withServer { (client: any TestClientProtocol, tmp: TemporaryStore) async throws in
            let cases = [
                "<epcis:EPCISDocument xmlns:epcis=\"urn:epcglobal:epcis:xsd:2\">\n<EPCISBody>\n</epcis:EPCISDocument>",
                "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>\n<lolz>&lol2;</lolz>",
                "<!DOCTYPE x SYSTEM \"file:///etc/passwd\"><x/>",
                "",
                "not xml at all <"
            ]
            for body in cases {
                try await client.execute(uri: "/capture", method: .post, headers: Self.xml, body: ByteBuffer(string: body)) { r in
                    #expect(r.status == .badRequest, "\(body)")
                    let problem = try Self.problem(r)
                    #expect(problem["detail"]?.stringValue?.hasPrefix("the EPCIS XML document is refused") == true)
                }
            }
            // The mismatched tag is reported on its line.
            try await client.execute(uri: "/capture", method: .post, headers: Self.xml, body: ByteBuffer(string: cases[0])) { r in
                let problem = try Self.problem(r)
                #expect(problem["errors"]?.arrayValue?.first?.objectValue?["line"] == 3)
            }
            #expect(try await tmp.store.eventCount() == 0)
        }
    }

    /// A 1.x document, or a query document, is not a capture document of EPCIS 2.0: refused, saying what was found.
    @Test func otherRootElementsAreRefused() async throws {
        try await withServer { (client: any TestClientProtocol, _: TemporaryStore) async throws in
            let query =
                "<epcisq:EPCISQueryDocument xmlns:epcisq=\"urn:epcglobal:epcis-query:xsd:2\" schemaVersion=\"2.0\" creationDate=\"2024-01-01T00:00:00Z\"/>"
            try await client.execute(uri: "/capture", method: .post, headers: Self.xml, body: ByteBuffer(string: query)) { r in
                #expect(r.status == .badRequest)
                let problem = try Self.problem(r)
                #expect(problem["errors"]?.arrayValue?.first?.objectValue?["element"] == "epcisq:EPCISQueryDocument")
            }
            var textXML = Self.xml
            textXML[.contentType] = "text/xml; charset=utf-8"
            try await client.execute(uri: "/capture", method: .post, headers: textXML, body: ByteBuffer(string: Self.document(Self.objectEvent(4)))) { r in
                #expect(r.status == .accepted)
            }
            var other = Self.xml
            other[.contentType] = "application/yaml"
            try await client.execute(uri: "/capture", method: .post, headers: other, body: ByteBuffer(string: "a: b")) { r in
                #expect(r.status == .unsupportedMediaType)
                let problem = try Self.problem(r)
                #expect(problem["detail"]?.stringValue?.contains("application/xml") == true)
            }
        }
    }

    /// Query results in XML are valid against the query XSD and carry the stored events.
    @Test func queryResultsInXML() async throws {
        try await withServer { (client: any TestClientProtocol, _: TemporaryStore) async throws in
            let body = Self.document(Self.objectEvent(5, extra: "\n<ex:temperature>21.5</ex:temperature>"))
            try await client.execute(uri: "/capture", method: .post, headers: Self.xml, body: ByteBuffer(string: body)) { r in
                #expect(r.status == .accepted)
            }
            let accept: HTTPFields = [.authorization: "Bearer test-token", .accept: "application/xml;q=0.9, application/json;q=0.5"]
            let xml = try await client.execute(uri: "/events", method: .get, headers: accept) { r in
                #expect(r.headers[.contentType] == "application/xml")
                return String(buffer: r.body)
            }
            let json = try Data(xml.utf8).withUnsafeBytes { raw in try EPCISXMLReader.queryDocument(raw) }
            let events = json.objectValue?["epcisBody"]?.objectValue?["queryResults"]?.objectValue?["resultsBody"]?.objectValue?["eventList"]?.arrayValue
            #expect(events?.count == 1)
            #expect(events?.first?.objectValue?["ex:temperature"] == "21.5")
            // No Accept, or one preferring JSON: JSON-LD as before.
            let plain: HTTPFields = [.authorization: "Bearer test-token", .accept: "application/json, application/xml;q=0.1"]
            try await client.execute(uri: "/events", method: .get, headers: plain) { r in #expect(r.headers[.contentType] == "application/ld+json") }
        }
    }
}
