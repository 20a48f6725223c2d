import Foundation
import GRDB
public import JunkanLedger
public import JunkanStore

extension SQLiteStore: LedgerStore {
    public func leafCount() async throws -> UInt64 {
        try await pool.read { db in UInt64(try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM tlog_leaves") ?? 0) }
    }

    public func leaves(from: UInt64, limit: Int) async throws -> [[UInt8]] {
        try await pool.read { db in
            try Data.fetchAll(db, sql: "SELECT leaf FROM tlog_leaves WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [Int64(from), limit])
                .map { Array($0) }
        }
    }

    public func leaf(eventHash: String) async throws -> (index: UInt64, leaf: [UInt8])? {
        try await pool.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT l.seq, l.leaf FROM events e JOIN tlog_leaves l ON l.seq = e.leaf_seq WHERE e.event_hash = ?
                    """, arguments: [eventHash]
            )
            .map { (UInt64(($0["seq"] as Int64) - 1), Array($0["leaf"] as Data)) }
        }
    }

    public func leaves(eventHashes: [String]) async throws -> [String: (index: UInt64, leaf: [UInt8])] {
        try await pool.read { db in
            var found: [String: (index: UInt64, leaf: [UInt8])] = [:]
            // In slices well under SQLite's limit on bound parameters.
            for start in stride(from: 0, to: eventHashes.count, by: 500) {
                let slice = Array(eventHashes[start..<min(start + 500, eventHashes.count)])
                let marks = Array(repeating: "?", count: slice.count).joined(separator: ",")
                for r in try Row.fetchAll(
                    db, sql: "SELECT e.event_hash, l.seq, l.leaf FROM events e JOIN tlog_leaves l ON l.seq = e.leaf_seq WHERE e.event_hash IN (\(marks))",
                    arguments: StatementArguments(slice))
                {
                    found[r["event_hash"]] = (UInt64((r["seq"] as Int64) - 1), Array(r["leaf"] as Data))
                }
            }
            return found
        }
    }

    public func tile(level: Int?, index: UInt64) async throws -> [UInt8]? {
        try await pool.read { db in
            try Data.fetchOne(db, sql: "SELECT data FROM tlog_tiles WHERE level = ? AND idx = ?", arguments: [level ?? -1, Int64(index)])
                .map { Array($0) }
        }
    }

    public func tiles(_ coordinates: Set<TileCoordinate>) async throws -> [TileCoordinate: [UInt8]] {
        try await pool.read { db in
            // One read transaction, a lookup per tile: SQLite answers in the process, so a statement per tile costs no round trip.
            var found: [TileCoordinate: [UInt8]] = [:]
            let statement = try db.cachedStatement(sql: "SELECT data FROM tlog_tiles WHERE level = ? AND idx = ?")
            for c in coordinates {
                if let data = try Data.fetchOne(statement, arguments: [c.level ?? -1, Int64(c.index)]) { found[c] = Array(data) }
            }
            return found
        }
    }

    public func commitIntegration(tiles: [TilePath: [UInt8]], checkpoint: StoredCheckpoint) async throws {
        try await pool.write { db in
            let latest = try Int64.fetchOne(db, sql: "SELECT MAX(size) FROM tlog_checkpoints")
            if let latest, UInt64(latest) >= checkpoint.size {
                throw LedgerStoreError.checkpointNotNewer(size: checkpoint.size, latest: UInt64(latest))
            }
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO tlog_tiles (level, idx, data) VALUES (?, ?, ?)
                    ON CONFLICT(level, idx) DO UPDATE SET data = excluded.data WHERE length(excluded.data) > length(data)
                    """)
            for (path, data) in tiles { try upsert.execute(arguments: [path.level ?? -1, Int64(path.index), Data(data)]) }
            try db.execute(
                sql: "INSERT INTO tlog_checkpoints (size, root, note, created_at, previous_size) VALUES (?, ?, ?, ?, ?)",
                arguments: [Int64(checkpoint.size), Data(checkpoint.root), checkpoint.note, checkpoint.createdAt, latest ?? 0])
        }
    }

    public func latestCheckpoint() async throws -> StoredCheckpoint? {
        try await pool.read { db in
            guard let r = try Row.fetchOne(db, sql: "SELECT * FROM tlog_checkpoints ORDER BY size DESC LIMIT 1") else { return nil }
            return try Self.checkpoint(r, db)
        }
    }

    public func checkpoints() async throws -> [StoredCheckpoint] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM tlog_checkpoints ORDER BY size").map { try Self.checkpoint($0, db) } }
    }

    static func checkpoint(_ r: Row, _ db: Database) throws -> StoredCheckpoint {
        let size: Int64 = r["size"]
        var cosigs: [String: String] = [:]
        for c in try Row.fetchAll(db, sql: "SELECT witness, line FROM tlog_cosignatures WHERE size = ?", arguments: [size]) {
            cosigs[c["witness"]] = c["line"]
        }
        return StoredCheckpoint(size: UInt64(size), root: Array(r["root"] as Data), note: r["note"], cosignatures: cosigs, createdAt: r["created_at"])
    }

    public func addCosignatures(size: UInt64, lines: [String: String]) async throws {
        try await pool.write { db in
            for (w, line) in lines {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO tlog_cosignatures (size, witness, line) VALUES (?, ?, ?)",
                    arguments: [Int64(size), w, line])
            }
        }
    }

    public func witnessedSize(witness: String) async throws -> UInt64 {
        try await pool.read { db in UInt64(try Int64.fetchOne(db, sql: "SELECT size FROM tlog_witnessed WHERE witness = ?", arguments: [witness]) ?? 0) }
    }

    public func setWitnessedSize(witness: String, size: UInt64) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO tlog_witnessed (witness, size) VALUES (?, ?)", arguments: [witness, Int64(size)])
        }
    }
}

extension SQLiteStore {
    /// v12: each checkpoint row names the size of the one stored before it, so `junkan verify` finds a deleted
    /// checkpoint row between two others (the chain breaks) as it finds a deleted leaf (the sequence breaks). Rows stored
    /// before are chained as they stand at the upgrade.
    static func registerCheckpointChainMigration(_ m: inout DatabaseMigrator) {
        m.registerSQL(
            "v12: checkpoint chain",
            sql: """
                ALTER TABLE tlog_checkpoints ADD COLUMN previous_size INTEGER;
                UPDATE tlog_checkpoints SET previous_size =
                    COALESCE((SELECT MAX(p.size) FROM tlog_checkpoints p WHERE p.size < tlog_checkpoints.size), 0);
                """)
    }
}
