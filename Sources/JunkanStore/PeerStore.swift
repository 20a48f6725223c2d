/// The other Junkan nodes this node knows (issue 27, item 1): each pinned to its log's origin and verifier key when an
/// operator added it (`junkan peer add`), with the did:web document and self-description it served then. Read on every
/// use, so a peer added or removed takes effect on a running node without a restart.
public protocol PeerStore: Sendable {
    /// Records a peer. Refuses one whose base URL or log origin is already a peer's (`PeerStoreError.exists`): a node is
    /// one log, and a second entry for it would be a second, unpinned trust decision.
    func addPeer(_ peer: Peer) async throws
    /// Every peer, by base URL.
    func peers() async throws -> [Peer]
    func peer(baseURL: String) async throws -> Peer?
    /// Forgets a peer, with its split view and its mirror; false when there was none with that base URL.
    func removePeer(baseURL: String) async throws -> Bool
    /// Sets which nodes may pull an organisation's trace events (issue 27, item 6).
    func setReleasePolicy(organisationID: String, _ policy: ReleasePolicy) async throws
    /// The policies set, by organisation ID; an organisation without one has `ReleasePolicy.default`.
    func releasePolicies() async throws -> [String: ReleasePolicy]
    /// Grants a named node (a peer's base URL) an organisation's events whatever its release policy but `private`
    /// (the explicit grant of `receivers`); `granted: false` takes the grant back.
    func setReleaseGrant(organisationID: String, node: String, granted: Bool) async throws
    /// The nodes each organisation granted its events, by organisation ID.
    func releaseGrants() async throws -> [String: Set<String>]
    /// Records evidence that a peer showed two views of its log; the first evidence of a peer is kept (issue 27, item 7).
    func recordSplitView(_ splitView: SplitView) async throws
    /// Every split view recorded, by node. Removing the peer (`removePeer`) removes its split view.
    func splitViews() async throws -> [SplitView]
}

/// Two signed checkpoints of one peer's log that cannot both be true: the same size with different roots, or a later
/// one that is not consistent with an earlier one. The peer's steps are unverified while it stands.
public struct SplitView: Sendable, Equatable {
    public var node: String
    /// The checkpoint notes, as signed by the peer's log key.
    public var previous: String
    public var current: String
    public var why: String
    /// When it was seen, ms since the epoch.
    public var seenAt: Int64
    public init(node: String, previous: String, current: String, why: String, seenAt: Int64) {
        self.node = node; self.previous = previous; self.current = current; self.why = why; self.seenAt = seenAt
    }
}

/// Which other nodes may pull an organisation's trace events from this node (docs/federation.md).
public enum ReleasePolicy: String, Sendable, CaseIterable {
    /// Any node, signed or not.
    case `public`
    /// Nodes whose organisations received the lot asked about, or a lot made from it here (the default).
    case receivers
    /// Every registered peer.
    case partners
    /// No other node.
    case `private`

    public static let `default` = ReleasePolicy.receivers
}

/// A peer node as pinned when it was added.
public struct Peer: Sendable, Equatable {
    /// Where the peer is reached (scheme, host, port and path; no trailing slash, query or fragment).
    public var baseURL: String
    /// Its log's origin: the first line of its checkpoints.
    public var logOrigin: String
    /// Its log's verifier key (`origin+id+key`), pinned: every checkpoint and proof of the peer is checked with it.
    public var logKey: String
    /// The peer's did:web document (`/.well-known/did.json`) as fetched, JSON text.
    public var didDocument: String
    /// The peer's self-description (`/.well-known/junkan-node`) as fetched, JSON text.
    public var description: String
    /// When it was added, ms since the epoch.
    public var addedAt: Int64

    public init(baseURL: String, logOrigin: String, logKey: String, didDocument: String, description: String, addedAt: Int64) {
        self.baseURL = baseURL; self.logOrigin = logOrigin; self.logKey = logKey
        self.didDocument = didDocument; self.description = description; self.addedAt = addedAt
    }
}

public enum PeerStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A peer with this base URL or log origin is recorded already.
    case exists(baseURL: String, logOrigin: String)

    public var description: String {
        switch self {
        case .exists(let url, let origin): "a peer with base URL \(url) or log origin \(origin) is already registered (junkan peer list)"
        }
    }
}
