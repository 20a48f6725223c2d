import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanServer
import JunkanTestSupport
import Testing

/// Issue 25, item 9: a method a path does not support is a 405 problem with `Allow` (RFC 9110 §15.5.6), not a 404;
/// a path no route has is still a 404.
@Suite struct MethodNotAllowedTests {
    @Test(.temporaryStore) func unsupportedMethodsAre405WithAllow() async throws {
        let tmp = try TemporaryStore.forTest()
        try await tmp.application().test(.router) { client in
            let cases: [(HTTPRequest.Method, String, String)] = [
                (.put, "/events", "GET, POST"),
                (.delete, "/events/urn:uuid:1", "GET"),
                (.post, "/health", "GET"),
                (.get, "/capture", "POST, OPTIONS"),
                (.put, "/passports/01/04912345000071", "GET, HEAD"),
                (.patch, "/materials/grades/pp-1", "GET, PUT, DELETE"),
                (.get, "/auth/token", "POST"),
                (.delete, "/3/footprints", "GET")
            ]
            for (method, uri, allow) in cases {
                try await client.execute(uri: uri, method: method) { r in
                    #expect(r.status == .methodNotAllowed, "\(method) \(uri)")
                    #expect(r.headers[.allow] == allow, "\(method) \(uri)")
                    #expect(r.headers[.contentType] == "application/problem+json", "\(method) \(uri)")
                    let problem = try JSONParser.parse(String(buffer: r.body)).objectValue
                    #expect(problem?["type"] == "epcisException:MethodNotAllowedException", "\(method) \(uri)")
                }
            }
            try await client.execute(uri: "/nowhere", method: .put) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/events/a/b", method: .get) { r in #expect(r.status == .notFound) }
        }
    }

    @Test func patternsMatchTheirComponents() {
        let m = RouteTable.matches
        let c = RouteTable.components
        #expect(m(c("/events/{eventID}"), c("/events/x")))
        #expect(!m(c("/events/{eventID}"), c("/events")))
        #expect(!m(c("/events/{eventID}"), c("/events/x/y")))
        #expect(m(c("/tlog/tile/**"), c("/tlog/tile/0/x/001")))
        #expect(!m(c("/tlog/tile/**"), c("/tlog/tile")))
        #expect(m(c("/3/footprints/:id"), c("/3/footprints/abc")))
        #expect(!m(c("/capture"), c("/captures")))
    }
}
