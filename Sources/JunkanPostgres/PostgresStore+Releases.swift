import JunkanLedger
public import JunkanStore
import NIOCore
import PostgresNIO

extension PostgresStore: ReleaseRecordStore {
    public func recordRelease(_ record: ReleaseRecord) async throws -> UInt64 {
        let leaf = ByteBuffer(try record.leaf.bytes)
        return try await transaction { connection in
            // The state row every capture takes FOR UPDATE: a release record's leaf is numbered in commit order among
            // theirs, whichever process writes it.
            guard let state = try await connection.rows("SELECT next_seq FROM junkan_state WHERE id = 1 FOR UPDATE", logger: logger).first else {
                throw PostgresStoreError.missingState("sequence state row (junkan_state)")
            }
            let seq: Int64 = try state.get("next_seq")
            let key = ReleaseRecord.leafKey(index: UInt64(seq - 1))
            try await connection.query("INSERT INTO tlog_leaves (seq, event_hash, leaf) VALUES (\(seq), \(key), \(leaf))", logger: logger)
            let organisations = ReleaseRecord.joined(record.organisations)
            let hashes = ReleaseRecord.joined(record.eventHashes)
            try await connection.query(
                """
                INSERT INTO release_records (seq, released_at, requester, organisations, event_hashes)
                VALUES (\(seq), \(record.releasedAt), \(record.requester), \(organisations), \(hashes))
                """, logger: logger)
            try await connection.query("UPDATE junkan_state SET next_seq = \(seq + 1) WHERE id = 1", logger: logger)
            return UInt64(seq - 1)
        }
    }

    public func releaseRecords(from: UInt64, limit: Int) async throws -> [ReleaseRecord] {
        try await rows("SELECT * FROM release_records WHERE seq > \(Int64(clamping: from)) ORDER BY seq LIMIT \(limit)").map { r in
            ReleaseRecord(
                leafIndex: UInt64(try r.get("seq", as: Int64.self) - 1), releasedAt: try r.get("released_at"), requester: try r.get("requester"),
                organisations: ReleaseRecord.split(try r.get("organisations")), eventHashes: ReleaseRecord.split(try r.get("event_hashes")))
        }
    }
}
