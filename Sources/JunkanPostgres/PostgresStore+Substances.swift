public import JunkanStore
import PostgresNIO

extension PostgresStore: SubstanceStore {
    public func storeDeclarations(_ declarations: [StoredDeclaration]) async throws {
        try await transaction { connection in
            for d in declarations {
                try await connection.query(
                    """
                    INSERT INTO substance_declarations (subject, organisation_id, declaration, format, received_at)
                    VALUES (\(d.subject), \(d.organisationID), \(d.declaration), \(d.format), \(d.receivedAt))
                    ON CONFLICT (subject, organisation_id) DO UPDATE SET
                        declaration = excluded.declaration, format = excluded.format, received_at = excluded.received_at
                    """, logger: logger)
            }
            try await connection.query("UPDATE substance_revision SET revision = revision + 1 WHERE id = 1", logger: logger)
        }
    }

    public func substancesRevision() async throws -> Int64 {
        try await rows("SELECT revision FROM substance_revision WHERE id = 1").first?.get("revision") ?? 0
    }

    public func declarations(subjects: [String]) async throws -> [StoredDeclaration] {
        guard !subjects.isEmpty else { return [] }
        return try await rows(
            "SELECT * FROM substance_declarations WHERE subject = ANY(\(subjects)::text[]) ORDER BY subject COLLATE \"C\", organisation_id COLLATE \"C\""
        ).map { r in
            StoredDeclaration(
                subject: try r.get("subject"), organisationID: try r.get("organisation_id"), declaration: try r.get("declaration"),
                format: try r.get("format"), receivedAt: try r.get("received_at"))
        }
    }
}
