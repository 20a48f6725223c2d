import GRDB
import JunkanCore
import JunkanStore

/// The layout a capture writes, chosen so each stored event costs as few B-tree insertions at random
/// places as the queries allow. Python's sqlite3 inserting the same 40,000 captured events (WAL,
/// synchronous=FULL, 10,000 a transaction, 2 shared cores) stored 12,700–13,800 events/s with v1's layout
/// and 21,500 with this one and the writer's 64 MiB cache. Every query keeps its index.
///
/// - `event_identifiers` is keyed by what MATCH_* looks up, `(id, role, event_row)`, without a rowid:
///   one B-tree per identifier instead of a rowid table, an `(id, role)` index and an `event_row` index.
/// - The identifiers of an event are read back from `events.identifiers` (JSON `[[role, id], …]`), so no
///   index by `event_row` is needed, and reading a page of events no longer costs a lookup per event.
/// - `tlog_leaves` loses its own UNIQUE index on the event hash, a second copy of `events`' one: an event's
///   leaf is found through `events.leaf_seq`, and `events.event_hash` stays unique, so a hash still has at
///   most one leaf.
extension SQLiteStore {
    static func registerCaptureLayoutMigration(_ m: inout DatabaseMigrator) {
        m.registerMigration("v8: identifiers keyed by id, events carry their identifiers and leaf") { db in
            try db.execute(
                sql: """
                    ALTER TABLE events ADD COLUMN identifiers TEXT NOT NULL DEFAULT '[]';
                    ALTER TABLE events ADD COLUMN leaf_seq INTEGER;
                    UPDATE events SET leaf_seq = (SELECT seq FROM tlog_leaves WHERE tlog_leaves.event_hash = events.event_hash);
                    CREATE TABLE event_identifiers_v8 (
                        id TEXT NOT NULL,
                        role TEXT NOT NULL,
                        event_row INTEGER NOT NULL REFERENCES events(row),
                        PRIMARY KEY (id, role, event_row)
                    ) WITHOUT ROWID;
                    INSERT OR IGNORE INTO event_identifiers_v8 (id, role, event_row) SELECT id, role, event_row FROM event_identifiers;
                    CREATE TABLE tlog_leaves_v8 (
                        seq INTEGER PRIMARY KEY,          -- leaf index + 1: rowids count from 1, never reused (no deletes)
                        event_hash TEXT NOT NULL,         -- unique through events.event_hash (events.leaf_seq points here)
                        leaf BLOB NOT NULL
                    );
                    INSERT INTO tlog_leaves_v8 (seq, event_hash, leaf) SELECT seq, event_hash, leaf FROM tlog_leaves;
                    """)
            // The identifiers column, in the order each event's rows were written (the order capture gave them).
            let rows = try Row.fetchCursor(db, sql: "SELECT event_row, role, id FROM event_identifiers ORDER BY event_row, rowid")
            var current: Int64? = nil
            var pairs: [EventIdentifier] = []
            let update = try db.makeStatement(sql: "UPDATE events SET identifiers = ? WHERE row = ?")
            func flush() throws {
                if let current { try update.execute(arguments: [StoredColumns.identifiers(pairs), current]) }
                pairs.removeAll(keepingCapacity: true)
            }
            while let r = try rows.next() {
                let row: Int64 = r["event_row"]
                if row != current { try flush(); current = row }
                if let role = EPCISEvent.IdentifierRole(rawValue: r["role"]) { pairs.append(EventIdentifier(role: role, id: r["id"])) }
            }
            try flush()
            try db.execute(
                sql: """
                    DROP TABLE event_identifiers;
                    ALTER TABLE event_identifiers_v8 RENAME TO event_identifiers;
                    DROP TABLE tlog_leaves;
                    ALTER TABLE tlog_leaves_v8 RENAME TO tlog_leaves;
                    """)
        }
    }
}
