import Foundation
import HTTPTypes
import Hummingbird
import JunkanCore
import JunkanStore

/// Who calls the Ouranos routes (docs/ouranos.md): a client system's `apiKey` header (`junkan ouranos api-key add`) and,
/// but for login and refresh, an access token of an organisation's Ouranos account. Tokens are 256 random bits, kept
/// only as SHA-256 hashes, access tokens for an hour and refresh tokens for a day.
struct OuranosGate: Sendable {
    let store: any OuranosStore & EventStore
    var now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }
    static let accessLifetime: Int64 = 3_600_000
    static let refreshLifetime: Int64 = 86_400_000

    func checkAPIKey(_ request: Request) async throws {
        guard let key = request.headers[HTTPField.Name("apiKey")!], !key.isEmpty else {
            throw OuranosError.unauthorized("an apiKey header is required (junkan ouranos api-key add)")
        }
        guard try await store.ouranosAPIKeyExists(hash: TokenHash.sha256Hex(key)) else { throw OuranosError.unauthorized("the apiKey is not known here") }
    }

    /// The organisation whose access token the request carries.
    func organisation(_ request: Request) async throws -> String {
        try await checkAPIKey(request)
        guard let auth = request.headers[.authorization], auth.lowercased().hasPrefix("bearer ") else {
            throw OuranosError.unauthorized("Authorization: Bearer <accessToken from /auth/login> is required")
        }
        let token = String(auth.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard let t = try await store.ouranosToken(hash: TokenHash.sha256Hex(token), now: now()), t.kind == .access else {
            throw OuranosError.unauthorized("the access token is not valid (expired, or not one of this node's)")
        }
        return t.organisationID
    }

    func issue(_ kind: OuranosToken.Kind, organisationID: String) async throws -> String {
        let token = "jkou_" + TokenHash.newToken()
        try await store.saveOuranosToken(
            OuranosToken(
                hash: TokenHash.sha256Hex(token), organisationID: organisationID, kind: kind,
                expiresAt: now() + (kind == .access ? Self.accessLifetime : Self.refreshLifetime)))
        return token
    }
}

/// Failed logins per account: after five within five minutes the account is refused for the rest of them (the API:
/// "短時間でログイン試行に複数回失敗すると…一時的にログインできなくなります"). Per process.
actor OuranosLoginLimiter {
    var failures: [String: [Int64]] = [:]
    static let limit = 5
    static let window: Int64 = 300_000

    func allowed(_ login: String, now: Int64) -> Bool {
        failures[login] = failures[login]?.filter { $0 > now - Self.window }
        return (failures[login]?.count ?? 0) < Self.limit
    }

    func failed(_ login: String, now: Int64) { failures[login, default: []].append(now) }
}
