import GRDB
public import JunkanStore

extension SQLiteStore: MaterialStore {
    static func registerMaterialsMigration(_ m: inout DatabaseMigrator) {
        m.registerSQL(
            "v6: materials bank",
            sql: """
                CREATE TABLE material_records (
                    kind TEXT NOT NULL, id TEXT NOT NULL, owner TEXT NOT NULL, grade TEXT, json TEXT NOT NULL, updated_at INTEGER NOT NULL,
                    PRIMARY KEY (kind, id)
                );
                CREATE INDEX material_records_grade ON material_records (grade) WHERE kind = 'lot';
                -- Raised by every write transaction: readers holding an index in memory compare it to know whether to reload.
                CREATE TABLE material_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision INTEGER NOT NULL);
                INSERT INTO material_revision VALUES (1, 0);
                """)
    }

    /// Issue 25: a grade its owner withdrew stays for the lots of others that name it.
    static func registerWithdrawnGradesMigration(_ m: inout DatabaseMigrator) {
        m.registerSQL("v9: withdrawn grades", sql: "ALTER TABLE material_records ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0")
    }

    public func putMaterials(_ records: [MaterialRecord], mode: MaterialWriteMode) async throws -> MaterialWriteSummary {
        try await pool.write { db in
            var outcomes: [MaterialWriteError?] = []
            var created = 0, replaced = 0
            for r in records {
                let owner = try String.fetchOne(db, sql: "SELECT owner FROM material_records WHERE kind = ? AND id = ?", arguments: [r.kind.rawValue, r.id])
                let failure = mode.refusal(of: r, storedOwner: owner)
                if let failure { outcomes.append(failure); continue }
                if let grade = r.grade {
                    let withdrawn = try Bool.fetchOne(
                        db, sql: "SELECT withdrawn FROM material_records WHERE kind = 'grade' AND id = ?", arguments: [grade])
                    guard let withdrawn else {
                        outcomes.append(.gradeMissing(grade))
                        continue
                    }
                    // A lot that already named the withdrawn grade keeps it; no other lot takes it up.
                    if withdrawn,
                        try String.fetchOne(db, sql: "SELECT grade FROM material_records WHERE kind = ? AND id = ?", arguments: [r.kind.rawValue, r.id])
                            != grade
                    {
                        outcomes.append(.gradeWithdrawn(grade))
                        continue
                    }
                }
                try db.execute(
                    sql: """
                        INSERT INTO material_records (kind, id, owner, grade, json, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (kind, id) DO UPDATE SET grade = excluded.grade, json = excluded.json, updated_at = excluded.updated_at,
                            withdrawn = 0
                        """, arguments: [r.kind.rawValue, r.id, r.owner, r.grade, r.json, r.updatedAt])
                if owner == nil { created += 1 } else { replaced += 1 }
                outcomes.append(nil)
            }
            let revision = try Self.bumpMaterialsRevision(db, changed: created + replaced > 0)
            return MaterialWriteSummary(outcomes: outcomes, created: created, replaced: replaced, revision: revision)
        }
    }

    static func bumpMaterialsRevision(_ db: Database, changed: Bool) throws -> Int64 {
        if changed { try db.execute(sql: "UPDATE material_revision SET revision = revision + 1 WHERE id = 1") }
        return try Int64.fetchOne(db, sql: "SELECT revision FROM material_revision WHERE id = 1") ?? 0
    }

    public func material(_ kind: MaterialRecord.Kind, id: String) async throws -> MaterialRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM material_records WHERE kind = ? AND id = ?", arguments: [kind.rawValue, id]).map(Self.record)
        }
    }

    public func materials(_ kind: MaterialRecord.Kind) async throws -> [MaterialRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM material_records WHERE kind = ? ORDER BY id", arguments: [kind.rawValue]).map(Self.record)
        }
    }

    public func materials(_ kind: MaterialRecord.Kind, ids: [String]) async throws -> [String: MaterialRecord] {
        try await pool.read { db in
            var found: [String: MaterialRecord] = [:]
            // In slices well under SQLite's limit on bound parameters.
            for start in stride(from: 0, to: ids.count, by: 500) {
                let slice = Array(ids[start..<min(start + 500, ids.count)])
                let marks = Array(repeating: "?", count: slice.count).joined(separator: ",")
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT * FROM material_records WHERE kind = ? AND id IN (\(marks))",
                    arguments: StatementArguments([kind.rawValue] + slice))
                while let row = try rows.next() {
                    let r = Self.record(row)
                    found[r.id] = r
                }
            }
            return found
        }
    }

    static func record(_ row: Row) -> MaterialRecord {
        MaterialRecord(
            kind: MaterialRecord.Kind(rawValue: row["kind"]) ?? .grade, id: row["id"], owner: row["owner"], grade: row["grade"],
            json: row["json"], updatedAt: row["updated_at"], withdrawn: row["withdrawn"])
    }

    public func deleteMaterial(_ kind: MaterialRecord.Kind, id: String, owner: String) async throws -> MaterialDeletion {
        try await pool.write { db in
            guard
                let stored = try String.fetchOne(
                    db, sql: "SELECT owner FROM material_records WHERE kind = ? AND id = ?",
                    arguments: [kind.rawValue, id])
            else { throw MaterialWriteError.notFound(id) }
            guard stored == owner else { throw MaterialWriteError.notOwner(id: id, owner: stored) }
            if kind == .grade {
                let own =
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM material_records WHERE kind = 'lot' AND grade = ? AND owner = ?", arguments: [id, owner]) ?? 0
                if own > 0 { throw MaterialWriteError.gradeInUse(id: id, lots: own) }
                let others = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM material_records WHERE kind = 'lot' AND grade = ?", arguments: [id]) ?? 0
                if others > 0 {
                    try db.execute(sql: "UPDATE material_records SET withdrawn = 1 WHERE kind = 'grade' AND id = ?", arguments: [id])
                    return MaterialDeletion(revision: try Self.bumpMaterialsRevision(db, changed: true), withdrawn: true)
                }
            }
            try db.execute(sql: "DELETE FROM material_records WHERE kind = ? AND id = ?", arguments: [kind.rawValue, id])
            return MaterialDeletion(revision: try Self.bumpMaterialsRevision(db, changed: true), withdrawn: false)
        }
    }

    public func materialsRevision() async throws -> Int64 {
        try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT revision FROM material_revision WHERE id = 1") ?? 0 }
    }

    public func materialSnapshot<State: Sendable>(
        start: @escaping @Sendable (_ grades: [MaterialRecord], _ lotCount: Int) throws -> State,
        add: @escaping @Sendable (inout State, MaterialRecord) throws -> Void
    ) async throws -> (revision: Int64, state: State) {
        try await pool.read { db in
            let revision = try Int64.fetchOne(db, sql: "SELECT revision FROM material_revision WHERE id = 1") ?? 0
            let grades = try Row.fetchAll(db, sql: "SELECT * FROM material_records WHERE kind = 'grade' ORDER BY id").map(Self.record)
            let lotCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM material_records WHERE kind = 'lot'") ?? 0
            var state = try start(grades, lotCount)
            let lots = try Row.fetchCursor(db, sql: "SELECT * FROM material_records WHERE kind = 'lot' ORDER BY id")
            while let row = try lots.next() { try add(&state, Self.record(row)) }
            return (revision, state)
        }
    }
}
