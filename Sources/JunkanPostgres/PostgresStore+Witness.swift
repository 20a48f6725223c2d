import Foundation
public import JunkanLedger
public import JunkanStore
import NIOCore
import PostgresNIO

extension PostgresStore: WitnessStore {
    public func follow(origin: String, key: NoteVerifierKey) async throws {
        let logger = self.logger
        try await transaction { connection in
            try await connection.query("INSERT INTO witness_logs (origin, size) VALUES (\(origin), 0) ON CONFLICT DO NOTHING", logger: logger)
            try await connection.query(
                "INSERT INTO witness_log_keys (origin, vkey) VALUES (\(origin), \(key.description)) ON CONFLICT DO NOTHING", logger: logger)
        }
    }

    public func followedLog(origin: String) async throws -> FollowedLog? {
        guard let r = try await rows("SELECT size, root FROM witness_logs WHERE origin = \(origin)").first else { return nil }
        let keys = try await rows("SELECT vkey FROM witness_log_keys WHERE origin = \(origin)").compactMap {
            try? NoteVerifierKey(parsing: try $0.get("vkey", as: String.self))
        }
        let root = try r.optionalBytes("root").flatMap { try? TreeHash($0) }
        return FollowedLog(origin: origin, keys: keys, size: UInt64(try r.get("size", as: Int64.self)), root: root)
    }

    public func cosignedRoot(origin: String, size: UInt64) async throws -> TreeHash? {
        try await rows("SELECT root FROM witness_checkpoints WHERE origin = \(origin) AND size = \(Int64(size))").first
            .flatMap { try? TreeHash(try $0.bytes("root")) }
    }

    public func cosignedNote(origin: String, size: UInt64) async throws -> String? {
        try await rows("SELECT note FROM witness_checkpoints WHERE origin = \(origin) AND size = \(Int64(size))").first.map { try $0.get("note") }
    }

    public func advance(origin: String, expectedSize: UInt64, to checkpoint: Checkpoint, note: String) async throws -> Bool {
        let logger = self.logger
        return try await transaction { connection in
            let moved = try await connection.rows(
                """
                UPDATE witness_logs SET size = \(Int64(checkpoint.size)), root = \(ByteBuffer(checkpoint.root.bytes))
                WHERE origin = \(origin) AND size = \(Int64(expectedSize)) RETURNING origin
                """, logger: logger)
            guard moved.count == 1 else { return false }
            try await connection.query(
                """
                INSERT INTO witness_checkpoints (origin, size, root, note, cosigned_at)
                VALUES (\(origin), \(Int64(checkpoint.size)), \(ByteBuffer(checkpoint.root.bytes)), \(note), \(Int64(Date().timeIntervalSince1970)))
                ON CONFLICT DO NOTHING
                """, logger: logger)
            return true
        }
    }

    public func recordEvidence(origin: String, kind: String, request: String, detail: String) async throws {
        try await execute(
            """
            INSERT INTO witness_evidence (origin, kind, request, detail, received_at)
            VALUES (\(origin), \(kind), \(request), \(detail), \(Int64(Date().timeIntervalSince1970 * 1000)))
            """, logger: logger)
    }

    public func evidence() async throws -> [WitnessEvidence] {
        try await rows("SELECT * FROM witness_evidence ORDER BY id").map {
            WitnessEvidence(
                origin: try $0.get("origin"), kind: try $0.get("kind"), request: try $0.get("request"), detail: try $0.get("detail"),
                receivedAt: try $0.get("received_at"))
        }
    }
}
