public import JunkanStore
import PostgresNIO

extension PostgresStore: NamedQueryStore {
    public func addNamedQuery(_ q: NamedQuery) async throws -> Bool {
        !(try await rows(
            """
            INSERT INTO named_queries (name, query, organisation_id, created_at) VALUES (\(q.name), \(q.query), \(q.organisationID), \(q.createdAt))
            ON CONFLICT (name) DO NOTHING RETURNING name
            """
        ).isEmpty)
    }

    public func namedQuery(name: String) async throws -> NamedQuery? {
        try await rows("SELECT * FROM named_queries WHERE name = \(name)").first.map(Self.namedQuery)
    }

    public func namedQueries(after: String?, limit: Int) async throws -> [NamedQuery] {
        try await rows(
            "SELECT * FROM named_queries WHERE name > \(after ?? "") COLLATE \"C\" ORDER BY name COLLATE \"C\" LIMIT \(Int64(limit))"
        ).map(Self.namedQuery)
    }

    public func removeNamedQuery(name: String) async throws -> Bool {
        // Deleting a query unsubscribes its subscribers (the foreign key cascades).
        !(try await rows("DELETE FROM named_queries WHERE name = \(name) RETURNING name").isEmpty)
    }

    static func namedQuery(_ r: PostgresRandomAccessRow) throws -> NamedQuery {
        NamedQuery(name: try r.get("name"), query: try r.get("query"), organisationID: try r.get("organisation_id"), createdAt: try r.get("created_at"))
    }
}
