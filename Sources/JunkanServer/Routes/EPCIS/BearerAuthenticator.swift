import JunkanCore
import Hummingbird
import JunkanStore

/// Capture requires `Authorization: Bearer <token>`; tokens are stored only as SHA-256 hashes.
struct BearerAuthenticator: Sendable {
    let store: any EventStore


    func organisation(for request: Request) async throws -> Organisation {
        guard let header = request.headers[.authorization] else {
            throw Problem.unauthorized("capture needs an 'Authorization: Bearer <token>' header (tokens come from `junkan org add`)")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
            throw Problem.unauthorized("the Authorization header must be 'Bearer <token>'")
        }
        guard let org = try await store.organisation(tokenHash: TokenHash.sha256Hex(String(parts[1]))) else {
            throw Problem.unauthorized("the bearer token is not known to this node")
        }
        return org
    }
}
