import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import Testing

/// `/queries`: naming a query, reading and running it, paging, and who may delete it.
@Suite struct NamedQueryRouteTests {
    typealias F = QueryParameterFixture
    static let json: HTTPFields = [.authorization: "Bearer test-token", .contentType: "application/json"]
    static let other: HTTPFields = [.authorization: "Bearer other-token", .contentType: "application/json"]

    static func post(_ c: any TestClientProtocol, _ body: String, headers: HTTPFields = json) async throws -> (HTTPResponse.Status, String, String?) {
        try await c.execute(uri: "/queries", method: .post, headers: headers, body: ByteBuffer(string: body)) { r in
            (r.status, String(buffer: r.body), r.headers[.location])
        }
    }

    static func type(_ body: String) -> String? { (try? JSONParser.parse(body))?.objectValue?["type"]?.stringValue }

    @Test func namesRunsListsAndDeletesAQuery() async throws {
        try await F.withNode { (c: any TestClientProtocol) async throws in
            // Another prefix for the same namespace: the query's @context says what it means.
            let hot = #"{"name":"hot","query":{"@context":{"x":"https://ns.example.com/epcis/"},"GT_x:temperature":20,"eventType":["ObjectEvent"]}}"#
            let (status, body, location) = try await Self.post(c, hot)
            #expect(status == .created, "\(body)")
            #expect(location == "/queries/hot")
            #expect(try await F.ids(c, "/queries/hot/events") == [1])
            // The name is taken now.
            let again = try await Self.post(c, hot)
            #expect(again.0 == .conflict)
            #expect(Self.type(again.1) == "epcisException:ResourceAlreadyExistsException")
            // The definition comes back as written.
            try await c.execute(uri: "/queries/hot", method: .get) { r in
                #expect(r.status == .ok)
                let o = try JSONParser.parse(String(buffer: r.body)).objectValue
                #expect(o?["name"] == "hot")
                #expect(o?["query"]?.objectValue?["GT_x:temperature"] == .number(JSONNumber(literal: "20")))
            }
            _ = try await Self.post(c, #"{"name":"receiving","query":{"EQ_bizStep":["receiving"]}}"#)
            _ = try await Self.post(c, #"{"name":"all","query":{}}"#)
            // Listed by name, paged.
            let first = try await c.execute(uri: "/queries?perPage=2", method: .get) { r in
                (
                    try JSONParser.parse(String(buffer: r.body)).arrayValue?.compactMap { $0.objectValue?["name"]?.stringValue },
                    r.headers[.init("GS1-Next-Page-Token")!]
                )
            }
            #expect(first.0 == ["all", "hot"])
            let token = try #require(first.1)
            let second = try await c.execute(uri: "/queries?perPage=2&nextPageToken=\(token)", method: .get) { r in
                try JSONParser.parse(String(buffer: r.body)).arrayValue?.compactMap { $0.objectValue?["name"]?.stringValue }
            }
            #expect(second == ["receiving"])
            // A named query's events page like /events.
            #expect(try await F.ids(c, "/queries/receiving/events") == [3, 4])
            let page = try await c.execute(uri: "/queries/all/events?perPage=3", method: .get) { r in
                (try QueryRouteTests.events(r).count, r.headers[.init("GS1-Next-Page-Token")!])
            }
            #expect(page.0 == 3)
            #expect(try await F.ids(c, "/queries/all/events?perPage=3&nextPageToken=\(try #require(page.1))") == [4])
            // Only the organisation that named it deletes it.
            try await c.execute(uri: "/queries/hot", method: .delete, headers: Self.other) { r in #expect(r.status == .forbidden) }
            try await c.execute(uri: "/queries/hot", method: .delete) { r in #expect(r.status == .unauthorized) }
            try await c.execute(uri: "/queries/hot", method: .delete, headers: Self.json) { r in #expect(r.status == .noContent) }
            for uri in ["/queries/hot", "/queries/hot/events"] {
                try await c.execute(uri: uri, method: .get) { r in
                    #expect(r.status == .notFound)
                    #expect(Self.type(String(buffer: r.body)) == "epcisException:NoSuchNameException")
                }
            }
        }
    }

    @Test func refusesBadDefinitions() async throws {
        try await F.withNode { (c: any TestClientProtocol) async throws in
            let unauthenticated = try await Self.post(c, #"{"name":"q","query":{}}"#, headers: [.contentType: "application/json"])
            #expect(unauthenticated.0 == .unauthorized)
            for (body, type) in [
                (#"{"name":"q","query":{"EQ_nonsense":["x"]}}"#, "epcisException:QueryParameterException"),
                (#"{"name":"q","query":{"GE_eventTime":"yesterday"}}"#, "epcisException:QueryParameterException"),
                (#"{"name":"q","query":{"EQ_bizStep":[]}}"#, "epcisException:QueryParameterException"),
                (#"{"name":"q","query":{"EQ_bizStep":[{"a":1}]}}"#, "epcisException:QueryParameterException"),
                (#"{"name":"q","query":{"perPage":5}}"#, "epcisException:ValidationException"),
                (#"{"name":"a b","query":{}}"#, "epcisException:ValidationException"),
                (#"{"name":"","query":{}}"#, "epcisException:ValidationException"),
                (#"{"name":"q"}"#, "epcisException:ValidationException"),
                (#"{"name":"q","query":{},"extra":1}"#, "epcisException:ValidationException"),
                (#"["q"]"#, "epcisException:ValidationException")
            ] {
                let (status, answer, _) = try await Self.post(c, body)
                #expect(status == .badRequest, "\(body): \(answer)")
                #expect(Self.type(answer) == type, "\(body): \(answer)")
            }
            try await c.execute(uri: "/queries/q", method: .get) { r in #expect(r.status == .notFound) }
            try await c.execute(uri: "/queries?nextPageToken=", method: .get) { r in #expect(r.status == .badRequest) }
        }
    }
}
