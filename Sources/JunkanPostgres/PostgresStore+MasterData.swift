public import JunkanCore
public import JunkanStore
import Logging
import PostgresNIO

extension PostgresStore: MasterDataStore {
    /// Each element replaces what the organisation declared of it, in the caller's transaction.
    static func write(_ d: MasterDataDeclaration, _ connection: PostgresConnection, logger: Logger) async throws {
        guard !d.elements.isEmpty else { return }
        for e in d.elements {
            try await connection.query(
                """
                INSERT INTO master_data (vtype, element_id, organisation_id, attributes, children, updated_at)
                VALUES (\(e.type), \(e.id), \(d.organisationID), \(JSONWriter.string(e.attributesJSON)), \(JSONWriter.string(e.childrenJSON)), \(d.at))
                ON CONFLICT (vtype, element_id, organisation_id)
                DO UPDATE SET attributes = EXCLUDED.attributes, children = EXCLUDED.children, updated_at = EXCLUDED.updated_at
                """, logger: logger)
        }
        // Passports show site names and addresses: the cached ones are stale now.
        try await connection.query("UPDATE product_revision SET revision = revision + 1 WHERE id = 1", logger: logger)
    }

    public func masterData(ids: [String]) async throws -> [StoredVocabularyElement] {
        guard !ids.isEmpty else { return [] }
        return try await rows(
            "SELECT * FROM master_data WHERE element_id = ANY(\(ids)) ORDER BY vtype COLLATE \"C\", element_id COLLATE \"C\", updated_at"
        ).map(Self.storedElement)
    }

    public func masterData(type: String) async throws -> [StoredVocabularyElement] {
        try await rows("SELECT * FROM master_data WHERE vtype = \(type) ORDER BY element_id COLLATE \"C\", updated_at").map(Self.storedElement)
    }

    static func storedElement(_ r: PostgresRandomAccessRow) throws -> StoredVocabularyElement {
        StoredVocabularyElement(
            element: try VocabularyElement(
                type: try r.get("vtype"), id: try r.get("element_id"), attributesText: try r.get("attributes"), childrenText: try r.get("children")),
            organisationID: try r.get("organisation_id"), updatedAt: try r.get("updated_at"))
    }
}
