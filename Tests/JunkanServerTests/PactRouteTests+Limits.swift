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

extension PactRouteTests {
    /// Issue 25, item 8: a limit past the documented maximum (1000) is refused, not quietly cut to it.
    @Test func aLimitAboveTheMaximumIsABadRequest() async throws {
        let node = try await Node()
        defer { node.tmp.remove() }
        try await Application(router: node.router).test(.router) { client in
            let t = try await accessToken(client, node)
            #expect(try await get(client, "/3/footprints?limit=1000", token: t).status == .ok)
            let over = try await get(client, "/3/footprints?limit=1001", token: t)
            #expect(over.status == .badRequest)
            #expect(try Self.json(over).objectValue?["code"] == "BadRequest")
            #expect(try Self.json(over).objectValue?["message"] == "limit is at most 1000 on this host, found 1001")
        }
    }
}
