import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import Testing

/// The REST binding's discovery resources over the fixture's four events.
@Suite struct DiscoveryRouteTests {
    typealias F = QueryParameterFixture

    static func members(_ c: any TestClientProtocol, _ uri: String) async throws -> (members: [String], token: String?) {
        try await c.execute(uri: uri, method: .get) { r in
            #expect(r.status == .ok, "\(uri): \(String(buffer: r.body))")
            let o = try JSONParser.parse(String(buffer: r.body)).objectValue
            #expect(o?["type"] == "Collection")
            return (o?["member"]?.arrayValue?.compactMap(\.stringValue) ?? [], r.headers[.init("GS1-Next-Page-Token")!])
        }
    }

    @Test func listsWhatTheRepositoryHolds() async throws {
        try await F.withNode { (c: any TestClientProtocol) async throws in
            #expect(
                try await Self.members(c, "/eventTypes").members.sorted()
                    == ["AggregationEvent", "AssociationEvent", "ObjectEvent", "TransactionEvent", "TransformationEvent"])
            let steps = ["commissioning", "receiving", "shipping"].map { "https://ref.gs1.org/cbv/BizStep-" + $0 }
            #expect(try await Self.members(c, "/bizSteps").members == steps)
            #expect(try await Self.members(c, "/dispositions").members == ["https://ref.gs1.org/cbv/Disp-in_transit"])
            #expect(try await Self.members(c, "/readPoints").members == ["https://id.gs1.org/414/4012345000016"])
            #expect(try await Self.members(c, "/bizLocations").members == [])
            // EPCs, not classes.
            #expect(try await Self.members(c, "/epcs").members == ["https://id.gs1.org/01/04012345111118/21/901"])
            // Paged, each page's token leading to the next.
            var seen: [String] = []
            var uri = "/bizSteps?perPage=1"
            while true {
                let page = try await Self.members(c, uri)
                #expect(page.members.count == 1)
                seen += page.members
                guard let token = page.token else { break }
                uri = "/bizSteps?perPage=1&nextPageToken=\(token)"
            }
            #expect(seen == steps)
        }
    }

    @Test func eachValueLeadsToItsEvents() async throws {
        try await F.withNode { (c: any TestClientProtocol) async throws in
            #expect(try await Self.members(c, "/bizSteps/shipping").members == ["events"])
            #expect(try await F.ids(c, "/bizSteps/shipping/events") == [1])
            #expect(try await F.ids(c, "/bizSteps/receiving/events?perPage=1&orderDirection=DESC") == [4])
            #expect(try await F.ids(c, "/eventTypes/ObjectEvent/events?EQ_bizStep=receiving") == [3, 4])
            #expect(try await F.ids(c, "/epcs/\(PercentEncoding.encode(F.epc))/events") == [1, 3])
            #expect(try await F.ids(c, "/dispositions/in_transit/events") == [1])
            #expect(try await F.ids(c, "/readPoints/\(PercentEncoding.encode("urn:epc:id:sgln:4012345.00001.0"))/events") == [1])
            for uri in [
                "/bizSteps/void_shipping", "/eventTypes/QuantityEvent", "/eventTypes/QuantityEvent/events", "/bizLocations/urn:epc:id:sgln:4012345.00001.0"
            ] {
                try await c.execute(uri: uri, method: .get) { r in #expect(r.status == .notFound, "\(uri)") }
            }
            // The path gives the filter; the query may not give it again.
            try await c.execute(uri: "/bizSteps/shipping/events?EQ_bizStep=receiving", method: .get) { r in #expect(r.status == .badRequest) }
            try await c.execute(uri: "/bizSteps?perPage=0", method: .get) { r in #expect(r.status == .badRequest) }
            try await c.execute(uri: "/bizSteps?nextPageToken=", method: .get) { r in #expect(r.status == .badRequest) }
        }
    }
}
