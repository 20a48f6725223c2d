import GRDB

extension DatabaseMigrator {
    /// A named, append-only migration that runs one SQL script (most of the store's schema steps).
    mutating func registerSQL(_ name: String, sql: String) {
        registerMigration(name) { db in try db.execute(sql: sql) }
    }
}
