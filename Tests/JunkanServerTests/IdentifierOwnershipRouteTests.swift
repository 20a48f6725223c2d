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

/// Issue 25, item 1: only an identifier's owner (its GS1 Company Prefix) or a grantee creates it or declares facts
/// about it; anyone records what it observes. Each test fails on the code before identifiers had owners (where every
/// organisation could create anything).
@Suite struct IdentifierOwnershipRouteTests {
    static let maker = "maker-token", stranger = "stranger-token", partner = "partner-token"
    static let gtin = "04912345000071"
    static let item = "https://id.gs1.org/01/04912345000071/21/FAKE-REL-001"

    struct Node {
        let tmp: TemporaryStore
        let maker: Organisation, stranger: Organisation, partner: Organisation
    }

    /// A maker owning prefix 4912345, a stranger, and a partner granted serials 100..199 of the maker's GTIN.
    func withNode(_ body: @Sendable (any TestClientProtocol, Node) async throws -> Void) async throws {
        let tmp = try await TemporaryStore()
        defer { tmp.remove() }
        let maker = try await tmp.organisation("Brand Maker", token: Self.maker)
        let stranger = try await tmp.organisation("Unrelated Co", token: Self.stranger)
        let partner = try await tmp.organisation("Contract Manufacturer", token: Self.partner)
        try await tmp.store.addPrefix("4912345", organisationID: maker.id)
        _ = try await tmp.store.addGrant(grantor: maker.id, grantee: partner.id, scope: .serials(gtin: Self.gtin, first: "100", last: "199"))
        try await tmp.application().test(.router) { client in try await body(client, Node(tmp: tmp, maker: maker, stranger: stranger, partner: partner)) }
    }

    static func headers(_ token: String, proceed: Bool = false, json: Bool = false) -> HTTPFields {
        var h: HTTPFields = [.authorization: "Bearer \(token)", .contentType: json ? "application/json" : "application/ld+json"]
        if proceed { h[HTTPField.Name("GS1-Capture-Error-Behaviour")!] = "proceed" }
        return h
    }

    static func event(_ epc: String, action: String = "ADD", bizStep: String = "commissioning", ilmd: JSONValue? = nil) -> JSONValue {
        var o = JSONObject([
            ("type", "ObjectEvent"), ("eventTime", "2026-11-30T10:00:00Z"), ("eventTimeZoneOffset", "+00:00"),
            ("epcList", .array([.string(epc)])), ("action", .string(action)), ("bizStep", .string(bizStep))
        ])
        if let ilmd { o["ilmd"] = ilmd }
        return .object(o)
    }

    static func body(_ json: JSONValue) -> ByteBuffer { ByteBuffer(string: JSONWriter.string(json)) }

    static func expectRefusal(_ r: TestResponse, identifier: String, owner: String, rule: String, pointer: String) throws {
        #expect(r.status == .forbidden)
        #expect(r.headers[.contentType] == "application/problem+json")
        let p = try #require(JSONParser.parse(String(buffer: r.body)).objectValue)
        #expect(p["identifier"]?.stringValue == identifier)
        #expect(p["owner"]?.stringValue == owner)
        #expect(p["rule"]?.stringValue == rule)
        #expect(p["pointer"]?.stringValue == pointer)
        #expect(p["gs1CompanyPrefix"] == "4912345")
    }

    /// The reproduction: an unrelated organisation commissioning a serial of the maker's GTIN is refused, as
    /// one event and in a document under both error behaviours; nothing is stored and no passport appears.
    @Test func aStrangerCannotCommissionTheMakersSerial() async throws {
        try await withNode { client, node in
            try await client.execute(uri: "/events", method: .post, headers: Self.headers(Self.stranger), body: Self.body(Self.event(Self.item))) {
                try Self.expectRefusal($0, identifier: Self.item, owner: node.maker.id, rule: "ADD", pointer: "/epcList/0")
            }
            let harmless = SampleEvents.objectEvent(1)
            let doc = SampleEvents.document([harmless, Self.event(Self.item)])
            for proceed in [false, true] {
                try await client.execute(uri: "/capture", method: .post, headers: Self.headers(Self.stranger, proceed: proceed), body: Self.body(doc)) {
                    try Self.expectRefusal(
                        $0, identifier: Self.item, owner: node.maker.id, rule: "ADD", pointer: "/epcisBody/eventList/1/epcList/0")
                }
            }
            #expect(try await node.tmp.store.eventCount() == 0)
            try await client.execute(uri: "/passports/01/\(Self.gtin)/21/FAKE-REL-001?format=json", method: .get) { r in
                #expect(r.status == .notFound)
            }
        }
    }

    /// Observing someone else's item is anyone's to record; creating, declaring ILMD and making it are not.
    @Test func observationsAreOpenDeclarationsAreNot() async throws {
        try await withNode { client, node in
            let own = "https://id.gs1.org/01/\(Self.gtin)/21/NB-1"
            try await client.execute(uri: "/events", method: .post, headers: Self.headers(Self.maker), body: Self.body(Self.event(own))) { r in
                #expect(r.status == .created)
            }
            for step in ["shipping", "receiving", "repairing", "inspecting"] {
                let observe = Self.event(own, action: "OBSERVE", bizStep: step)
                try await client.execute(uri: "/events", method: .post, headers: Self.headers(Self.stranger), body: Self.body(observe)) { r in
                    #expect(r.status == .created, "\(step)")
                }
            }
            // Recycling the maker's lot as an input is an observation; an output under the maker's GTIN is not.
            let lot = "https://id.gs1.org/01/\(Self.gtin)/10/LOT-9"
            let strangersLot = "https://id.gs1.org/01/04999999000015/10/R-1"
            let recycling: JSONValue = [
                "type": "TransformationEvent", "eventTime": "2026-11-30T10:00:00Z", "eventTimeZoneOffset": "+00:00",
                "inputQuantityList": [["epcClass": .string(lot), "quantity": 10, "uom": "KGM"]],
                "outputQuantityList": [["epcClass": .string(strangersLot), "quantity": 9, "uom": "KGM"]]
            ]
            try await client.execute(uri: "/events", method: .post, headers: Self.headers(Self.stranger), body: Self.body(recycling)) { r in
                #expect(r.status == .created)
            }
            var outputs = recycling.objectValue!
            outputs["outputQuantityList"] = [["epcClass": .string(lot), "quantity": 9, "uom": "KGM"]]
            outputs["eventTime"] = "2026-11-30T11:00:00Z"
            try await client.execute(uri: "/events", method: .post, headers: Self.headers(Self.stranger), body: Self.body(.object(outputs))) {
                try Self.expectRefusal(
                    $0, identifier: lot, owner: node.maker.id, rule: "transformation output", pointer: "/outputQuantityList/0/epcClass")
            }
            let declared = Self.event("https://id.gs1.org/01/\(Self.gtin)/21/NB-2", ilmd: ["junkan:emissionFactor": 0.1])
            try await client.execute(uri: "/events", method: .post, headers: Self.headers(Self.stranger), body: Self.body(declared)) {
                try Self.expectRefusal(
                    $0, identifier: "https://id.gs1.org/01/\(Self.gtin)/21/NB-2", owner: node.maker.id, rule: "ILMD", pointer: "/epcList/0")
            }
        }
    }

    /// A grantee creates inside its grant and nowhere else; a revoked grant no longer counts.
    @Test func aGranteeCreatesOnlyInsideItsGrant() async throws {
        try await withNode { client, node in
            for (serial, allowed) in [("100", true), ("150", true), ("199", true), ("99", false), ("200", false), ("1000", false)] {
                let epc = "https://id.gs1.org/01/\(Self.gtin)/21/\(serial)"
                try await client.execute(uri: "/events", method: .post, headers: Self.headers(Self.partner), body: Self.body(Self.event(epc))) { r in
                    #expect(r.status == (allowed ? .created : .forbidden), "serial \(serial)")
                }
            }
            let grant = try #require(try await node.tmp.store.identifierOwnership().grants.first)
            #expect(try await node.tmp.store.removeGrant(id: grant.id, grantor: node.maker.id))
            let epc = "https://id.gs1.org/01/\(Self.gtin)/21/101"
            try await client.execute(uri: "/events", method: .post, headers: Self.headers(Self.partner), body: Self.body(Self.event(epc))) { r in
                #expect(r.status == .forbidden)
            }
        }
    }

    /// A product class and a PACT footprint are the maker's statements too.
    @Test func productClassesAndFootprintsBelongToTheOwner() async throws {
        try await withNode { client, node in
            let product: JSONValue = ["gtin": .string(Self.gtin), "name": "Notebook", "parts": [["part": "Housing", "material": "PC+ABS", "massKg": 1]]]
            try await client.execute(uri: "/products", method: .post, headers: Self.headers(Self.stranger, json: true), body: Self.body(product)) {
                try Self.expectRefusal($0, identifier: "https://id.gs1.org/01/\(Self.gtin)", owner: node.maker.id, rule: "product class", pointer: "/gtin")
            }
            try await client.execute(uri: "/products", method: .post, headers: Self.headers(Self.maker, json: true), body: Self.body(product)) { r in
                #expect(r.status == .created)
            }
            let lot = "https://id.gs1.org/01/\(Self.gtin)/10/LOT-1"
            let made: JSONValue = [
                "type": "ObjectEvent", "eventTime": "2026-11-30T10:00:00Z", "eventTimeZoneOffset": "+00:00", "action": "ADD",
                "quantityList": [["epcClass": .string(lot), "quantity": 100, "uom": "KGM"]], "ilmd": ["junkan:emissionFactor": 2.0]
            ]
            try await client.execute(uri: "/events", method: .post, headers: Self.headers(Self.maker), body: Self.body(made)) { r in
                #expect(r.status == .created)
            }
            let publication: JSONValue = [
                "id": .string(lot), "fossilCarbonContent": "0.5", "geography": "JP",
                "productClassifications": ["urn:pact:productclassification:un-cpc:34710"]
            ]
            try await client.execute(uri: "/footprints/publish", method: .post, headers: Self.headers(Self.stranger, json: true), body: Self.body(publication))
            {
                try Self.expectRefusal($0, identifier: lot, owner: node.maker.id, rule: "PACT footprint", pointer: "/id")
            }
        }
    }
}
