import JunkanCore
public import JunkanStore

/// Who is asking: what a bearer credential names, found once per request (the server's authentication middleware)
/// and read by the services that decide what the caller may see or write.
public enum Caller: Sendable {
    /// No credential: the public, which reads what is public.
    case `public`
    /// An organisation hosted by this node, by its token (`junkan org add`); an authority is an organisation the node
    /// marked as one (`junkan org add --authority`; looked up only where it matters, by `PassportService.level`).
    case organisation(Organisation)
    /// A PACT v3 data recipient, by the access token it got from `/auth/token`.
    case pactClient(id: String)
    /// A credential was sent but names no one: kept, so that a route that needs an organisation says why it refused.
    case refused(Refusal)

    /// Why a credential named no one.
    public enum Refusal: Sendable, Equatable {
        /// The `Authorization` header is not `Bearer <token>`.
        case malformed
        /// The token is not one this node issued.
        case unknownToken
    }

    /// The PACT client, when the caller is one.
    public var pactClientID: String? {
        if case .pactClient(let id) = self { id } else { nil }
    }

    /// The organisation, when the caller is one.
    public var organisation: Organisation? {
        if case .organisation(let o) = self { o } else { nil }
    }
}

/// Turns an `Authorization` header into a caller: RFC 6750 §2.1 bearer tokens, stored only as SHA-256 hashes.
public struct CallerIdentity: Sendable {
    let store: any EventStore

    public init(store: any EventStore) { self.store = store }

    /// What the `Authorization` header holds (RFC 6750 §2.1: the scheme is case-insensitive).
    public enum Credential: Sendable, Equatable {
        case missing
        case malformed
        case token(String)

        public init(authorization header: String?) {
            guard let header else { self = .missing; return }
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else { self = .malformed; return }
            self = .token(String(parts[1]))
        }
    }

    /// The organisation a header's bearer token names; the public without a header.
    public func caller(authorization header: String?) async throws -> Caller {
        switch Credential(authorization: header) {
        case .missing: return .public
        case .malformed: return .refused(.malformed)
        case .token(let token):
            guard let org = try await store.organisation(tokenHash: TokenHash.sha256Hex(token)) else { return .refused(.unknownToken) }
            return .organisation(org)
        }
    }
}
