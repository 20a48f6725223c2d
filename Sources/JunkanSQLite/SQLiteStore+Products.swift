import GRDB
public import JunkanStore

extension SQLiteStore: ProductStore {
    static func registerProductsMigration(_ m: inout DatabaseMigrator) {
        m.registerSQL(
            "v7: product classes and authorities",
            sql: """
                CREATE TABLE products (gtin TEXT PRIMARY KEY, owner TEXT NOT NULL, json TEXT NOT NULL, updated_at INTEGER NOT NULL);
                CREATE TABLE product_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision INTEGER NOT NULL);
                INSERT INTO product_revision VALUES (1, 0);
                CREATE TABLE authorities (organisation_id TEXT PRIMARY KEY);
                """)
    }

    public func putProduct(_ r: ProductRecord) async throws -> ProductWriteOutcome {
        try await pool.write { db in
            let owner = try String.fetchOne(db, sql: "SELECT owner FROM products WHERE gtin = ?", arguments: [r.gtin])
            if let owner, owner != r.owner { return .notOwner(owner: owner) }
            try db.execute(
                sql: """
                    INSERT INTO products (gtin, owner, json, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (gtin) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at
                    """, arguments: [r.gtin, r.owner, r.json, r.updatedAt])
            try db.execute(sql: "UPDATE product_revision SET revision = revision + 1 WHERE id = 1")
            return owner == nil ? .created : .replaced
        }
    }

    public func product(gtin: String) async throws -> ProductRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM products WHERE gtin = ?", arguments: [gtin]).map {
                ProductRecord(gtin: $0["gtin"], owner: $0["owner"], json: $0["json"], updatedAt: $0["updated_at"])
            }
        }
    }

    public func productsRevision() async throws -> Int64 {
        try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT revision FROM product_revision WHERE id = 1") ?? 0 }
    }

    public func addAuthority(organisationID: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO authorities (organisation_id) VALUES (?)", arguments: [organisationID])
            try db.execute(sql: "UPDATE product_revision SET revision = revision + 1 WHERE id = 1")
        }
    }

    /// v15 (issue 25, item 2): an organisation may choose not to be named on the passports of others' products.
    static func registerPassportNamingMigration(_ m: inout DatabaseMigrator) {
        m.registerSQL(
            "v15: organisations not named on passports",
            sql: "CREATE TABLE unnamed_on_passports (organisation_id TEXT PRIMARY KEY REFERENCES organisations(id))")
    }

    public func setNamedOnPassports(organisationID: String, _ named: Bool) async throws {
        try await pool.write { db in
            try db.execute(
                sql: named
                    ? "DELETE FROM unnamed_on_passports WHERE organisation_id = ?"
                    : "INSERT OR IGNORE INTO unnamed_on_passports (organisation_id) VALUES (?)",
                arguments: [organisationID])
            try db.execute(sql: "UPDATE product_revision SET revision = revision + 1 WHERE id = 1")
        }
    }

    public func organisationsNotNamedOnPassports() async throws -> Set<String> {
        try await pool.read { db in Set(try String.fetchAll(db, sql: "SELECT organisation_id FROM unnamed_on_passports")) }
    }

    public func isAuthority(organisationID: String) async throws -> Bool {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT 1 FROM authorities WHERE organisation_id = ?", arguments: [organisationID]) != nil
        }
    }
}
