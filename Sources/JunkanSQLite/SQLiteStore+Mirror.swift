import Foundation
import GRDB
public import JunkanLedger
public import JunkanStore

extension SQLiteStore: MirrorStore {
    /// v24: the peers' logs mirrored here (issue 27, item 7): each peer's tiles and entry bundles (level -1), and its
    /// latest checkpoint verified.
    static func registerMirrorMigration(_ m: inout DatabaseMigrator) {
        m.registerSQL(
            "v24: mirrors of peers' logs",
            sql: """
                CREATE TABLE mirror_tiles (
                    node TEXT NOT NULL, level INTEGER NOT NULL, idx INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (node, level, idx)
                ) WITHOUT ROWID;
                CREATE TABLE mirror_checkpoints (
                    node TEXT PRIMARY KEY, size INTEGER NOT NULL, root BLOB NOT NULL, note TEXT NOT NULL, created_at INTEGER NOT NULL
                );
                """)
    }

    public func mirroredCheckpoint(node: String) async throws -> StoredCheckpoint? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM mirror_checkpoints WHERE node = ?", arguments: [node]).map(Self.mirrored) }
    }

    public func mirroredTile(node: String, level: Int?, index: UInt64) async throws -> [UInt8]? {
        try await pool.read { db in
            try Data.fetchOne(
                db, sql: "SELECT data FROM mirror_tiles WHERE node = ? AND level = ? AND idx = ?", arguments: [node, level ?? -1, Int64(index)]
            )
            .map { Array($0) }
        }
    }

    public func commitMirror(node: String, tiles: [TilePath: [UInt8]], checkpoint: StoredCheckpoint, previousSize: UInt64?) async throws {
        try await pool.write { db in
            let stored = try Int64.fetchOne(db, sql: "SELECT size FROM mirror_checkpoints WHERE node = ?", arguments: [node]).map { UInt64($0) }
            guard stored == previousSize else { throw MirrorStoreError.moved(node: node, expected: previousSize, found: stored) }
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO mirror_tiles (node, level, idx, data) VALUES (?, ?, ?, ?)
                    ON CONFLICT(node, level, idx) DO UPDATE SET data = excluded.data WHERE length(excluded.data) > length(data)
                    """)
            for (path, data) in tiles { try upsert.execute(arguments: [node, path.level ?? -1, Int64(path.index), Data(data)]) }
            try db.execute(
                sql: """
                    INSERT INTO mirror_checkpoints (node, size, root, note, created_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(node) DO UPDATE SET size = excluded.size, root = excluded.root, note = excluded.note, created_at = excluded.created_at
                    """,
                arguments: [node, Int64(checkpoint.size), Data(checkpoint.root), checkpoint.note, checkpoint.createdAt])
        }
    }

    public func mirrors() async throws -> [String: StoredCheckpoint] {
        try await pool.read { db in
            var out: [String: StoredCheckpoint] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT * FROM mirror_checkpoints") { out[r["node"]] = Self.mirrored(r) }
            return out
        }
    }

    static func mirrored(_ r: Row) -> StoredCheckpoint {
        StoredCheckpoint(size: UInt64(r["size"] as Int64), root: Array(r["root"] as Data), note: r["note"], createdAt: r["created_at"])
    }
}
