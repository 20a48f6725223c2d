import JunkanCore
import Hummingbird
import JunkanStore

/// Capture requires `Authorization: Bearer <token>`; tokens are stored only as SHA-256 hashes.
struct BearerAuthenticator: Sendable {
    let store: any EventStore


    func organisation(for request: Request) async throws -> Organisation {
        let token: String
        switch BearerCredential(request) {
        case .missing:
            throw Problem.unauthorized("capture needs an 'Authorization: Bearer <token>' header (tokens come from `junkan org add`)")
        case .malformed:
            throw Problem.unauthorized("the Authorization header must be 'Bearer <token>'")
        case .token(let t):
            token = t
        }
        guard let org = try await store.organisation(tokenHash: TokenHash.sha256Hex(token)) else {
            throw Problem.unauthorized("the bearer token is not known to this node")
        }
        return org
    }
}

/// What the `Authorization` header holds (RFC 6750 §2.1: the scheme is case-insensitive).
enum BearerCredential {
    case missing
    case malformed
    case token(String)

    init(_ request: Request) {
        guard let header = request.headers[.authorization] else { self = .missing; return }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else { self = .malformed; return }
        self = .token(String(parts[1]))
    }
}
