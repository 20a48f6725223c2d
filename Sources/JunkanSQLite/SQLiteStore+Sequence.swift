import GRDB

extension SQLiteStore {
    /// v16: the next leaf number is kept in one state row that a capture reads and advances inside its own write
    /// transaction (Tessera's PostgreSQL pattern, issue 26 item 4), rather than worked out as `MAX(seq) + 1`. SQLite has
    /// one writer at a time, so the two agree here; the row is what makes the order of leaves the order of commits on a
    /// server with concurrent writers, and both backends now keep the same promise the same way. The row also holds the
    /// latest recordTime committed: no event is committed with an earlier one (`EventRecord.restamped`), so recordTime
    /// order is commit order and a reader paging by it never skips an event committed late.
    static func registerSequenceStateMigration(_ m: inout DatabaseMigrator) {
        m.registerSQL(
            "v16: the log's sequence state",
            sql: """
                CREATE TABLE tlog_state (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    next_seq INTEGER NOT NULL,
                    last_record_time INTEGER NOT NULL
                );
                INSERT INTO tlog_state (id, next_seq, last_record_time)
                    SELECT 1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM tlog_leaves), (SELECT COALESCE(MAX(record_time), 0) FROM events);
                """)
    }
}
