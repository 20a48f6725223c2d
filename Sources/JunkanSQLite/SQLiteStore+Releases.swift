import Foundation
import GRDB
import JunkanLedger
public import JunkanStore

extension SQLiteStore: ReleaseRecordStore {
    /// v23: what this node released to which peer (issue 27, item 6). `seq` is the record's leaf in `tlog_leaves`.
    static func registerReleaseRecordsMigration(_ m: inout DatabaseMigrator) {
        m.registerSQL(
            "v23: release records",
            sql: """
                CREATE TABLE release_records (
                    seq INTEGER PRIMARY KEY, released_at INTEGER NOT NULL, requester TEXT NOT NULL, organisations TEXT NOT NULL,
                    event_hashes TEXT NOT NULL
                )
                """)
    }

    public func recordRelease(_ record: ReleaseRecord) async throws -> UInt64 {
        let leaf = try record.leaf.bytes
        return try await pool.write { db in
            // The next leaf number from the state row a capture advances (v16), in this write transaction: a release
            // record is sequenced between captures, in commit order, as they are.
            guard let seq = try Int64.fetchOne(db, sql: "SELECT next_seq FROM tlog_state WHERE id = 1") else {
                throw DatabaseError(message: "the log's sequence state row (tlog_state, migration v16) is missing: run junkan verify")
            }
            try db.execute(
                sql: "INSERT INTO tlog_leaves (seq, event_hash, leaf) VALUES (?, ?, ?)",
                arguments: [seq, ReleaseRecord.leafKey(index: UInt64(seq - 1)), Data(leaf)])
            try db.execute(
                sql: "INSERT INTO release_records (seq, released_at, requester, organisations, event_hashes) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    seq, record.releasedAt, record.requester, ReleaseRecord.joined(record.organisations), ReleaseRecord.joined(record.eventHashes)
                ])
            try db.execute(sql: "UPDATE tlog_state SET next_seq = ? WHERE id = 1", arguments: [seq + 1])
            return UInt64(seq - 1)
        }
    }

    public func releaseRecords(from: UInt64, limit: Int) async throws -> [ReleaseRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM release_records WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [Int64(clamping: from), limit]
            )
            .map { r in
                ReleaseRecord(
                    leafIndex: UInt64((r["seq"] as Int64) - 1), releasedAt: r["released_at"], requester: r["requester"],
                    organisations: ReleaseRecord.split(r["organisations"]), eventHashes: ReleaseRecord.split(r["event_hashes"]))
            }
        }
    }
}
