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

/// EPCIS master data from a capture document's header (`epcisHeader.epcisMasterData`): stored per organisation, read by
/// `WD_readPoint`/`WD_bizLocation` (the hierarchy its `children` draw, in the field's own vocabulary), `HASATTR_` and
/// `EQ_ATTR_`, and served at `GET /masterData`.
@Suite struct MasterDataQueryTests {
    typealias F = QueryParameterFixture
    static func q(_ pairs: String...) -> String { SimpleEventQueryParameterTests.q(pairs) }
    static func sgln(_ location: String) -> String { "urn:epc:id:sgln:4012345.\(location).0" }

    /// A plant (00010) with a line (00011) with a cell (00012); two locations (00014, 00015) each the other's child; a
    /// read point (00020) with a child (00021). Written with a compact attribute name, a `#` one and a Digital Link.
    static let header = """
        "epcisHeader":{"epcisMasterData":{"vocabularyList":[
          {"type":"urn:epcglobal:epcis:vtype:BusinessLocation","vocabularyElementList":[
            {"id":"\(sgln("00010"))","attributes":[{"id":"cbvmda:name","attribute":"Plant Kawasaki"},
              {"id":"urn:epcglobal:cbv:mda#streetAddressOne","attribute":"1-1 Minato"},{"id":"cbvmda:city","attribute":"Kawasaki"},
              {"id":"cbvmda:countryCode","attribute":"JP"},{"id":"ex:capacity","attribute":{"ex:tonnes":1200}}],
             "children":["https://id.gs1.org/414/4012345000115"]},
            {"id":"\(sgln("00011"))","attributes":[{"id":"cbvmda:sst","attribute":"201"}],"children":["\(sgln("00012"))"]},
            {"id":"\(sgln("00012"))","attributes":[{"id":"urn:epcglobal:cbv:mda#sst","attribute":"202"}]},
            {"id":"\(sgln("00014"))","children":["\(sgln("00015"))"]},
            {"id":"\(sgln("00015"))","children":["\(sgln("00014"))"]}]},
          {"type":"urn:epcglobal:epcis:vtype:ReadPoint","vocabularyElementList":[
            {"id":"\(sgln("00020"))","children":["\(sgln("00021"))"]}]}]}},
        """

    static func event(_ n: Int, bizLocation: String, readPoint: String? = nil) -> String {
        """
        {"type":"ObjectEvent","eventID":"\(F.id(n))","eventTime":"2024-03-0\(n)T10:00:00Z","eventTimeZoneOffset":"+00:00",
         "epcList":["\(F.epc)"],"action":"OBSERVE","bizLocation":{"id":"\(bizLocation)"}\(readPoint.map { ",\"readPoint\":{\"id\":\"\($0)\"}" } ?? "")}
        """
    }

    static func document(header: String, events: [String]) -> String {
        """
        {"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"ex":"https://ns.example.com/epcis/"}],
         "type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2024-03-01T00:00:00Z",\(header)
         "epcisBody":{"eventList":[\(events.joined(separator: ","))]}}
        """
    }

    static let events = [
        event(1, bizLocation: sgln("00012"), readPoint: sgln("00021")), event(2, bizLocation: sgln("00011")),
        event(3, bizLocation: sgln("00013"), readPoint: sgln("00020")), event(4, bizLocation: sgln("00015"))
    ]

    static func capture(_ c: any TestClientProtocol, _ body: String, token: String = "test-token") async throws -> (HTTPResponse.Status, String) {
        var h = F.auth
        h[.authorization] = "Bearer \(token)"
        return try await c.execute(uri: "/capture", method: .post, headers: h, body: ByteBuffer(string: body)) { ($0.status, String(buffer: $0.body)) }
    }

    /// A node holding the header's master data and the four events, captured by the organisation passed on (token
    /// `test-token`); another organisation has `other-token`.
    static func withNode(_ body: @Sendable (any TestClientProtocol, TemporaryStore, Organisation) async throws -> Void) async throws {
        let tmp = try await TemporaryStore()
        defer { tmp.remove() }
        let org = try await tmp.organisation()
        _ = try await tmp.organisation("Other Org", token: "other-token")
        try await tmp.application().test(.router) { client in
            let (status, text) = try await capture(client, document(header: header, events: events))
            #expect(status == .accepted, "\(text)")
            try await body(client, tmp, org)
        }
    }

    static func status(_ c: any TestClientProtocol, _ uri: String) async throws -> HTTPResponse.Status {
        try await c.execute(uri: uri, method: .get) { $0.status }
    }

    @Test func withinFollowsTheFieldsOwnHierarchyToAnyDepth() async throws {
        try await Self.withNode { (c: any TestClientProtocol, _: TemporaryStore, _: Organisation) async throws in
            #expect(try await F.ids(c, Self.q("WD_bizLocation=\(Self.sgln("00010"))")) == [1, 2])
            // The line as a Digital Link: itself and the cell below it.
            #expect(try await F.ids(c, Self.q("WD_bizLocation=https://id.gs1.org/414/4012345000115")) == [1, 2])
            #expect(try await F.ids(c, Self.q("WD_bizLocation=\(Self.sgln("00012"))")) == [1])
            // A location without master data is only itself.
            #expect(try await F.ids(c, Self.q("WD_bizLocation=\(Self.sgln("00013"))")) == [3])
            // Two locations that are each other's child: the walk ends.
            #expect(try await F.ids(c, Self.q("WD_bizLocation=\(Self.sgln("00014"))")) == [4])
            #expect(try await F.ids(c, Self.q("WD_readPoint=\(Self.sgln("00020"))")) == [1, 3])
            // The plant's hierarchy is the BusinessLocation vocabulary's, not the ReadPoint one's.
            #expect(try await F.ids(c, Self.q("WD_readPoint=\(Self.sgln("00010"))")) == [])
            #expect(try await F.ids(c, Self.q("WD_bizLocation=\(Self.sgln("00010"))", "EQ_bizLocation=\(Self.sgln("00011"))")) == [2])
            #expect(try await F.ids(c, Self.q("WD_bizLocation=\(Self.sgln("00010"))", "WD_readPoint=\(Self.sgln("00020"))")) == [1])
        }
    }

    @Test func attributesFilterByNameAndValueInEitherSpelling() async throws {
        try await Self.withNode { (c: any TestClientProtocol, _: TemporaryStore, _: Organisation) async throws in
            #expect(try await F.ids(c, Self.q("HASATTR_bizLocation=cbvmda:sst")) == [1, 2])
            #expect(try await F.ids(c, Self.q("HASATTR_bizLocation=urn:epcglobal:cbv:mda#sst")) == [1, 2])
            #expect(try await F.ids(c, Self.q("HASATTR_bizLocation=urn:epcglobal:cbv:mda:name")) == [])
            #expect(try await F.ids(c, Self.q("HASATTR_readPoint=cbvmda:sst")) == [])
            #expect(try await F.ids(c, Self.q("EQ_ATTR_bizLocation_cbvmda:sst=202")) == [1])
            #expect(try await F.ids(c, Self.q("EQ_ATTR_bizLocation_urn:epcglobal:cbv:mda:sst=201|202")) == [1, 2])
            #expect(try await F.ids(c, Self.q("EQ_ATTR_bizLocation_cbvmda:sst=203")) == [])
            for uri in [Self.q("HASATTR_bizStep=cbvmda:sst"), Self.q("EQ_ATTR_bizLocation_sst=1"), Self.q("EQ_ATTR_bizLocation=1")] {
                let (status, type) = try await F.refusal(c, uri)
                #expect(status == .badRequest, "\(uri)")
                #expect(type == "epcisException:QueryParameterException", "\(uri)")
            }
        }
    }

    @Test func aLaterDeclarationReplacesTheOrganisationsOwnAndQueriesReadItAtOnce() async throws {
        try await Self.withNode { (c: any TestClientProtocol, _: TemporaryStore, _: Organisation) async throws in
            let moved = """
                "epcisHeader":{"epcisMasterData":{"vocabularyList":[{"type":"urn:epcglobal:epcis:vtype:BusinessLocation",
                  "vocabularyElementList":[{"id":"\(Self.sgln("00011"))","attributes":[{"id":"cbvmda:sst","attribute":"201"}]}]}]}},
                """
            #expect(try await Self.capture(c, Self.document(header: moved, events: [])).0 == .accepted)
            // The cell is no longer below the line, so not below the plant either.
            #expect(try await F.ids(c, Self.q("WD_bizLocation=\(Self.sgln("00010"))")) == [2])
            // A named query reads the hierarchy when it runs, not when it was stored.
            let named = #"{"name":"plant","query":{"WD_bizLocation":["\#(Self.sgln("00010"))"]}}"#
            try await c.execute(uri: "/queries", method: .post, headers: F.auth, body: ByteBuffer(string: named)) { r in
                #expect(r.status == .created, "\(String(buffer: r.body))")
            }
            #expect(try await F.ids(c, "/queries/plant/events") == [2])
            let back = """
                "epcisHeader":{"epcisMasterData":{"vocabularyList":[{"type":"urn:epcglobal:epcis:vtype:BusinessLocation",
                  "vocabularyElementList":[{"id":"\(Self.sgln("00011"))","children":["\(Self.sgln("00012"))"]}]}]}},
                """
            #expect(try await Self.capture(c, Self.document(header: back, events: [])).0 == .accepted)
            #expect(try await F.ids(c, "/queries/plant/events") == [1, 2])
        }
    }

    @Test func masterDataIsServedWithWhoDeclaredIt() async throws {
        try await Self.withNode { (c: any TestClientProtocol, _: TemporaryStore, org: Organisation) async throws in
            let uri = "/masterData?id=" + PercentEncoding.encode(Self.sgln("00010"))
            let (status, type, body) = try await c.execute(uri: uri, method: .get) { r in
                (r.status, r.headers[.contentType], String(buffer: r.body))
            }
            #expect(status == .ok, "\(body)")
            #expect(type == "application/ld+json")
            let json = try JSONParser.parse(body)
            #expect(json.objectValue?["id"]?.stringValue == "https://id.gs1.org/414/4012345000108")
            let vocabulary = try #require(json.objectValue?["epcisMasterData"]?.objectValue?["vocabularyList"]?.arrayValue?.first?.objectValue)
            #expect(vocabulary["type"]?.stringValue == VocabularyType.businessLocation)
            let element = try #require(vocabulary["vocabularyElementList"]?.arrayValue?.first?.objectValue)
            #expect(element["declaredBy"]?.stringValue == org.id)
            let attributes = element["attributes"]?.arrayValue?.compactMap(\.objectValue) ?? []
            // Compact names and object members are stored expanded, so they read the same without the document.
            let names: [String] = attributes.map { $0["id"]?.stringValue ?? "" }
            #expect(names.contains("urn:epcglobal:cbv:mda:name"))
            #expect(names.contains("urn:epcglobal:cbv:mda:streetAddressOne"))
            let capacity = attributes.first { $0["id"]?.stringValue == "https://ns.example.com/epcis/capacity" }
            #expect(capacity?["attribute"]?.objectValue?["https://ns.example.com/epcis/tonnes"]?.numberValue?.doubleValue == 1200)
            #expect(element["children"]?.arrayValue == [.string("https://id.gs1.org/414/4012345000115")])

            let none = "/masterData?id=" + PercentEncoding.encode(Self.sgln("00099"))
            #expect(try await F.refusal(c, none) == (.notFound, "epcisException:NoSuchResourceException"))
            #expect(try await F.refusal(c, "/masterData").0 == .badRequest)
            #expect(try await F.refusal(c, "/masterData?id=https://id.gs1.org/414/4012345000109").0 == .badRequest)
            #expect(try await F.refusal(c, uri + "&type=ReadPoint").0 == .badRequest)
            #expect(try await F.refusal(c, uri + "&type=urn:epcglobal:epcis:vtype:ReadPoint").0 == .notFound)
        }
    }

    @Test func badMasterDataIsRefusedWithWhereAndNothingIsStored() async throws {
        try await Self.withNode { (c: any TestClientProtocol, _: TemporaryStore, _: Organisation) async throws in
            let cases: [(String, String)] = [
                (#""epcisHeader":{"epcisMasterData":{"vocabularyList":{}}},"#, "/epcisHeader/epcisMasterData/vocabularyList"),
                (
                    #""epcisHeader":{"epcisMasterData":{"vocabularyList":[{"vocabularyElementList":[]}]}},"#,
                    "/epcisHeader/epcisMasterData/vocabularyList/0/type"
                ),
                (
                    #""epcisHeader":{"epcisMasterData":{"vocabularyList":[{"type":"urn:epcglobal:epcis:vtype:BusinessLocation","vocabularyElementList":[{"id":"not a uri"}]}]}},"#,
                    "/epcisHeader/epcisMasterData/vocabularyList/0/vocabularyElementList/0/id"
                ),
                (
                    #""epcisHeader":{"epcisMasterData":{"vocabularyList":[{"type":"urn:epcglobal:epcis:vtype:BusinessLocation","vocabularyElementList":[{"id":"urn:epc:id:sgln:4012345.00030.0","attributes":[{"id":"cbvmda:name","attribute":[1]}]}]}]}},"#,
                    "/epcisHeader/epcisMasterData/vocabularyList/0/vocabularyElementList/0/attributes/0/attribute"
                ),
                (
                    #""epcisHeader":{"epcisMasterData":{"vocabularyList":[{"type":"urn:epcglobal:epcis:vtype:BusinessLocation","vocabularyElementList":[{"id":"urn:epc:id:sgln:4012345.00030.0","children":[7]}]}]}},"#,
                    "/epcisHeader/epcisMasterData/vocabularyList/0/vocabularyElementList/0/children/0"
                )
            ]
            for (header, pointer) in cases {
                let (status, body) = try await Self.capture(c, Self.document(header: header, events: [Self.event(5, bizLocation: Self.sgln("00030"))]))
                #expect(status == .badRequest, "\(header): \(body)")
                #expect(body.contains(pointer), "\(body)")
            }
            #expect(try await F.ids(c, Self.q("EQ_bizLocation=\(Self.sgln("00030"))")) == [])
            #expect(try await F.refusal(c, "/masterData?id=" + PercentEncoding.encode(Self.sgln("00030"))).0 == .notFound)
        }
    }

    @Test func onlyTheOwnerOfAnIdentifierDeclaresItsMasterData() async throws {
        try await Self.withNode { (c: any TestClientProtocol, tmp: TemporaryStore, owner: Organisation) async throws in
            try await tmp.store.addPrefix("4012345", organisationID: owner.id)
            let claim = """
                "epcisHeader":{"epcisMasterData":{"vocabularyList":[{"type":"urn:epcglobal:epcis:vtype:BusinessLocation",
                  "vocabularyElementList":[{"id":"\(Self.sgln("00040"))","attributes":[{"id":"cbvmda:name","attribute":"Not yours"}]}]}]}},
                """
            let (status, body) = try await Self.capture(c, Self.document(header: claim, events: []), token: "other-token")
            #expect(status == .forbidden, "\(body)")
            #expect(body.contains("/epcisHeader/epcisMasterData/vocabularyList/0/vocabularyElementList/0/id"), "\(body)")
            #expect(try await F.refusal(c, "/masterData?id=" + PercentEncoding.encode(Self.sgln("00040"))).0 == .notFound)
            #expect(try await Self.capture(c, Self.document(header: claim, events: [])).0 == .accepted)
            #expect(try await Self.status(c, "/masterData?id=" + PercentEncoding.encode(Self.sgln("00040"))) == .ok)
        }
    }

    /// A subscription reads the hierarchy on each pass: events at a location moved out of the plant stop matching.
    @Test func aSubscriptionFollowsTheHierarchyAsItChanges() async throws {
        try await SubscriptionHarness.with(capture: false) { (h: SubscriptionHarness, c: any TestClientProtocol) async throws in
            try await h.name(c, "plant", #"{"WD_bizLocation":["\#(Self.sgln("00010"))"]}"#)
            let (status, _) = try await h.subscribe(c, "plant", #"{"dest":"\#(SubscriptionHarness.dest)","stream":true}"#)
            #expect(status == .created)
            try await h.capture(c, Self.document(header: Self.header, events: Self.events))
            await h.dispatcher.runOnce()
            #expect(h.webhook.deliveries.map(\.ids) == [[1, 2]])
            let moved = """
                "epcisHeader":{"epcisMasterData":{"vocabularyList":[{"type":"urn:epcglobal:epcis:vtype:BusinessLocation",
                  "vocabularyElementList":[{"id":"\(Self.sgln("00011"))"}]}]}},
                """
            try await h.capture(
                c, Self.document(header: moved, events: [Self.event(5, bizLocation: Self.sgln("00012")), Self.event(6, bizLocation: Self.sgln("00011"))]))
            await h.dispatcher.runOnce()
            #expect(h.webhook.deliveries.map(\.ids) == [[1, 2], [6]])
        }
    }

    /// A GLN resolves (`/414/{gln}[/254/{extension}]`) to its master data by default, with its events as `gs1:epcis`; one
    /// with nothing behind it is a 404, a bad one a 400.
    @Test func aLocationResolvesToItsMasterDataAndEvents() async throws {
        try await Self.withNode { (c: any TestClientProtocol, _: TemporaryStore, _: Organisation) async throws in
            let plant = "https://id.gs1.org/414/4012345000108"
            let (status, location, linkHeader) = try await c.execute(uri: "/414/4012345000108", method: .get) { r in
                (r.status, r.headers[.location], r.headers[HTTPField.Name("Link")!])
            }
            #expect(status == .temporaryRedirect)
            #expect(location == "http://127.0.0.1:8080/masterData?id=" + PercentEncoding.encode(plant))
            #expect(linkHeader?.contains("/414/4012345000108?linkType=all") == true)
            let linkset = try await c.execute(uri: "/414/4012345000108?linkType=all", method: .get) { r in
                try JSONParser.parse(String(buffer: r.body)).objectValue?["linkset"]?.arrayValue?.first?.objectValue
            }
            #expect(linkset?["anchor"]?.stringValue == plant)
            #expect(linkset?["itemDescription"]?.stringValue == "Plant Kawasaki")
            #expect(linkset?["https://ref.gs1.org/voc/masterData"] != nil)
            // No event is at the plant itself (its line and cell have them).
            #expect(linkset?["https://ref.gs1.org/voc/epcis"] == nil)
            // The line: master data and events; the cell's read point (00021) only events read there.
            let line = try await c.execute(uri: "/414/4012345000115?linkType=gs1:epcis", method: .get) { $0.headers[.location] }
            #expect(line == "http://127.0.0.1:8080/events?EQ_bizLocation=" + PercentEncoding.encode("https://id.gs1.org/414/4012345000115"))
            let readPoint = try await c.execute(uri: "/414/4012345000214", method: .get) { ($0.status, $0.headers[.location]) }
            #expect(readPoint.0 == .temporaryRedirect)
            #expect(readPoint.1 == "http://127.0.0.1:8080/events?EQ_readPoint=" + PercentEncoding.encode("https://id.gs1.org/414/4012345000214"))
            #expect(try await Self.status(c, "/414/4012345000993") == .notFound)
            #expect(try await Self.status(c, "/414/4012345000109") == .badRequest)
            #expect(try await Self.status(c, "/414/4012345000108/10/LOT") == .badRequest)
            let description = try await c.execute(uri: "/.well-known/gs1resolver", method: .get) { String(buffer: $0.body) }
            #expect(description.contains("\"414\"") && description.contains("gs1:masterData"))
        }
    }
}
