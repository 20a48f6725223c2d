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

/// Issue 29, item 4: `GS1-EPC-Format` and `GS1-CBV-XML-Format` on query results.
@Suite struct EPCFormatRouteTests {
    static let epcFormat = HTTPField.Name("GS1-EPC-Format")!
    static let cbvFormat = HTTPField.Name("GS1-CBV-XML-Format")!

    /// One ObjectEvent of EPC URNs (4012345: a prefix of 7 digits, registered to the test organisation where a test asks).
    func withEvent(registerPrefix: Bool, _ body: @Sendable (any TestClientProtocol, TemporaryStore) async throws -> Void) async throws {
        let tmp = try await TemporaryStore()
        defer { tmp.remove() }
        let org = try await tmp.organisation()
        if registerPrefix { try await tmp.store.addPrefix("4012345", organisationID: org.id) }
        try await tmp.application().test(.router) { client in
            let doc = SampleEvents.document([SampleEvents.objectEvent(3)])
            let headers: HTTPFields = [.authorization: "Bearer test-token", .contentType: "application/ld+json"]
            try await client.execute(uri: "/capture", method: .post, headers: headers, body: ByteBuffer(string: JSONWriter.string(doc))) { r in
                #expect(r.status == .accepted)
            }
            try await body(client, tmp)
        }
    }

    static func firstEvent(_ r: TestResponse) throws -> JSONObject {
        let doc = try JSONParser.parse(String(buffer: r.body))
        return try #require(
            doc.objectValue?["epcisBody"]?.objectValue?["queryResults"]?.objectValue?["resultsBody"]?.objectValue?["eventList"]?.arrayValue?.first?
                .objectValue)
    }

    @Test func digitalLinksByDefaultURNsWhereThePrefixIsKnown() async throws {
        try await withEvent(registerPrefix: true) { (client: any TestClientProtocol, tmp: TemporaryStore) async throws in
            let stored = try #require(try await tmp.store.events(committedAfter: 0, limit: 1).first?.record)
            try await client.execute(uri: "/events", method: .get) { r in
                #expect(r.headers[Self.epcFormat] == "Always_GS1_Digital_Link")
                let e = try Self.firstEvent(r)
                #expect(e["epcList"] == ["https://id.gs1.org/01/04012345111118/21/3"])
                #expect(e["readPoint"]?.objectValue?["id"]?.stringValue?.hasPrefix("https://id.gs1.org/414/") == true)
                // Another spelling of the same identifiers: the same event hash (of the event as capture hashes it,
                // without its own @context).
                var event = e
                event["@context"] = nil
                let again = try EventHash.hashes(document: [
                    "@context": SampleEvents.context, "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2024-01-01T00:00:00Z",
                    "epcisBody": ["eventList": [.object(event)]]
                ])
                #expect(again == [stored.eventHash])
            }
            try await client.execute(uri: "/events", method: .get, headers: [Self.epcFormat: "Never_Translates"]) { r in
                #expect(r.headers[Self.epcFormat] == "Never_Translates")
                let e = try Self.firstEvent(r)
                #expect(e["epcList"] == ["urn:epc:id:sgtin:4012345.011111.3"])
            }
            // Stored as URNs, asked as URNs; and a Digital Link of a known prefix back to its URN.
            let asURN = try await client.execute(uri: "/events", method: .get, headers: [Self.epcFormat: "Always_EPC_URN"]) { r in
                try Self.firstEvent(r)
            }
            #expect(asURN["epcList"] == ["urn:epc:id:sgtin:4012345.011111.3"])
            let translator = EPCTranslator(
                format: .alwaysURN, ownership: IdentifierOwnership(registrations: [.init(prefix: "4012345", organisationID: "o")]))
            #expect(translator.identifier("https://id.gs1.org/01/04012345111118/21/3") == "urn:epc:id:sgtin:4012345.011111.3")
            #expect(translator.identifier("https://id.gs1.org/414/4012345000016") == "urn:epc:id:sgln:4012345.00001.0")
        }
    }

    /// Without the company prefix's length a Digital Link has no one EPC URN: it stays a Digital Link.
    @Test func aDigitalLinkOfAnUnknownPrefixStaysOne() async throws {
        let translator = EPCTranslator(format: .alwaysURN)
        #expect(translator.identifier("https://id.gs1.org/01/04012345111118/21/3") == "https://id.gs1.org/01/04012345111118/21/3")
        #expect(translator.identifier("urn:uuid:1") == "urn:uuid:1")
    }

    @Test func cbvValuesInXMLAsURNsOrWebURIs() async throws {
        try await withEvent(registerPrefix: false) { (client: any TestClientProtocol, tmp: TemporaryStore) async throws in
            let xml: HTTPFields = [.accept: "application/xml"]
            try await client.execute(uri: "/events", method: .get, headers: xml) { r in
                #expect(r.headers[Self.cbvFormat] == "Always_URN")
                #expect(String(buffer: r.body).contains("<bizStep>urn:epcglobal:cbv:bizstep:"))
            }
            var web = xml
            web[Self.cbvFormat] = "Always_Web_URI"
            let body = try await client.execute(uri: "/events", method: .get, headers: web) { r in
                #expect(r.headers[Self.cbvFormat] == "Always_Web_URI")
                return String(buffer: r.body)
            }
            #expect(body.contains("<bizStep>https://ref.gs1.org/cbv/BizStep-"))
            // Read back, a Web URI stays one, and names the same step: the same event hash as the stored bare word.
            let json = try Data(body.utf8).withUnsafeBytes { raw in try EPCISXMLReader.queryDocument(raw) }
            let e = json.objectValue?["epcisBody"]?.objectValue?["queryResults"]?.objectValue?["resultsBody"]?.objectValue?["eventList"]?.arrayValue?.first
            #expect(e?.objectValue?["bizStep"] == "https://ref.gs1.org/cbv/BizStep-shipping")
            let stored = try #require(try await tmp.store.events(committedAfter: 0, limit: 1).first?.record.eventHash)
            #expect(try EventHash.hashes(document: json) == [stored])
        }
    }

    @Test func anUnknownFormatIsA400NamingTheValues() async throws {
        try await withEvent(registerPrefix: false) { (client: any TestClientProtocol, _: TemporaryStore) async throws in
            for (name, value) in [(Self.epcFormat, "Sometimes"), (Self.cbvFormat, "urn"), (Self.cbvFormat, ""), (Self.epcFormat, " ")] {
                try await client.execute(uri: "/events", method: .get, headers: [name: value]) { r in
                    #expect(r.status == .badRequest)
                    let problem = try JSONParser.parse(String(buffer: r.body)).objectValue
                    #expect(problem?["detail"]?.stringValue?.contains("No_Preference") == true)
                }
            }
        }
    }
}
