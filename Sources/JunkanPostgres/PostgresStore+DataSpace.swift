public import JunkanCore
public import JunkanStore
import PostgresNIO

extension PostgresStore: DataSpaceStore {
    public func putDatasetPolicy(_ p: DatasetPolicyRecord) async throws {
        _ = try await rows(
            """
            INSERT INTO dsp_policies (id, organisation_id, role, target, policy, created_at)
            VALUES (\(p.id), \(p.organisationID), \(p.role.rawValue), \(p.target), \(p.policy), \(p.createdAt))
            ON CONFLICT (id) DO UPDATE SET organisation_id = excluded.organisation_id, role = excluded.role, target = excluded.target,
                policy = excluded.policy, created_at = excluded.created_at
            RETURNING id
            """)
    }

    public func removeDatasetPolicy(id: String) async throws -> Bool {
        !(try await rows("DELETE FROM dsp_policies WHERE id = \(id) RETURNING id").isEmpty)
    }

    public func datasetPolicies() async throws -> [DatasetPolicyRecord] {
        try await rows("SELECT * FROM dsp_policies ORDER BY id COLLATE \"C\"").map { r in
            DatasetPolicyRecord(
                id: try r.get("id"), organisationID: try r.get("organisation_id"),
                role: DatasetPolicyRecord.Role(rawValue: try r.get("role")) ?? .contract, target: try r.get("target"), policy: try r.get("policy"),
                createdAt: try r.get("created_at"))
        }
    }

    public func setPeerGroup(_ group: String, node: String, member: Bool) async throws {
        if member {
            _ = try await rows("INSERT INTO dsp_peer_groups (grp, node) VALUES (\(group), \(node)) ON CONFLICT DO NOTHING RETURNING node")
        } else {
            _ = try await rows("DELETE FROM dsp_peer_groups WHERE grp = \(group) AND node = \(node) RETURNING node")
        }
    }

    public func peerGroups() async throws -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for r in try await rows("SELECT grp, node FROM dsp_peer_groups") { out[try r.get("grp"), default: []].insert(try r.get("node")) }
        return out
    }

    public func insertNegotiation(_ n: DSPNegotiationRecord) async throws {
        _ = try await rows(
            """
            INSERT INTO dsp_negotiations (provider_pid, consumer_pid, state, consumer, callback_address, dataset_id, offer, agreement,
                agreement_id, reason, updated_at)
            VALUES (\(n.providerPid), \(n.consumerPid), \(n.state.rawValue), \(n.consumer), \(n.callbackAddress), \(n.datasetID), \(n.offer),
                \(n.agreement), \(n.agreementID), \(n.reason), \(n.updatedAt))
            RETURNING provider_pid
            """)
    }

    public func negotiation(providerPid: String) async throws -> DSPNegotiationRecord? {
        try await rows("SELECT * FROM dsp_negotiations WHERE provider_pid = \(providerPid)").first.map(Self.negotiation)
    }

    public func negotiation(agreementID: String) async throws -> DSPNegotiationRecord? {
        try await rows("SELECT * FROM dsp_negotiations WHERE agreement_id = \(agreementID)").first.map(Self.negotiation)
    }

    public func updateNegotiation(_ n: DSPNegotiationRecord, from: DSPNegotiationState) async throws -> Bool {
        !(try await rows(
            """
            UPDATE dsp_negotiations SET state = \(n.state.rawValue), agreement = \(n.agreement), agreement_id = \(n.agreementID),
                reason = \(n.reason), updated_at = \(n.updatedAt)
            WHERE provider_pid = \(n.providerPid) AND state = \(from.rawValue) RETURNING provider_pid
            """
        )
        .isEmpty)
    }

    static func negotiation(_ r: PostgresRandomAccessRow) throws -> DSPNegotiationRecord {
        DSPNegotiationRecord(
            providerPid: try r.get("provider_pid"), consumerPid: try r.get("consumer_pid"),
            state: DSPNegotiationState(rawValue: try r.get("state")) ?? .terminated, consumer: try r.get("consumer"),
            callbackAddress: try r.get("callback_address"), datasetID: try r.get("dataset_id"), offer: try r.get("offer"),
            agreement: try r.get("agreement", as: String?.self), agreementID: try r.get("agreement_id", as: String?.self),
            reason: try r.get("reason", as: String?.self), updatedAt: try r.get("updated_at"))
    }

    public func insertTransfer(_ t: DSPTransferRecord) async throws {
        _ = try await rows(
            """
            INSERT INTO dsp_transfers (provider_pid, consumer_pid, state, agreement_id, consumer, callback_address, format, token_hash,
                token_expires_at, reason, updated_at)
            VALUES (\(t.providerPid), \(t.consumerPid), \(t.state.rawValue), \(t.agreementID), \(t.consumer), \(t.callbackAddress), \(t.format),
                \(t.tokenHash), \(t.tokenExpiresAt), \(t.reason), \(t.updatedAt))
            RETURNING provider_pid
            """)
    }

    public func transfer(providerPid: String) async throws -> DSPTransferRecord? {
        try await rows("SELECT * FROM dsp_transfers WHERE provider_pid = \(providerPid)").first.map(Self.transfer)
    }

    public func transfer(tokenHash: String) async throws -> DSPTransferRecord? {
        try await rows("SELECT * FROM dsp_transfers WHERE token_hash = \(tokenHash)").first.map(Self.transfer)
    }

    public func updateTransfer(_ t: DSPTransferRecord, from: DSPTransferState) async throws -> Bool {
        !(try await rows(
            """
            UPDATE dsp_transfers SET state = \(t.state.rawValue), token_hash = \(t.tokenHash), token_expires_at = \(t.tokenExpiresAt),
                reason = \(t.reason), updated_at = \(t.updatedAt)
            WHERE provider_pid = \(t.providerPid) AND state = \(from.rawValue) RETURNING provider_pid
            """
        )
        .isEmpty)
    }

    static func transfer(_ r: PostgresRandomAccessRow) throws -> DSPTransferRecord {
        DSPTransferRecord(
            providerPid: try r.get("provider_pid"), consumerPid: try r.get("consumer_pid"),
            state: DSPTransferState(rawValue: try r.get("state")) ?? .terminated, agreementID: try r.get("agreement_id"),
            consumer: try r.get("consumer"), callbackAddress: try r.get("callback_address"), format: try r.get("format"),
            tokenHash: try r.get("token_hash", as: String?.self), tokenExpiresAt: try r.get("token_expires_at", as: Int64?.self),
            reason: try r.get("reason", as: String?.self), updatedAt: try r.get("updated_at"))
    }
}
