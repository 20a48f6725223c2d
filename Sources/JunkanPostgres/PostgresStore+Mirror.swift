public import JunkanLedger
public import JunkanStore
import NIOCore
import PostgresNIO

extension PostgresStore: MirrorStore {
    public func mirroredCheckpoint(node: String) async throws -> StoredCheckpoint? {
        try await rows("SELECT * FROM mirror_checkpoints WHERE node = \(node)").first.map(Self.mirrored)
    }

    public func mirroredTile(node: String, level: Int?, index: UInt64) async throws -> [UInt8]? {
        try await rows("SELECT data FROM mirror_tiles WHERE node = \(node) AND level = \(Int32(level ?? -1)) AND idx = \(Int64(index))").first.map {
            try $0.bytes("data")
        }
    }

    public func commitMirror(node: String, tiles: [TilePath: [UInt8]], checkpoint: StoredCheckpoint, previousSize: UInt64?) async throws {
        let logger = self.logger
        try await transaction { connection in
            // The peer's row, locked against another mirror's commit until this one ends (or a gap lock: the first).
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(node)))", logger: logger)
            let stored = try await connection.rows("SELECT size FROM mirror_checkpoints WHERE node = \(node)", logger: logger).first
                .map { UInt64(try $0.get("size", as: Int64.self)) }
            guard stored == previousSize else { throw MirrorStoreError.moved(node: node, expected: previousSize, found: stored) }
            if !tiles.isEmpty {
                let paths = Array(tiles.keys)
                try await connection.query(
                    """
                    INSERT INTO mirror_tiles (node, level, idx, data)
                    SELECT \(node), * FROM UNNEST(\(paths.map { Int32($0.level ?? -1) })::integer[], \(paths.map { Int64($0.index) })::bigint[],
                                                  \(paths.map { ByteBuffer(tiles[$0]!) })::bytea[])
                    ON CONFLICT (node, level, idx) DO UPDATE SET data = excluded.data WHERE length(excluded.data) > length(mirror_tiles.data)
                    """, logger: logger)
            }
            try await connection.query(
                """
                INSERT INTO mirror_checkpoints (node, size, root, note, created_at)
                VALUES (\(node), \(Int64(checkpoint.size)), \(ByteBuffer(checkpoint.root)), \(checkpoint.note), \(checkpoint.createdAt))
                ON CONFLICT (node) DO UPDATE SET size = excluded.size, root = excluded.root, note = excluded.note, created_at = excluded.created_at
                """, logger: logger)
        }
    }

    public func mirrors() async throws -> [String: StoredCheckpoint] {
        var out: [String: StoredCheckpoint] = [:]
        for r in try await rows("SELECT * FROM mirror_checkpoints") { out[try r.get("node")] = try Self.mirrored(r) }
        return out
    }

    static func mirrored(_ r: PostgresRandomAccessRow) throws -> StoredCheckpoint {
        StoredCheckpoint(
            size: UInt64(try r.get("size", as: Int64.self)), root: try r.bytes("root"), note: try r.get("note"), createdAt: try r.get("created_at"))
    }
}
