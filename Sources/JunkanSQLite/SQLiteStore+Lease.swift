import GRDB
public import JunkanStore

extension SQLiteStore {
    /// v17: who integrates the log, and until when (`LedgerStore.takeIntegrationLease`).
    static func registerIntegrationLeaseMigration(_ m: inout DatabaseMigrator) {
        m.registerSQL(
            "v17: the integration lease",
            sql: """
                CREATE TABLE tlog_lease (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    holder TEXT NOT NULL,
                    expires_at INTEGER NOT NULL       -- ms since epoch
                );
                """)
    }

    public func takeIntegrationLease(holder: String, now: Int64, duration: Int64) async throws -> Bool {
        try await pool.write { db in
            // One statement: the check and the take cannot be split by another process's take.
            try db.execute(
                sql: """
                    INSERT INTO tlog_lease (id, holder, expires_at) VALUES (1, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                    WHERE tlog_lease.holder = excluded.holder OR tlog_lease.expires_at <= ?
                    """, arguments: [holder, now + duration, now])
            return db.changesCount == 1
        }
    }
}
