import GRDB
public import JunkanStore

extension SQLiteStore: SubstanceStore {
    /// v31: material declarations (issue 31).
    static func registerSubstancesMigration(_ m: inout DatabaseMigrator) {
        m.registerSQL(
            "v31: material declarations",
            sql: """
                CREATE TABLE substance_declarations (
                    subject TEXT NOT NULL, organisation_id TEXT NOT NULL, declaration TEXT NOT NULL, format TEXT NOT NULL,
                    received_at INTEGER NOT NULL, PRIMARY KEY (subject, organisation_id)
                );
                """)
    }

    public func storeDeclarations(_ declarations: [StoredDeclaration]) async throws {
        try await pool.write { db in
            for d in declarations {
                try db.execute(
                    sql: """
                        INSERT INTO substance_declarations (subject, organisation_id, declaration, format, received_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (subject, organisation_id) DO UPDATE SET
                            declaration = excluded.declaration, format = excluded.format, received_at = excluded.received_at
                        """,
                    arguments: [d.subject, d.organisationID, d.declaration, d.format, d.receivedAt])
            }
            try db.execute(sql: "UPDATE substance_revision SET revision = revision + 1 WHERE id = 1")
        }
    }

    public func substancesRevision() async throws -> Int64 {
        try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT revision FROM substance_revision WHERE id = 1") ?? 0 }
    }

    public func declarations(subjects: [String]) async throws -> [StoredDeclaration] {
        try await pool.read { db in
            var found: [StoredDeclaration] = []
            // In chunks under SQLite's bound on parameters.
            for start in stride(from: 0, to: subjects.count, by: 500) {
                let chunk = Array(subjects[start..<min(start + 500, subjects.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                found += try Row.fetchAll(
                    db, sql: "SELECT * FROM substance_declarations WHERE subject IN (\(marks)) ORDER BY subject, organisation_id",
                    arguments: StatementArguments(chunk)
                ).map { r in
                    StoredDeclaration(
                        subject: r["subject"], organisationID: r["organisation_id"], declaration: r["declaration"], format: r["format"],
                        receivedAt: r["received_at"])
                }
            }
            return found
        }
    }
}
