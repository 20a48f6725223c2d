import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanNode
import JunkanServer
import JunkanTestSupport
import Testing

/// Issue 25, item 5: a body over a route's limit is a 413 in the route's own error format, never a 5xx — on the routes
/// that answered otherwise (`/footprints/publish`, `/auth/token`, `/3/events`).
extension PactRouteTests {
    static func oversized(_ bytes: Int) -> ByteBuffer { ByteBuffer(string: "{\"x\":\"" + String(repeating: "a", count: bytes) + "\"}") }

    @Test func anOversizedPublicationIsA413Problem() async throws {
        let node = try await Node()
        defer { node.tmp.remove() }
        try await Application(router: node.router).test(.router) { client in
            let r = try await client.execute(
                uri: "/footprints/publish", method: .post,
                headers: [.authorization: "Bearer test-token", .contentType: "application/json"], body: Self.oversized(2 << 20)
            ) { $0 }
            #expect(r.status == .contentTooLarge)
            #expect(r.headers[.contentType] == "application/problem+json")
        }
    }

    @Test func anOversizedTokenRequestIsA413InOAuthForm() async throws {
        let node = try await Node()
        defer { node.tmp.remove() }
        try await Application(router: node.router).test(.router) { client in
            let basic = Data("partner:\(node.clientSecret)".utf8).base64EncodedString()
            let r = try await client.execute(
                uri: "/auth/token", method: .post,
                headers: [
                    .authorization: "Basic \(basic)", .contentType: "application/x-www-form-urlencoded",
                    HTTPField.Name("X-Forwarded-Proto")!: "https"
                ],
                body: ByteBuffer(string: "grant_type=client_credentials&pad=" + String(repeating: "a", count: 64 << 10))
            ) { $0 }
            #expect(r.status == .contentTooLarge)
            let body = try JSONParser.parse(String(buffer: r.body))
            #expect(body.objectValue?["error"] == "invalid_request")
        }
    }

    @Test func anOversizedEventIsA413InPACTForm() async throws {
        let node = try await Node()
        defer { node.tmp.remove() }
        try await Application(router: node.router).test(.router) { client in
            let t = try await accessToken(client, node)
            let r = try await client.execute(
                uri: "/3/events", method: .post,
                headers: [
                    .authorization: "Bearer \(t)", .contentType: "application/cloudevents+json",
                    HTTPField.Name("X-Forwarded-Proto")!: "https"
                ],
                body: Self.oversized(5 << 20)
            ) { $0 }
            #expect(r.status == .contentTooLarge)
            let body = try JSONParser.parse(String(buffer: r.body))
            #expect(body.objectValue?["code"] == "BadRequest")
        }
    }
}
