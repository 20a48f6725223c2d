import GRDB
public import JunkanCore
public import JunkanStore

extension SQLiteStore: DataSpaceStore {
    /// v25: the Dataspace Protocol connector (issue 28): organisations' dataset policies, groups of peers, and the
    /// negotiations and transfers this node runs as provider.
    static func registerDataSpaceMigration(_ m: inout DatabaseMigrator) {
        m.registerSQL(
            "v25: data-space policies, peer groups, negotiations and transfers",
            sql: """
                CREATE TABLE dsp_policies (
                    id TEXT PRIMARY KEY, organisation_id TEXT NOT NULL, role TEXT NOT NULL, target TEXT NOT NULL, policy TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE dsp_peer_groups (grp TEXT NOT NULL, node TEXT NOT NULL, PRIMARY KEY (grp, node)) WITHOUT ROWID;
                CREATE TABLE dsp_negotiations (
                    provider_pid TEXT PRIMARY KEY, consumer_pid TEXT NOT NULL, state TEXT NOT NULL, consumer TEXT NOT NULL,
                    callback_address TEXT NOT NULL, dataset_id TEXT NOT NULL, offer TEXT NOT NULL, agreement TEXT, agreement_id TEXT UNIQUE,
                    reason TEXT, updated_at INTEGER NOT NULL
                );
                CREATE TABLE dsp_transfers (
                    provider_pid TEXT PRIMARY KEY, consumer_pid TEXT NOT NULL, state TEXT NOT NULL, agreement_id TEXT NOT NULL,
                    consumer TEXT NOT NULL, callback_address TEXT NOT NULL, format TEXT NOT NULL, token_hash TEXT UNIQUE,
                    token_expires_at INTEGER, reason TEXT, updated_at INTEGER NOT NULL
                );
                """)
    }

    public func putDatasetPolicy(_ p: DatasetPolicyRecord) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO dsp_policies (id, organisation_id, role, target, policy, created_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET organisation_id = excluded.organisation_id, role = excluded.role, target = excluded.target,
                        policy = excluded.policy, created_at = excluded.created_at
                    """,
                arguments: [p.id, p.organisationID, p.role.rawValue, p.target, p.policy, p.createdAt])
        }
    }

    public func removeDatasetPolicy(id: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM dsp_policies WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    public func datasetPolicies() async throws -> [DatasetPolicyRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM dsp_policies ORDER BY id").map { r in
                DatasetPolicyRecord(
                    id: r["id"], organisationID: r["organisation_id"], role: DatasetPolicyRecord.Role(rawValue: r["role"]) ?? .contract,
                    target: r["target"], policy: r["policy"], createdAt: r["created_at"])
            }
        }
    }

    public func setPeerGroup(_ group: String, node: String, member: Bool) async throws {
        try await pool.write { db in
            if member {
                try db.execute(sql: "INSERT OR IGNORE INTO dsp_peer_groups (grp, node) VALUES (?, ?)", arguments: [group, node])
            } else {
                try db.execute(sql: "DELETE FROM dsp_peer_groups WHERE grp = ? AND node = ?", arguments: [group, node])
            }
        }
    }

    public func peerGroups() async throws -> [String: Set<String>] {
        try await pool.read { db in
            var out: [String: Set<String>] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT grp, node FROM dsp_peer_groups") { out[r["grp"], default: []].insert(r["node"]) }
            return out
        }
    }

    public func insertNegotiation(_ n: DSPNegotiationRecord) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO dsp_negotiations (provider_pid, consumer_pid, state, consumer, callback_address, dataset_id, offer, agreement,
                        agreement_id, reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    n.providerPid, n.consumerPid, n.state.rawValue, n.consumer, n.callbackAddress, n.datasetID, n.offer, n.agreement, n.agreementID,
                    n.reason, n.updatedAt
                ])
        }
    }

    public func negotiation(providerPid: String) async throws -> DSPNegotiationRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM dsp_negotiations WHERE provider_pid = ?", arguments: [providerPid]).map(Self.negotiation)
        }
    }

    public func negotiation(agreementID: String) async throws -> DSPNegotiationRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM dsp_negotiations WHERE agreement_id = ?", arguments: [agreementID]).map(Self.negotiation)
        }
    }

    public func updateNegotiation(_ n: DSPNegotiationRecord, from: DSPNegotiationState) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE dsp_negotiations SET state = ?, agreement = ?, agreement_id = ?, reason = ?, updated_at = ?
                    WHERE provider_pid = ? AND state = ?
                    """,
                arguments: [n.state.rawValue, n.agreement, n.agreementID, n.reason, n.updatedAt, n.providerPid, from.rawValue])
            return db.changesCount == 1
        }
    }

    static func negotiation(_ r: Row) -> DSPNegotiationRecord {
        DSPNegotiationRecord(
            providerPid: r["provider_pid"], consumerPid: r["consumer_pid"], state: DSPNegotiationState(rawValue: r["state"]) ?? .terminated,
            consumer: r["consumer"], callbackAddress: r["callback_address"], datasetID: r["dataset_id"], offer: r["offer"],
            agreement: r["agreement"], agreementID: r["agreement_id"], reason: r["reason"], updatedAt: r["updated_at"])
    }

    public func insertTransfer(_ t: DSPTransferRecord) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO dsp_transfers (provider_pid, consumer_pid, state, agreement_id, consumer, callback_address, format, token_hash,
                        token_expires_at, reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    t.providerPid, t.consumerPid, t.state.rawValue, t.agreementID, t.consumer, t.callbackAddress, t.format, t.tokenHash,
                    t.tokenExpiresAt, t.reason, t.updatedAt
                ])
        }
    }

    public func transfer(providerPid: String) async throws -> DSPTransferRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM dsp_transfers WHERE provider_pid = ?", arguments: [providerPid]).map(Self.transfer)
        }
    }

    public func transfer(tokenHash: String) async throws -> DSPTransferRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM dsp_transfers WHERE token_hash = ?", arguments: [tokenHash]).map(Self.transfer)
        }
    }

    public func updateTransfer(_ t: DSPTransferRecord, from: DSPTransferState) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE dsp_transfers SET state = ?, token_hash = ?, token_expires_at = ?, reason = ?, updated_at = ?
                    WHERE provider_pid = ? AND state = ?
                    """,
                arguments: [t.state.rawValue, t.tokenHash, t.tokenExpiresAt, t.reason, t.updatedAt, t.providerPid, from.rawValue])
            return db.changesCount == 1
        }
    }

    static func transfer(_ r: Row) -> DSPTransferRecord {
        DSPTransferRecord(
            providerPid: r["provider_pid"], consumerPid: r["consumer_pid"], state: DSPTransferState(rawValue: r["state"]) ?? .terminated,
            agreementID: r["agreement_id"], consumer: r["consumer"], callbackAddress: r["callback_address"], format: r["format"],
            tokenHash: r["token_hash"], tokenExpiresAt: r["token_expires_at"], reason: r["reason"], updatedAt: r["updated_at"])
    }
}
