import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanNode
import Testing

/// `PeerHTTP` over a real socket: a redirect is answered as it is, never followed (a peer is pinned by its base URL; the
/// resolver's redirect is read as the link it is).
@Suite struct PeerHTTPTests {
    @Test func aRedirectIsTheAnswerNotFollowed() async throws {
        let followed = Followed()
        let router = Router()
        router.get("/here") { request, _ in
            let target = request.uri.queryParameters.get("to") ?? "/there"
            return Response(status: .temporaryRedirect, headers: [.location: target])
        }
        router.get("/there") { _, _ in
            await followed.add()
            return "followed"
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            // A relative target, and an absolute one (what a resolver sends).
            for target in ["/there", "http://127.0.0.1:\(port)/there"] {
                let answer = try await PeerHTTP.send(
                    "http://127.0.0.1:\(port)/here?to=" + (target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""), timeout: 5,
                    maxBytes: 1 << 16)
                #expect(answer.status == 307 && answer.headers["location"] == target, "\(answer.status) \(answer.headers)")
            }
            #expect(await followed.count == 0)
        }
    }

    actor Followed {
        var count = 0
        func add() { count += 1 }
    }
}
