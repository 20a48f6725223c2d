import GRDB
public import JunkanStore

extension SQLiteStore: OuranosStore {
    /// v26: the Ouranos data-transaction API (issue 28, item 5): accounts, client API keys, tokens (hashes), plants.
    static func registerOuranosMigration(_ m: inout DatabaseMigrator) {
        m.registerSQL(
            "v26: Ouranos accounts, API keys, tokens and plants",
            sql: """
                CREATE TABLE ouranos_accounts (
                    organisation_id TEXT PRIMARY KEY, login TEXT NOT NULL UNIQUE, open_operator_id TEXT NOT NULL, address TEXT NOT NULL,
                    global_operator_id TEXT
                );
                CREATE TABLE ouranos_api_keys (hash TEXT PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL);
                CREATE TABLE ouranos_tokens (
                    hash TEXT PRIMARY KEY, organisation_id TEXT NOT NULL, kind TEXT NOT NULL, expires_at INTEGER NOT NULL
                );
                CREATE TABLE ouranos_plants (
                    gln TEXT PRIMARY KEY, organisation_id TEXT NOT NULL, name TEXT NOT NULL, address TEXT NOT NULL
                );
                CREATE TABLE ouranos_parts (trace_id TEXT PRIMARY KEY, organisation_id TEXT NOT NULL, model TEXT NOT NULL);
                CREATE INDEX ouranos_parts_by_organisation ON ouranos_parts (organisation_id);
                CREATE TABLE ouranos_structures (
                    parent_trace_id TEXT NOT NULL, child_trace_id TEXT NOT NULL, position INTEGER NOT NULL,
                    PRIMARY KEY (parent_trace_id, child_trace_id)
                ) WITHOUT ROWID;
                CREATE TABLE ouranos_cfps (trace_id TEXT PRIMARY KEY, models TEXT NOT NULL);
                CREATE TABLE ouranos_trades (
                    trade_id TEXT PRIMARY KEY, status_id TEXT NOT NULL UNIQUE, downstream_org TEXT NOT NULL, downstream_trace TEXT NOT NULL,
                    upstream_org TEXT NOT NULL, upstream_trace TEXT, cfp_status TEXT NOT NULL, tree_status TEXT NOT NULL, message TEXT,
                    reply_message TEXT, due_date TEXT, created_at INTEGER NOT NULL, modified_at INTEGER NOT NULL
                );
                CREATE INDEX ouranos_trades_downstream ON ouranos_trades (downstream_org, created_at);
                CREATE INDEX ouranos_trades_upstream ON ouranos_trades (upstream_org, created_at);
                """)
    }

    public func putOuranosAccount(_ a: OuranosAccount) async throws {
        try await pool.write { db in
            if let other = try String.fetchOne(db, sql: "SELECT organisation_id FROM ouranos_accounts WHERE login = ?", arguments: [a.login]),
                other != a.organisationID
            {
                throw OuranosStoreError.accountTaken(a.login)
            }
            try db.execute(
                sql: """
                    INSERT INTO ouranos_accounts (organisation_id, login, open_operator_id, address, global_operator_id) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(organisation_id) DO UPDATE SET login = excluded.login, open_operator_id = excluded.open_operator_id,
                        address = excluded.address, global_operator_id = excluded.global_operator_id
                    """,
                arguments: [a.organisationID, a.login, a.openOperatorID, a.address, a.globalOperatorID])
        }
    }

    public func ouranosAccount(organisationID: String) async throws -> OuranosAccount? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM ouranos_accounts WHERE organisation_id = ?", arguments: [organisationID]).map(Self.account)
        }
    }

    public func ouranosAccount(login: String) async throws -> OuranosAccount? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM ouranos_accounts WHERE login = ?", arguments: [login]).map(Self.account) }
    }

    public func ouranosAccounts() async throws -> [OuranosAccount] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM ouranos_accounts ORDER BY organisation_id").map(Self.account) }
    }

    static func account(_ r: Row) -> OuranosAccount {
        OuranosAccount(
            organisationID: r["organisation_id"], login: r["login"], openOperatorID: r["open_operator_id"], address: r["address"],
            globalOperatorID: r["global_operator_id"])
    }

    public func addOuranosAPIKey(hash: String, name: String, createdAt: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO ouranos_api_keys (hash, name, created_at) VALUES (?, ?, ?)", arguments: [hash, name, createdAt])
        }
    }

    public func ouranosAPIKeyExists(hash: String) async throws -> Bool {
        try await pool.read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM ouranos_api_keys WHERE hash = ?", arguments: [hash]) ?? false }
    }

    public func saveOuranosToken(_ t: OuranosToken) async throws {
        try await pool.write { db in
            // Expired tokens go as new ones come: the table holds the live ones.
            try db.execute(sql: "DELETE FROM ouranos_tokens WHERE expires_at < ?", arguments: [t.expiresAt - 86_400_000 * 2])
            try db.execute(
                sql: "INSERT INTO ouranos_tokens (hash, organisation_id, kind, expires_at) VALUES (?, ?, ?, ?)",
                arguments: [t.hash, t.organisationID, t.kind.rawValue, t.expiresAt])
        }
    }

    public func ouranosToken(hash: String, now: Int64) async throws -> OuranosToken? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM ouranos_tokens WHERE hash = ? AND expires_at > ?", arguments: [hash, now]).map { r in
                OuranosToken(
                    hash: r["hash"], organisationID: r["organisation_id"], kind: OuranosToken.Kind(rawValue: r["kind"]) ?? .access,
                    expiresAt: r["expires_at"])
            }
        }
    }

    public func putOuranosPlant(_ p: OuranosPlant) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO ouranos_plants (gln, organisation_id, name, address) VALUES (?, ?, ?, ?)
                    ON CONFLICT(gln) DO UPDATE SET organisation_id = excluded.organisation_id, name = excluded.name, address = excluded.address
                    """,
                arguments: [p.gln, p.organisationID, p.name, p.address])
        }
    }

    public func ouranosPlants(organisationID: String) async throws -> [OuranosPlant] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM ouranos_plants WHERE organisation_id = ? ORDER BY gln", arguments: [organisationID]).map { r in
                OuranosPlant(gln: r["gln"], organisationID: r["organisation_id"], name: r["name"], address: r["address"])
            }
        }
    }

    public func putOuranosPart(_ p: OuranosStoredPart) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO ouranos_parts (trace_id, organisation_id, model) VALUES (?, ?, ?)
                    ON CONFLICT(trace_id) DO UPDATE SET model = excluded.model WHERE organisation_id = excluded.organisation_id
                    """,
                arguments: [p.traceID, p.organisationID, p.model])
        }
    }

    public func ouranosStoredParts(organisationID: String) async throws -> [OuranosStoredPart] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM ouranos_parts WHERE organisation_id = ? ORDER BY trace_id", arguments: [organisationID]).map(
                Self.storedPart)
        }
    }

    public func ouranosStoredPart(traceID: String) async throws -> OuranosStoredPart? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM ouranos_parts WHERE trace_id = ?", arguments: [traceID]).map(Self.storedPart) }
    }

    static func storedPart(_ r: Row) -> OuranosStoredPart {
        OuranosStoredPart(traceID: r["trace_id"], organisationID: r["organisation_id"], model: r["model"])
    }

    public func deleteOuranosPart(traceID: String, organisationID: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM ouranos_parts WHERE trace_id = ? AND organisation_id = ?", arguments: [traceID, organisationID])
            guard db.changesCount > 0 else { return false }
            try db.execute(sql: "DELETE FROM ouranos_structures WHERE parent_trace_id = ? OR child_trace_id = ?", arguments: [traceID, traceID])
            try db.execute(sql: "DELETE FROM ouranos_cfps WHERE trace_id = ?", arguments: [traceID])
            return true
        }
    }

    public func setOuranosStructure(parent: String, children: [String]) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM ouranos_structures WHERE parent_trace_id = ?", arguments: [parent])
            for (i, c) in children.enumerated() {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO ouranos_structures (parent_trace_id, child_trace_id, position) VALUES (?, ?, ?)",
                    arguments: [parent, c, i])
            }
        }
    }

    public func ouranosStructure(parent: String) async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(
                db, sql: "SELECT child_trace_id FROM ouranos_structures WHERE parent_trace_id = ? ORDER BY position", arguments: [parent])
        }
    }

    public func putOuranosCFPs(traceID: String, models: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO ouranos_cfps (trace_id, models) VALUES (?, ?) ON CONFLICT(trace_id) DO UPDATE SET models = excluded.models",
                arguments: [traceID, models])
        }
    }

    public func ouranosCFPs(traceID: String) async throws -> String? {
        try await pool.read { db in try String.fetchOne(db, sql: "SELECT models FROM ouranos_cfps WHERE trace_id = ?", arguments: [traceID]) }
    }

    public func insertOuranosTrade(_ t: OuranosTrade) async throws {
        try await pool.write { db in
            try db.execute(
                sql:
                    "INSERT INTO ouranos_trades (trade_id, status_id, downstream_org, downstream_trace, upstream_org, upstream_trace, cfp_status, tree_status, message, reply_message, due_date, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: Self.tradeArguments(t))
        }
    }

    public func updateOuranosTrade(_ t: OuranosTrade) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE ouranos_trades SET upstream_trace = ?, cfp_status = ?, tree_status = ?, message = ?, reply_message = ?, due_date = ?,
                        modified_at = ? WHERE trade_id = ?
                    """,
                arguments: [t.upstreamTraceID, t.cfpResponseStatus, t.tradeTreeStatus, t.message, t.replyMessage, t.responseDueDate, t.modifiedAt, t.tradeID])
        }
    }

    public func ouranosTrade(id: String) async throws -> OuranosTrade? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM ouranos_trades WHERE trade_id = ?", arguments: [id]).map(Self.trade) }
    }

    public func ouranosTrades(organisationID: String, downstream: Bool) async throws -> [OuranosTrade] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM ouranos_trades WHERE \(downstream ? "downstream_org" : "upstream_org") = ? ORDER BY created_at DESC, trade_id",
                arguments: [organisationID]
            ).map(Self.trade)
        }
    }

    static func tradeArguments(_ t: OuranosTrade) -> StatementArguments {
        [
            t.tradeID, t.statusID, t.downstreamOrganisationID, t.downstreamTraceID, t.upstreamOrganisationID, t.upstreamTraceID, t.cfpResponseStatus,
            t.tradeTreeStatus, t.message, t.replyMessage, t.responseDueDate, t.createdAt, t.modifiedAt
        ]
    }

    static func trade(_ r: Row) -> OuranosTrade {
        OuranosTrade(
            tradeID: r["trade_id"], statusID: r["status_id"], downstreamOrganisationID: r["downstream_org"], downstreamTraceID: r["downstream_trace"],
            upstreamOrganisationID: r["upstream_org"], upstreamTraceID: r["upstream_trace"], cfpResponseStatus: r["cfp_status"],
            tradeTreeStatus: r["tree_status"], message: r["message"], replyMessage: r["reply_message"], responseDueDate: r["due_date"],
            createdAt: r["created_at"], modifiedAt: r["modified_at"])
    }
}
