public import JunkanStore
import PostgresNIO

extension PostgresStore: PeerStore {
    public func addPeer(_ peer: Peer) async throws {
        // ON CONFLICT DO NOTHING: a taken base URL or origin is a refusal to report, not a server error to decode.
        let inserted = try await rows(
            """
            INSERT INTO peers (base_url, log_origin, log_key, did_document, description, added_at)
            VALUES (\(peer.baseURL), \(peer.logOrigin), \(peer.logKey), \(peer.didDocument), \(peer.description), \(peer.addedAt))
            ON CONFLICT DO NOTHING RETURNING base_url
            """)
        if inserted.isEmpty { throw PeerStoreError.exists(baseURL: peer.baseURL, logOrigin: peer.logOrigin) }
    }

    public func peers() async throws -> [Peer] {
        try await rows("SELECT * FROM peers ORDER BY base_url COLLATE \"C\"").map(Self.peer)
    }

    public func peer(baseURL: String) async throws -> Peer? {
        try await rows("SELECT * FROM peers WHERE base_url = \(baseURL)").first.map(Self.peer)
    }

    public func removePeer(baseURL: String) async throws -> Bool {
        // Re-pinning a peer (remove, then add) is how an operator settles its split view.
        _ = try await rows("DELETE FROM split_views WHERE node = \(baseURL) RETURNING node")
        _ = try await rows("DELETE FROM mirror_tiles WHERE node = \(baseURL) RETURNING node")
        _ = try await rows("DELETE FROM mirror_checkpoints WHERE node = \(baseURL) RETURNING node")
        return !(try await rows("DELETE FROM peers WHERE base_url = \(baseURL) RETURNING base_url").isEmpty)
    }

    public func setReleaseGrant(organisationID: String, node: String, granted: Bool) async throws {
        if granted {
            _ = try await rows(
                """
                INSERT INTO release_grants (organisation_id, node) VALUES (\(organisationID), \(node))
                ON CONFLICT DO NOTHING RETURNING node
                """)
        } else {
            _ = try await rows("DELETE FROM release_grants WHERE organisation_id = \(organisationID) AND node = \(node) RETURNING node")
        }
    }

    public func releaseGrants() async throws -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for r in try await rows("SELECT organisation_id, node FROM release_grants") {
            out[try r.get("organisation_id"), default: []].insert(try r.get("node"))
        }
        return out
    }

    public func recordSplitView(_ v: SplitView) async throws {
        _ = try await rows(
            """
            INSERT INTO split_views (node, previous, current, why, seen_at) VALUES (\(v.node), \(v.previous), \(v.current), \(v.why), \(v.seenAt))
            ON CONFLICT DO NOTHING RETURNING node
            """)
    }

    public func splitViews() async throws -> [SplitView] {
        try await rows("SELECT node, previous, current, why, seen_at FROM split_views ORDER BY node COLLATE \"C\"").map {
            SplitView(
                node: try $0.get("node"), previous: try $0.get("previous"), current: try $0.get("current"), why: try $0.get("why"),
                seenAt: try $0.get("seen_at"))
        }
    }

    public func setReleasePolicy(organisationID: String, _ policy: ReleasePolicy) async throws {
        _ = try await rows(
            """
            INSERT INTO release_policies (organisation_id, policy) VALUES (\(organisationID), \(policy.rawValue))
            ON CONFLICT (organisation_id) DO UPDATE SET policy = excluded.policy RETURNING organisation_id
            """)
    }

    public func releasePolicies() async throws -> [String: ReleasePolicy] {
        var out: [String: ReleasePolicy] = [:]
        for r in try await rows("SELECT organisation_id, policy FROM release_policies") {
            out[try r.get("organisation_id")] = ReleasePolicy(rawValue: try r.get("policy")) ?? .private
        }
        return out
    }

    static func peer(_ r: PostgresRandomAccessRow) throws -> Peer {
        Peer(
            baseURL: try r.get("base_url"), logOrigin: try r.get("log_origin"), logKey: try r.get("log_key"),
            didDocument: try r.get("did_document"), description: try r.get("description"), addedAt: try r.get("added_at"))
    }
}
