import Foundation
import GRDB
public import JunkanStore

extension SQLiteStore: PeerStore {
    /// v19: the peer nodes (`PeerStore`, issue 27).
    static func registerPeersMigration(_ m: inout DatabaseMigrator) {
        m.registerSQL(
            "v19: peers",
            sql: """
                CREATE TABLE peers (
                    base_url TEXT PRIMARY KEY, log_origin TEXT NOT NULL UNIQUE, log_key TEXT NOT NULL, did_document TEXT NOT NULL,
                    description TEXT NOT NULL, added_at INTEGER NOT NULL
                )
                """)
    }

    /// v20: the organisations' release policies (issue 27, item 6).
    static func registerReleasePoliciesMigration(_ m: inout DatabaseMigrator) {
        m.registerSQL(
            "v20: release policies",
            sql: "CREATE TABLE release_policies (organisation_id TEXT PRIMARY KEY REFERENCES organisations(id), policy TEXT NOT NULL)")
    }

    /// v21: the split views seen of peers' logs (issue 27, item 7).
    static func registerSplitViewsMigration(_ m: inout DatabaseMigrator) {
        m.registerSQL(
            "v21: split views",
            sql: """
                CREATE TABLE split_views (
                    node TEXT PRIMARY KEY, previous TEXT NOT NULL, current TEXT NOT NULL, why TEXT NOT NULL, seen_at INTEGER NOT NULL
                )
                """)
    }

    /// v22: release grants to named nodes (issue 27, item 6).
    static func registerReleaseGrantsMigration(_ m: inout DatabaseMigrator) {
        m.registerSQL(
            "v22: release grants",
            sql: """
                CREATE TABLE release_grants (
                    organisation_id TEXT NOT NULL REFERENCES organisations(id), node TEXT NOT NULL, PRIMARY KEY (organisation_id, node)
                )
                """)
    }

    public func setReleaseGrant(organisationID: String, node: String, granted: Bool) async throws {
        try await pool.write { db in
            try db.execute(
                sql: granted
                    ? "INSERT OR IGNORE INTO release_grants (organisation_id, node) VALUES (?, ?)"
                    : "DELETE FROM release_grants WHERE organisation_id = ? AND node = ?",
                arguments: [organisationID, node])
        }
    }

    public func releaseGrants() async throws -> [String: Set<String>] {
        try await pool.read { db in
            var out: [String: Set<String>] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT organisation_id, node FROM release_grants") {
                out[r["organisation_id"], default: []].insert(r["node"])
            }
            return out
        }
    }

    public func recordSplitView(_ v: SplitView) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO split_views (node, previous, current, why, seen_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [v.node, v.previous, v.current, v.why, v.seenAt])
        }
    }

    public func splitViews() async throws -> [SplitView] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT node, previous, current, why, seen_at FROM split_views ORDER BY node").map {
                SplitView(node: $0["node"], previous: $0["previous"], current: $0["current"], why: $0["why"], seenAt: $0["seen_at"])
            }
        }
    }

    public func setReleasePolicy(organisationID: String, _ policy: ReleasePolicy) async throws {
        try await pool.write { db in
            try db.execute(
                sql:
                    "INSERT INTO release_policies (organisation_id, policy) VALUES (?, ?) ON CONFLICT (organisation_id) DO UPDATE SET policy = excluded.policy",
                arguments: [organisationID, policy.rawValue])
        }
    }

    public func releasePolicies() async throws -> [String: ReleasePolicy] {
        try await pool.read { db in
            var out: [String: ReleasePolicy] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT organisation_id, policy FROM release_policies") {
                out[r["organisation_id"]] = ReleasePolicy(rawValue: r["policy"]) ?? .private
            }
            return out
        }
    }

    public func addPeer(_ peer: Peer) async throws {
        try await pool.write { db in
            do {
                try db.execute(
                    sql: "INSERT INTO peers (base_url, log_origin, log_key, did_document, description, added_at) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [peer.baseURL, peer.logOrigin, peer.logKey, peer.didDocument, peer.description, peer.addedAt])
            } catch let error as DatabaseError
                where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY || error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
            {
                throw PeerStoreError.exists(baseURL: peer.baseURL, logOrigin: peer.logOrigin)
            }
        }
    }

    public func peers() async throws -> [Peer] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM peers ORDER BY base_url").map(Self.peer) }
    }

    public func peer(baseURL: String) async throws -> Peer? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM peers WHERE base_url = ?", arguments: [baseURL]).map(Self.peer) }
    }

    public func removePeer(baseURL: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM peers WHERE base_url = ?", arguments: [baseURL])
            let removed = db.changesCount > 0
            // Re-pinning a peer (remove, then add) is how an operator settles its split view.
            try db.execute(sql: "DELETE FROM split_views WHERE node = ?", arguments: [baseURL])
            // And starts its mirror over (`MirrorStore`).
            try db.execute(sql: "DELETE FROM mirror_tiles WHERE node = ?", arguments: [baseURL])
            try db.execute(sql: "DELETE FROM mirror_checkpoints WHERE node = ?", arguments: [baseURL])
            return removed
        }
    }

    static func peer(_ r: Row) -> Peer {
        Peer(
            baseURL: r["base_url"], logOrigin: r["log_origin"], logKey: r["log_key"], didDocument: r["did_document"],
            description: r["description"], addedAt: r["added_at"])
    }
}
