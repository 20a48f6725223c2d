import Foundation
import HTTPTypes
import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore
import Logging

/// What every PACT request passes before a route runs: HTTPS (as its proxy reports it) and, for `/3/…`, a live
/// access token from `/auth/token`.
struct PactGate: Sendable {
    let store: any PactStore
    let configuration: PactConfiguration

    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    static let forwarded = HTTPField.Name("Forwarded")!

    /// Whether the request reached the proxy over TLS: the first `X-Forwarded-Proto` value, or RFC 7239 `proto=` of the
    /// first `Forwarded` element (the one the nearest proxy wrote when it replaces the header).
    static func arrivedOverTLS(_ request: Request) -> Bool {
        if let p = request.headers[forwardedProto] {
            return p.split(separator: ",").first?.trimmingCharacters(in: .whitespaces).lowercased() == "https"
        }
        if let f = request.headers[forwarded], let first = f.split(separator: ",").first {
            for pair in first.split(separator: ";") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                if kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces).lowercased() == "proto" {
                    return kv[1].trimmingCharacters(in: CharacterSet(charactersIn: " \"")).lowercased() == "https"
                }
            }
        }
        return false
    }

    var requiresTLS: Bool { !configuration.allowPlainHTTP }

    func checkTransport(_ request: Request) throws(PactError) {
        guard !requiresTLS || Self.arrivedOverTLS(request) else {
            throw PactError.accessDenied(
                "PACT requires HTTPS: this request did not arrive over TLS (no X-Forwarded-Proto: https from the "
                    + "node's TLS proxy)")
        }
    }

    /// The client whose bearer token the request carries.
    func client(_ request: Request) async throws -> String {
        try checkTransport(request)
        let credential: String
        switch CallerIdentity.Credential(authorization: request.headers[.authorization]) {
        case .missing:
            throw PactError.accessDenied("an 'Authorization: Bearer <access token>' header is required; get a token from POST /auth/token")
        case .malformed:
            throw PactError.badRequest("the Authorization header must be 'Bearer <access token>'")
        case .token(let t):
            credential = t
        }
        guard let token = try await store.pactToken(hash: TokenHash.sha256Hex(credential)) else {
            throw PactError.badRequest("invalid token provided: it was not issued by this host's /auth/token")
        }
        guard configuration.now() < token.expiresAt else {
            throw PactError.tokenExpired(
                "the access token expired at \(ISO8601Timestamp.utcString(epochMilliseconds: token.expiresAt)); "
                    + "get a new one from POST /auth/token")
        }
        return token.clientID
    }
}

/// Runs a PACT route body (or its gate) so that whatever fails comes back as a PACT error, never as problem+json.
func pactResponse<T>(_ context: some RequestContext, _ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let e as PactError {
        throw e
    } catch let e as PactInputError {
        throw PactError(e)
    } catch {
        context.logger.error("PACT request failed", metadata: ["error": "\(String(reflecting: error))"])
        throw PactError.internalError("the host failed while handling this request; it has been logged")
    }
}
