import GRDB
public import JunkanCore
public import JunkanStore

extension SQLiteStore: MasterDataStore {
    /// v29: EPCIS master data per organisation (issue 29, item 6).
    static func registerMasterDataMigration(_ m: inout DatabaseMigrator) {
        m.registerSQL(
            "v29: EPCIS master data",
            sql: """
                CREATE TABLE master_data (
                    vtype TEXT NOT NULL, element_id TEXT NOT NULL, organisation_id TEXT NOT NULL,
                    attributes TEXT NOT NULL, children TEXT NOT NULL, updated_at INTEGER NOT NULL,
                    PRIMARY KEY (vtype, element_id, organisation_id)
                );
                CREATE INDEX master_data_by_element ON master_data(element_id);
                """)
    }

    /// Each element replaces what the organisation declared of it, in the caller's transaction.
    static func write(_ d: MasterDataDeclaration, _ db: Database) throws {
        guard !d.elements.isEmpty else { return }
        for e in d.elements {
            try db.execute(
                sql: """
                    INSERT INTO master_data (vtype, element_id, organisation_id, attributes, children, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (vtype, element_id, organisation_id)
                    DO UPDATE SET attributes = excluded.attributes, children = excluded.children, updated_at = excluded.updated_at
                    """,
                arguments: [e.type, e.id, d.organisationID, JSONWriter.string(e.attributesJSON), JSONWriter.string(e.childrenJSON), d.at])
        }
        // Passports show site names and addresses: the cached ones are stale now.
        try db.execute(sql: "UPDATE product_revision SET revision = revision + 1 WHERE id = 1")
    }

    public func masterData(ids: [String]) async throws -> [StoredVocabularyElement] {
        guard !ids.isEmpty else { return [] }
        return try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM master_data WHERE element_id IN (\(databaseQuestionMarks(count: ids.count))) ORDER BY vtype, element_id, updated_at",
                arguments: StatementArguments(ids)
            ).map(Self.storedElement)
        }
    }

    public func masterData(type: String) async throws -> [StoredVocabularyElement] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM master_data WHERE vtype = ? ORDER BY element_id, updated_at", arguments: [type]).map(Self.storedElement)
        }
    }

    static func storedElement(_ r: Row) throws -> StoredVocabularyElement {
        StoredVocabularyElement(
            element: try VocabularyElement(type: r["vtype"], id: r["element_id"], attributesText: r["attributes"], childrenText: r["children"]),
            organisationID: r["organisation_id"], updatedAt: r["updated_at"])
    }
}
