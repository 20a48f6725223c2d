public import JunkanStore
import PostgresNIO

extension PostgresStore: OuranosStore {
    public func putOuranosAccount(_ a: OuranosAccount) async throws {
        let logger = self.logger
        try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(a.login)))", logger: logger)
            let other = try await connection.rows("SELECT organisation_id FROM ouranos_accounts WHERE login = \(a.login)", logger: logger).first
                .map { try $0.get("organisation_id", as: String.self) }
            if let other, other != a.organisationID { throw OuranosStoreError.accountTaken(a.login) }
            try await connection.query(
                """
                INSERT INTO ouranos_accounts (organisation_id, login, open_operator_id, address, global_operator_id)
                VALUES (\(a.organisationID), \(a.login), \(a.openOperatorID), \(a.address), \(a.globalOperatorID))
                ON CONFLICT (organisation_id) DO UPDATE SET login = excluded.login, open_operator_id = excluded.open_operator_id,
                    address = excluded.address, global_operator_id = excluded.global_operator_id
                """, logger: logger)
        }
    }

    public func ouranosAccount(organisationID: String) async throws -> OuranosAccount? {
        try await rows("SELECT * FROM ouranos_accounts WHERE organisation_id = \(organisationID)").first.map(Self.account)
    }

    public func ouranosAccount(login: String) async throws -> OuranosAccount? {
        try await rows("SELECT * FROM ouranos_accounts WHERE login = \(login)").first.map(Self.account)
    }

    public func ouranosAccounts() async throws -> [OuranosAccount] {
        try await rows("SELECT * FROM ouranos_accounts ORDER BY organisation_id COLLATE \"C\"").map(Self.account)
    }

    static func account(_ r: PostgresRandomAccessRow) throws -> OuranosAccount {
        OuranosAccount(
            organisationID: try r.get("organisation_id"), login: try r.get("login"), openOperatorID: try r.get("open_operator_id"),
            address: try r.get("address"), globalOperatorID: try r.get("global_operator_id", as: String?.self))
    }

    public func addOuranosAPIKey(hash: String, name: String, createdAt: Int64) async throws {
        _ = try await rows("INSERT INTO ouranos_api_keys (hash, name, created_at) VALUES (\(hash), \(name), \(createdAt)) RETURNING hash")
    }

    public func ouranosAPIKeyExists(hash: String) async throws -> Bool {
        !(try await rows("SELECT 1 AS one FROM ouranos_api_keys WHERE hash = \(hash)").isEmpty)
    }

    public func saveOuranosToken(_ t: OuranosToken) async throws {
        _ = try await rows("DELETE FROM ouranos_tokens WHERE expires_at < \(t.expiresAt - 86_400_000 * 2) RETURNING hash")
        _ = try await rows(
            """
            INSERT INTO ouranos_tokens (hash, organisation_id, kind, expires_at) VALUES (\(t.hash), \(t.organisationID), \(t.kind.rawValue), \(t.expiresAt))
            RETURNING hash
            """)
    }

    public func ouranosToken(hash: String, now: Int64) async throws -> OuranosToken? {
        try await rows("SELECT * FROM ouranos_tokens WHERE hash = \(hash) AND expires_at > \(now)").first.map { r in
            OuranosToken(
                hash: try r.get("hash"), organisationID: try r.get("organisation_id"),
                kind: OuranosToken.Kind(rawValue: try r.get("kind")) ?? .access, expiresAt: try r.get("expires_at"))
        }
    }

    public func putOuranosPlant(_ p: OuranosPlant) async throws {
        _ = try await rows(
            """
            INSERT INTO ouranos_plants (gln, organisation_id, name, address) VALUES (\(p.gln), \(p.organisationID), \(p.name), \(p.address))
            ON CONFLICT (gln) DO UPDATE SET organisation_id = excluded.organisation_id, name = excluded.name, address = excluded.address
            RETURNING gln
            """)
    }

    public func ouranosPlants(organisationID: String) async throws -> [OuranosPlant] {
        try await rows("SELECT * FROM ouranos_plants WHERE organisation_id = \(organisationID) ORDER BY gln").map { r in
            OuranosPlant(gln: try r.get("gln"), organisationID: try r.get("organisation_id"), name: try r.get("name"), address: try r.get("address"))
        }
    }

    public func putOuranosPart(_ p: OuranosStoredPart) async throws {
        _ = try await rows(
            """
            INSERT INTO ouranos_parts (trace_id, organisation_id, model) VALUES (\(p.traceID), \(p.organisationID), \(p.model))
            ON CONFLICT (trace_id) DO UPDATE SET model = excluded.model WHERE ouranos_parts.organisation_id = excluded.organisation_id
            RETURNING trace_id
            """)
    }

    public func ouranosStoredParts(organisationID: String) async throws -> [OuranosStoredPart] {
        try await rows("SELECT * FROM ouranos_parts WHERE organisation_id = \(organisationID) ORDER BY trace_id COLLATE \"C\"").map(Self.storedPart)
    }

    public func ouranosStoredPart(traceID: String) async throws -> OuranosStoredPart? {
        try await rows("SELECT * FROM ouranos_parts WHERE trace_id = \(traceID)").first.map(Self.storedPart)
    }

    static func storedPart(_ r: PostgresRandomAccessRow) throws -> OuranosStoredPart {
        OuranosStoredPart(traceID: try r.get("trace_id"), organisationID: try r.get("organisation_id"), model: try r.get("model"))
    }

    public func deleteOuranosPart(traceID: String, organisationID: String) async throws -> Bool {
        let logger = self.logger
        return try await transaction { connection in
            let gone = try await connection.rows(
                "DELETE FROM ouranos_parts WHERE trace_id = \(traceID) AND organisation_id = \(organisationID) RETURNING trace_id", logger: logger)
            guard !gone.isEmpty else { return false }
            try await connection.query(
                "DELETE FROM ouranos_structures WHERE parent_trace_id = \(traceID) OR child_trace_id = \(traceID)", logger: logger)
            try await connection.query("DELETE FROM ouranos_cfps WHERE trace_id = \(traceID)", logger: logger)
            return true
        }
    }

    public func setOuranosStructure(parent: String, children: [String]) async throws {
        let logger = self.logger
        try await transaction { connection in
            try await connection.query("DELETE FROM ouranos_structures WHERE parent_trace_id = \(parent)", logger: logger)
            for (i, c) in children.enumerated() {
                try await connection.query(
                    """
                    INSERT INTO ouranos_structures (parent_trace_id, child_trace_id, position) VALUES (\(parent), \(c), \(Int32(i)))
                    ON CONFLICT DO NOTHING
                    """, logger: logger)
            }
        }
    }

    public func ouranosStructure(parent: String) async throws -> [String] {
        try await rows("SELECT child_trace_id FROM ouranos_structures WHERE parent_trace_id = \(parent) ORDER BY position").map {
            try $0.get("child_trace_id")
        }
    }

    public func putOuranosCFPs(traceID: String, models: String) async throws {
        _ = try await rows(
            """
            INSERT INTO ouranos_cfps (trace_id, models) VALUES (\(traceID), \(models))
            ON CONFLICT (trace_id) DO UPDATE SET models = excluded.models RETURNING trace_id
            """)
    }

    public func ouranosCFPs(traceID: String) async throws -> String? {
        try await rows("SELECT models FROM ouranos_cfps WHERE trace_id = \(traceID)").first.map { try $0.get("models") }
    }

    public func insertOuranosTrade(_ t: OuranosTrade) async throws {
        _ = try await rows(
            """
            INSERT INTO ouranos_trades (trade_id, status_id, downstream_org, downstream_trace, upstream_org, upstream_trace, cfp_status, tree_status, message, reply_message, due_date, created_at, modified_at)
            VALUES (\(t.tradeID), \(t.statusID), \(t.downstreamOrganisationID), \(t.downstreamTraceID), \(t.upstreamOrganisationID),
                \(t.upstreamTraceID), \(t.cfpResponseStatus), \(t.tradeTreeStatus), \(t.message), \(t.replyMessage), \(t.responseDueDate),
                \(t.createdAt), \(t.modifiedAt))
            RETURNING trade_id
            """)
    }

    public func updateOuranosTrade(_ t: OuranosTrade) async throws {
        _ = try await rows(
            """
            UPDATE ouranos_trades SET upstream_trace = \(t.upstreamTraceID), cfp_status = \(t.cfpResponseStatus), tree_status = \(t.tradeTreeStatus),
                message = \(t.message), reply_message = \(t.replyMessage), due_date = \(t.responseDueDate), modified_at = \(t.modifiedAt)
            WHERE trade_id = \(t.tradeID) RETURNING trade_id
            """)
    }

    public func ouranosTrade(id: String) async throws -> OuranosTrade? {
        try await rows("SELECT * FROM ouranos_trades WHERE trade_id = \(id)").first.map(Self.trade)
    }

    public func ouranosTrades(organisationID: String, downstream: Bool) async throws -> [OuranosTrade] {
        let query: PostgresQuery =
            downstream
            ? "SELECT * FROM ouranos_trades WHERE downstream_org = \(organisationID) ORDER BY created_at DESC, trade_id COLLATE \"C\""
            : "SELECT * FROM ouranos_trades WHERE upstream_org = \(organisationID) ORDER BY created_at DESC, trade_id COLLATE \"C\""
        return try await rows(query).map(Self.trade)
    }

    static func trade(_ r: PostgresRandomAccessRow) throws -> OuranosTrade {
        OuranosTrade(
            tradeID: try r.get("trade_id"), statusID: try r.get("status_id"), downstreamOrganisationID: try r.get("downstream_org"),
            downstreamTraceID: try r.get("downstream_trace"), upstreamOrganisationID: try r.get("upstream_org"),
            upstreamTraceID: try r.get("upstream_trace", as: String?.self), cfpResponseStatus: try r.get("cfp_status"),
            tradeTreeStatus: try r.get("tree_status"), message: try r.get("message", as: String?.self),
            replyMessage: try r.get("reply_message", as: String?.self), responseDueDate: try r.get("due_date", as: String?.self),
            createdAt: try r.get("created_at"), modifiedAt: try r.get("modified_at"))
    }
}
