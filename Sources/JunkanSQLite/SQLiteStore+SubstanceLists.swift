import GRDB
public import JunkanStore

extension SQLiteStore: SubstanceListStore {
    /// v32: restricted-substance lists loaded into the node (issue 31).
    static func registerSubstanceListsMigration(_ m: inout DatabaseMigrator) {
        m.registerSQL(
            "v32: restricted-substance lists",
            sql: """
                CREATE TABLE substance_lists (
                    id TEXT NOT NULL, version TEXT NOT NULL, organisation_id TEXT NOT NULL, date TEXT NOT NULL, list TEXT NOT NULL,
                    received_at INTEGER NOT NULL, PRIMARY KEY (id, version)
                );
                CREATE TABLE substance_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision INTEGER NOT NULL);
                INSERT INTO substance_revision (id, revision) VALUES (1, 0);
                """)
    }

    public func storeSubstanceList(_ list: StoredSubstanceList) async throws -> String? {
        try await pool.write { db in
            // In the write transaction: SQLite has one writer, so two organisations cannot both take a new id.
            if let owner = try String.fetchOne(db, sql: "SELECT organisation_id FROM substance_lists WHERE id = ? LIMIT 1", arguments: [list.id]),
                owner != list.organisationID
            {
                return owner
            }
            try db.execute(
                sql: """
                    INSERT INTO substance_lists (id, version, organisation_id, date, list, received_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id, version) DO UPDATE SET date = excluded.date, list = excluded.list, received_at = excluded.received_at
                    """,
                arguments: [list.id, list.version, list.organisationID, list.date, list.list, list.receivedAt])
            try db.execute(sql: "UPDATE substance_revision SET revision = revision + 1 WHERE id = 1")
            return nil
        }
    }

    public func substanceLists() async throws -> [StoredSubstanceList] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM substance_lists ORDER BY id, date, received_at").map { r in
                StoredSubstanceList(
                    id: r["id"], organisationID: r["organisation_id"], version: r["version"], date: r["date"], list: r["list"],
                    receivedAt: r["received_at"])
            }
        }
    }
}
