public import JunkanStore
import Logging
import PostgresNIO

extension PostgresStore: MaterialStore {
    public func putMaterials(_ records: [MaterialRecord], mode: MaterialWriteMode) async throws -> MaterialWriteSummary {
        let logger = self.logger
        return try await transaction { connection in
            // Material writes are serialised by the revision row, as SQLite's one writer serialises them.
            try await connection.query("SELECT revision FROM material_revision WHERE id = 1 FOR UPDATE", logger: logger)
            var outcomes: [MaterialWriteError?] = []
            var created = 0, replaced = 0
            for r in records {
                let stored = try await connection.rows(
                    "SELECT owner, grade FROM material_records WHERE kind = \(r.kind.rawValue) AND id = \(r.id)", logger: logger
                ).first
                let owner: String? = try stored?.get("owner")
                let failure = mode.refusal(of: r, storedOwner: owner)
                if let failure { outcomes.append(failure); continue }
                if let grade = r.grade {
                    let withdrawn = try await connection.rows(
                        "SELECT withdrawn FROM material_records WHERE kind = 'grade' AND id = \(grade)", logger: logger
                    ).first?.get("withdrawn", as: Bool.self)
                    guard let withdrawn else {
                        outcomes.append(.gradeMissing(grade))
                        continue
                    }
                    // A lot that already named the withdrawn grade keeps it; no other lot takes it up.
                    if withdrawn, try stored?.get("grade", as: String?.self) != grade {
                        outcomes.append(.gradeWithdrawn(grade))
                        continue
                    }
                }
                try await connection.query(
                    """
                    INSERT INTO material_records (kind, id, owner, grade, json, updated_at)
                    VALUES (\(r.kind.rawValue), \(r.id), \(r.owner), \(r.grade), \(r.json), \(r.updatedAt))
                    ON CONFLICT (kind, id) DO UPDATE SET grade = excluded.grade, json = excluded.json, updated_at = excluded.updated_at,
                        withdrawn = FALSE
                    """, logger: logger)
                if owner == nil { created += 1 } else { replaced += 1 }
                outcomes.append(nil)
            }
            let revision = try await Self.bumpMaterialsRevision(connection, changed: created + replaced > 0, logger: logger)
            return MaterialWriteSummary(outcomes: outcomes, created: created, replaced: replaced, revision: revision)
        }
    }

    static func bumpMaterialsRevision(_ connection: PostgresConnection, changed: Bool, logger: Logger) async throws -> Int64 {
        let sql: PostgresQuery =
            changed
            ? "UPDATE material_revision SET revision = revision + 1 WHERE id = 1 RETURNING revision"
            : "SELECT revision FROM material_revision WHERE id = 1"
        return try await connection.rows(sql, logger: logger).first?.get("revision") ?? 0
    }

    public func material(_ kind: MaterialRecord.Kind, id: String) async throws -> MaterialRecord? {
        try await rows("SELECT * FROM material_records WHERE kind = \(kind.rawValue) AND id = \(id)").first.map(Self.material)
    }

    public func materials(_ kind: MaterialRecord.Kind) async throws -> [MaterialRecord] {
        try await rows("SELECT * FROM material_records WHERE kind = \(kind.rawValue) ORDER BY id COLLATE \"C\"").map(Self.material)
    }

    public func materials(_ kind: MaterialRecord.Kind, ids: [String]) async throws -> [String: MaterialRecord] {
        guard !ids.isEmpty else { return [:] }
        var found: [String: MaterialRecord] = [:]
        for row in try await rows("SELECT * FROM material_records WHERE kind = \(kind.rawValue) AND id = ANY(\(ids)::text[])") {
            let r = try Self.material(row)
            found[r.id] = r
        }
        return found
    }

    static func material(_ row: PostgresRandomAccessRow) throws -> MaterialRecord {
        MaterialRecord(
            kind: MaterialRecord.Kind(rawValue: try row.get("kind")) ?? .grade, id: try row.get("id"), owner: try row.get("owner"),
            grade: try row.get("grade"), json: try row.get("json"), updatedAt: try row.get("updated_at"), withdrawn: try row.get("withdrawn"))
    }

    public func deleteMaterial(_ kind: MaterialRecord.Kind, id: String, owner: String) async throws -> MaterialDeletion {
        let logger = self.logger
        return try await transaction { connection in
            try await connection.query("SELECT revision FROM material_revision WHERE id = 1 FOR UPDATE", logger: logger)
            guard
                let stored = try await connection.rows(
                    "SELECT owner FROM material_records WHERE kind = \(kind.rawValue) AND id = \(id)", logger: logger
                ).first?.get("owner", as: String.self)
            else { throw MaterialWriteError.notFound(id) }
            guard stored == owner else { throw MaterialWriteError.notOwner(id: id, owner: stored) }
            if kind == .grade {
                let own: Int64 = try await connection.rows(
                    "SELECT COUNT(*) AS n FROM material_records WHERE kind = 'lot' AND grade = \(id) AND owner = \(owner)", logger: logger
                )[0].get("n")
                if own > 0 { throw MaterialWriteError.gradeInUse(id: id, lots: Int(own)) }
                let others: Int64 = try await connection.rows(
                    "SELECT COUNT(*) AS n FROM material_records WHERE kind = 'lot' AND grade = \(id)", logger: logger)[0].get("n")
                if others > 0 {
                    try await connection.query("UPDATE material_records SET withdrawn = TRUE WHERE kind = 'grade' AND id = \(id)", logger: logger)
                    return MaterialDeletion(revision: try await Self.bumpMaterialsRevision(connection, changed: true, logger: logger), withdrawn: true)
                }
            }
            try await connection.query("DELETE FROM material_records WHERE kind = \(kind.rawValue) AND id = \(id)", logger: logger)
            return MaterialDeletion(revision: try await Self.bumpMaterialsRevision(connection, changed: true, logger: logger), withdrawn: false)
        }
    }

    public func materialsRevision() async throws -> Int64 {
        try await rows("SELECT revision FROM material_revision WHERE id = 1").first?.get("revision") ?? 0
    }

    /// In one REPEATABLE READ transaction (one snapshot), the lots streamed row by row as the server sends them.
    public func materialSnapshot<State: Sendable>(
        start: @escaping @Sendable (_ grades: [MaterialRecord], _ lotCount: Int) throws -> State,
        add: @escaping @Sendable (inout State, MaterialRecord) throws -> Void
    ) async throws -> (revision: Int64, state: State) {
        let logger = self.logger
        return try await transaction { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            let revision: Int64 = try await connection.rows("SELECT revision FROM material_revision WHERE id = 1", logger: logger).first?.get("revision") ?? 0
            let grades = try await connection.rows("SELECT * FROM material_records WHERE kind = 'grade' ORDER BY id COLLATE \"C\"", logger: logger)
                .map(Self.material)
            let lotCount: Int64 = try await connection.rows("SELECT COUNT(*) AS n FROM material_records WHERE kind = 'lot'", logger: logger)[0].get("n")
            var state = try start(grades, Int(lotCount))
            for try await row in try await connection.query("SELECT * FROM material_records WHERE kind = 'lot' ORDER BY id COLLATE \"C\"", logger: logger) {
                try add(&state, Self.material(row.makeRandomAccess()))
            }
            return (revision, state)
        }
    }
}
