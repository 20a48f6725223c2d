import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanServer
import JunkanTestSupport
import Testing

/// Issue 25, item 9: a write without a token is a 401 before anything of the request is validated — its path, media
/// type or body — so an anonymous caller learns nothing from the validation messages.
@Suite struct MissingTokenTests {
    @Test(.temporaryStore) func writesWithoutATokenAre401WhateverElseIsWrong() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        try await tmp.application().test(.router) { client in
            let cases: [(HTTPRequest.Method, String, HTTPFields)] = [
                (.delete, "/materials/lots/01/123/10/x", [:]),
                (.put, "/materials/lots/01/123/10/x", [.contentType: "text/plain"]),
                (.delete, "/materials/grades/%", [:]),
                (.put, "/materials/requests/r1", [.contentType: "text/plain"]),
                (.post, "/materials/grades", [.contentType: "text/plain"]),
                (.post, "/materials/grades?unknown=1", [.contentType: "application/json"]),
                (.get, "/capture/x?unknown=1", [:]),
                (.post, "/capture", [.contentType: "text/plain"]),
                (.post, "/events", [.contentType: "text/plain"]),
                (.post, "/products", [.contentType: "text/plain"]),
                (.post, "/circularity/import", [.contentType: "text/plain"]),
                (.post, "/materials/import?kind=nonsense", [.contentType: "text/plain"]),
                (.post, "/footprints/publish", [.contentType: "text/plain"])
            ]
            for (method, uri, headers) in cases {
                try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: "not json")) { r in
                    #expect(r.status == .unauthorized, "\(method) \(uri)")
                    #expect(r.headers[.wwwAuthenticate] == "Bearer realm=\"junkan\"", "\(method) \(uri)")
                }
            }
            // With the token, the same path is refused for what is wrong with it.
            try await client.execute(uri: "/materials/lots/01/123/10/x", method: .delete, headers: [.authorization: "Bearer test-token"]) { r in
                #expect(r.status == .badRequest)
            }
        }
    }
}
