import GRDB
public import JunkanStore

extension SQLiteStore: NamedQueryStore {
    /// v27: named EPCIS queries (issue 29, item 1).
    static func registerNamedQueriesMigration(_ m: inout DatabaseMigrator) {
        m.registerSQL(
            "v27: named EPCIS queries",
            sql: """
                CREATE TABLE named_queries (
                    name TEXT PRIMARY KEY, query TEXT NOT NULL, organisation_id TEXT NOT NULL, created_at INTEGER NOT NULL
                );
                """)
    }

    public func addNamedQuery(_ q: NamedQuery) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO named_queries (name, query, organisation_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(name) DO NOTHING",
                arguments: [q.name, q.query, q.organisationID, q.createdAt])
            return db.changesCount == 1
        }
    }

    public func namedQuery(name: String) async throws -> NamedQuery? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM named_queries WHERE name = ?", arguments: [name]).map(Self.namedQuery) }
    }

    public func namedQueries(after: String?, limit: Int) async throws -> [NamedQuery] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM named_queries WHERE name > ? ORDER BY name LIMIT ?", arguments: [after ?? "", limit])
                .map(Self.namedQuery)
        }
    }

    public func removeNamedQuery(name: String) async throws -> Bool {
        try await pool.write { db in
            // Deleting a query unsubscribes its subscribers (EPCIS 2.0 REST binding, DELETE /queries/{name}).
            try db.execute(sql: "DELETE FROM subscriptions WHERE query_name = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM named_queries WHERE name = ?", arguments: [name])
            return db.changesCount == 1
        }
    }

    static func namedQuery(_ r: Row) -> NamedQuery {
        NamedQuery(name: r["name"], query: r["query"], organisationID: r["organisation_id"], createdAt: r["created_at"])
    }
}
