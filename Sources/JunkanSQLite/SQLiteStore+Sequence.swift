import GRDB

extension SQLiteStore {
    /// v16: the next leaf number is kept in one state row that a capture reads and advances inside its own write
    /// transaction (Tessera's PostgreSQL pattern, issue 26 item 4), rather than worked out as `MAX(seq) + 1`. SQLite has
    /// one writer at a time, so the two agree here; the row is what makes the order of leaves the order of commits on a
    /// server with concurrent writers, and both backends now keep the same promise the same way.
    static func registerSequenceStateMigration(_ m: inout DatabaseMigrator) {
        m.registerSQL(
            "v16: the log's sequence state",
            sql: """
                CREATE TABLE tlog_state (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    next_seq INTEGER NOT NULL
                );
                INSERT INTO tlog_state (id, next_seq) SELECT 1, COALESCE(MAX(seq), 0) + 1 FROM tlog_leaves;
                """)
    }
}
