import Foundation
import GRDB
public import JunkanLedger
public import JunkanStore

extension SQLiteStore: WitnessStore {
    public func follow(origin: String, key: NoteVerifierKey) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO witness_logs (origin, size) VALUES (?, 0)", arguments: [origin])
            try db.execute(sql: "INSERT OR IGNORE INTO witness_log_keys (origin, vkey) VALUES (?, ?)", arguments: [origin, key.description])
        }
    }

    public func followedLog(origin: String) async throws -> FollowedLog? {
        try await pool.read { db in
            guard let r = try Row.fetchOne(db, sql: "SELECT size, root FROM witness_logs WHERE origin = ?", arguments: [origin]) else { return nil }
            let keys = try String.fetchAll(db, sql: "SELECT vkey FROM witness_log_keys WHERE origin = ?", arguments: [origin])
                .compactMap { try? NoteVerifierKey(parsing: $0) }
            let root = (r["root"] as Data?).flatMap { try? TreeHash(Array($0)) }
            return FollowedLog(origin: origin, keys: keys, size: UInt64(r["size"] as Int64), root: root)
        }
    }

    public func cosignedRoot(origin: String, size: UInt64) async throws -> TreeHash? {
        try await pool.read { db in
            try Data.fetchOne(db, sql: "SELECT root FROM witness_checkpoints WHERE origin = ? AND size = ?", arguments: [origin, Int64(size)])
                .flatMap { try? TreeHash(Array($0)) }
        }
    }

    public func cosignedNote(origin: String, size: UInt64) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT note FROM witness_checkpoints WHERE origin = ? AND size = ?", arguments: [origin, Int64(size)])
        }
    }

    public func advance(origin: String, expectedSize: UInt64, to checkpoint: Checkpoint, note: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE witness_logs SET size = ?, root = ? WHERE origin = ? AND size = ?",
                arguments: [Int64(checkpoint.size), Data(checkpoint.root.bytes), origin, Int64(expectedSize)])
            guard db.changesCount == 1 else { return false }
            try db.execute(
                sql: "INSERT OR IGNORE INTO witness_checkpoints (origin, size, root, note, cosigned_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [origin, Int64(checkpoint.size), Data(checkpoint.root.bytes), note, Int64(Date().timeIntervalSince1970)])
            return true
        }
    }

    public func recordEvidence(origin: String, kind: String, request: String, detail: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO witness_evidence (origin, kind, request, detail, received_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [origin, kind, request, detail, Int64(Date().timeIntervalSince1970 * 1000)])
        }
    }

    public func evidence() async throws -> [WitnessEvidence] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM witness_evidence ORDER BY id").map {
                WitnessEvidence(origin: $0["origin"], kind: $0["kind"], request: $0["request"], detail: $0["detail"], receivedAt: $0["received_at"])
            }
        }
    }
}
