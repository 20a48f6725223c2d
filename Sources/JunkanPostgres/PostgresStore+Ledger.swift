import Foundation
import JunkanCore
public import JunkanLedger
public import JunkanStore
import NIOCore
import PostgresNIO

extension PostgresStore: LedgerStore {
    public func leafCount() async throws -> UInt64 {
        UInt64(try await rows(Reads.LeafCount()).first?.get("n", as: Int64.self) ?? 0)
    }

    public func leaves(from: UInt64, limit: Int) async throws -> [[UInt8]] {
        try await rows("SELECT leaf FROM tlog_leaves WHERE seq > \(Int64(from)) ORDER BY seq LIMIT \(Int64(limit))").map { try $0.bytes("leaf") }
    }

    public func leaf(eventHash: String) async throws -> (index: UInt64, leaf: [UInt8])? {
        guard
            let r = try await rows(
                "SELECT l.seq, l.leaf FROM events e JOIN tlog_leaves l ON l.seq = e.leaf_seq WHERE e.event_hash = \(eventHash)"
            ).first
        else { return nil }
        return (UInt64(try r.get("seq", as: Int64.self) - 1), try r.bytes("leaf"))
    }

    public func leaves(eventHashes: [String]) async throws -> [String: (index: UInt64, leaf: [UInt8])] {
        guard !eventHashes.isEmpty else { return [:] }
        var found: [String: (index: UInt64, leaf: [UInt8])] = [:]
        for r in try await rows(Reads.LeavesByHash(hashes: eventHashes)) {
            found[try r.get("event_hash")] = (UInt64(try r.get("seq", as: Int64.self) - 1), try r.bytes("leaf"))
        }
        return found
    }

    public func tile(level: Int?, index: UInt64) async throws -> [UInt8]? {
        try await rows(Reads.Tile(level: Int32(level ?? -1), index: Int64(index))).first.map { try $0.bytes("data") }
    }

    public func tiles(_ coordinates: Set<TileCoordinate>) async throws -> [TileCoordinate: [UInt8]] {
        guard !coordinates.isEmpty else { return [:] }
        let wanted = Array(coordinates)
        var found: [TileCoordinate: [UInt8]] = [:]
        for r in try await rows(Reads.Tiles(levels: wanted.map { Int32($0.level ?? -1) }, indexes: wanted.map { Int64($0.index) })) {
            let level = Int(try r.get("level", as: Int32.self))
            found[TileCoordinate(level: level < 0 ? nil : level, index: UInt64(try r.get("idx", as: Int64.self)))] = try r.bytes("data")
        }
        return found
    }

    public func commitIntegration(tiles: [TilePath: [UInt8]], checkpoint: StoredCheckpoint) async throws {
        let logger = self.logger
        try await transaction { connection in
            // The checkpoint table's newest row, locked against another integrator's commit until this one ends.
            try await connection.query("LOCK TABLE tlog_checkpoints IN SHARE ROW EXCLUSIVE MODE", logger: logger)
            let latest = try await connection.rows("SELECT MAX(size) AS s FROM tlog_checkpoints", logger: logger).first?.get("s", as: Int64?.self)
            if let latest, UInt64(latest) >= checkpoint.size {
                throw LedgerStoreError.checkpointNotNewer(size: checkpoint.size, latest: UInt64(latest))
            }
            if !tiles.isEmpty {
                let paths = Array(tiles.keys)
                try await connection.query(
                    """
                    INSERT INTO tlog_tiles (level, idx, data)
                    SELECT * FROM UNNEST(\(paths.map { Int32($0.level ?? -1) })::integer[], \(paths.map { Int64($0.index) })::bigint[],
                                         \(paths.map { ByteBuffer(tiles[$0]!) })::bytea[])
                    ON CONFLICT (level, idx) DO UPDATE SET data = excluded.data WHERE length(excluded.data) > length(tlog_tiles.data)
                    """, logger: logger)
            }
            try await connection.query(
                """
                INSERT INTO tlog_checkpoints (size, root, note, created_at, previous_size)
                VALUES (\(Int64(checkpoint.size)), \(ByteBuffer(checkpoint.root)), \(checkpoint.note), \(checkpoint.createdAt), \(latest ?? 0))
                """, logger: logger)
        }
    }

    public func latestCheckpoint() async throws -> StoredCheckpoint? {
        // One read: the checkpoint joined with its cosignatures.
        try Self.checkpoints(joined: try await rows(Reads.LatestCheckpoint())).first
    }

    public func checkpoints() async throws -> [StoredCheckpoint] {
        try Self.checkpoints(
            joined: try await rows(
                """
                SELECT c.size, c.root, c.note, c.created_at, s.witness, s.line
                FROM tlog_checkpoints c LEFT JOIN tlog_cosignatures s ON s.size = c.size ORDER BY c.size
                """))
    }

    /// Checkpoints from rows of a checkpoint joined with its cosignatures (one row per cosignature, one row with NULLs
    /// when it has none), in the rows' order.
    static func checkpoints(joined rows: [PostgresRandomAccessRow]) throws -> [StoredCheckpoint] {
        var all: [StoredCheckpoint] = []
        for r in rows {
            let size = UInt64(try r.get("size", as: Int64.self))
            if all.last?.size != size {
                all.append(
                    StoredCheckpoint(size: size, root: try r.bytes("root"), note: try r.get("note"), cosignatures: [:], createdAt: try r.get("created_at")))
            }
            if let w = try r.get("witness", as: String?.self), let line = try r.get("line", as: String?.self) { all[all.count - 1].cosignatures[w] = line }
        }
        return all
    }

    public func addCosignatures(size: UInt64, lines: [String: String]) async throws {
        let witnesses = Array(lines.keys)
        try await execute(
            """
            INSERT INTO tlog_cosignatures (size, witness, line)
            SELECT \(Int64(size)), w, l FROM UNNEST(\(witnesses)::text[], \(witnesses.map { lines[$0]! })::text[]) AS u(w, l)
            ON CONFLICT (size, witness) DO UPDATE SET line = excluded.line
            """, logger: logger)
    }

    public func witnessedSize(witness: String) async throws -> UInt64 {
        UInt64(try await rows("SELECT size FROM tlog_witnessed WHERE witness = \(witness)").first?.get("size", as: Int64.self) ?? 0)
    }

    public func setWitnessedSize(witness: String, size: UInt64) async throws {
        try await execute(
            """
            INSERT INTO tlog_witnessed (witness, size) VALUES (\(witness), \(Int64(size)))
            ON CONFLICT (witness) DO UPDATE SET size = excluded.size
            """, logger: logger)
    }

    public func takeIntegrationLease(holder: String, now: Int64, duration: Int64) async throws -> Bool {
        // One statement: the check and the take cannot be split by another process's take.
        let taken = try await rows(
            """
            INSERT INTO tlog_lease (id, holder, expires_at) VALUES (1, \(holder), \(now + duration))
            ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE tlog_lease.holder = excluded.holder OR tlog_lease.expires_at <= \(now)
            RETURNING holder
            """)
        return !taken.isEmpty
    }
}

extension PostgresStore: AuditStore {
    public func auditEvents(after: Int64, limit: Int) async throws -> [AuditedEvent] {
        let found = try await rows("SELECT * FROM events WHERE row > \(after) ORDER BY row LIMIT \(Int64(limit))")
        guard let first = found.first, let last = found.last else { return [] }
        let (from, to): (Int64, Int64) = (try first.get("row"), try last.get("row"))
        // The identifier index as stored, read by event row.
        var byRow: [Int64: [EventIdentifier]] = [:]
        for r in try await rows("SELECT event_row, role, id FROM event_identifiers WHERE event_row BETWEEN \(from) AND \(to)") {
            let role = EPCISEvent.IdentifierRole(rawValue: try r.get("role")) ?? .epc
            byRow[try r.get("event_row"), default: []].append(EventIdentifier(role: role, id: try r.get("id")))
        }
        return try found.map { r in
            let row: Int64 = try r.get("row")
            return AuditedEvent(row: row, record: try Self.eventRecord(r), leafSeq: try r.get("leaf_seq"), identifierRows: byRow[row] ?? [])
        }
    }

    public func auditLeaves(afterSeq: Int64, limit: Int) async throws -> [AuditedLeaf] {
        try await rows("SELECT seq, event_hash, leaf FROM tlog_leaves WHERE seq > \(afterSeq) ORDER BY seq LIMIT \(Int64(limit))").map {
            AuditedLeaf(seq: try $0.get("seq"), eventHash: try $0.get("event_hash"), leaf: try $0.bytes("leaf"))
        }
    }

    public func auditPublicKeys() async throws -> [String: [UInt8]] {
        var keys: [String: [UInt8]] = [:]
        for r in try await rows("SELECT id, public_key FROM organisations") { keys[try r.get("id")] = try r.bytes("public_key") }
        return keys
    }

    public func auditOrphanIdentifiers(limit: Int) async throws -> [(eventRow: Int64, identifier: EventIdentifier)] {
        try await rows(
            """
            SELECT event_row, role, id FROM event_identifiers
            WHERE NOT EXISTS (SELECT 1 FROM events WHERE events.row = event_identifiers.event_row) LIMIT \(Int64(limit))
            """
        ).map { r in
            (try r.get("event_row"), EventIdentifier(role: EPCISEvent.IdentifierRole(rawValue: try r.get("role")) ?? .epc, id: try r.get("id")))
        }
    }

    public func auditTiles() async throws -> [(level: Int?, index: UInt64, bytes: Int)] {
        try await rows("SELECT level, idx, length(data) AS n FROM tlog_tiles ORDER BY level, idx").map { r in
            let level = Int(try r.get("level", as: Int32.self))
            return (level < 0 ? nil : level, UInt64(try r.get("idx", as: Int64.self)), Int(try r.get("n", as: Int32.self)))
        }
    }

    public func auditCheckpointChain() async throws -> (checkpoints: [(size: UInt64, previous: UInt64?)], cosigned: [UInt64]) {
        let checkpoints = try await rows("SELECT size, previous_size FROM tlog_checkpoints ORDER BY size").map { r in
            (UInt64(try r.get("size", as: Int64.self)), try r.get("previous_size", as: Int64?.self).map(UInt64.init))
        }
        let cosigned = try await rows("SELECT size FROM tlog_cosignatures UNION SELECT size FROM tlog_witnessed ORDER BY 1").map {
            UInt64(try $0.get("size", as: Int64.self))
        }
        return (checkpoints, cosigned)
    }
}

extension PostgresStore: NodeSettingsStore {
    public func nodeSetting(_ setting: NodeSetting) async throws -> String? {
        try await rows("SELECT value FROM node_settings WHERE name = \(setting.rawValue)").first?.get("value")
    }

    public func nodeSetting(_ setting: NodeSetting, proposing proposed: String) async throws -> String {
        _ = try await rows("INSERT INTO node_settings (name, value) VALUES (\(setting.rawValue), \(proposed)) ON CONFLICT (name) DO NOTHING")
        return try await nodeSetting(setting) ?? proposed
    }

    public func replaceNodeSetting(_ setting: NodeSetting, with value: String) async throws {
        _ = try await rows(
            "INSERT INTO node_settings (name, value) VALUES (\(setting.rawValue), \(value)) ON CONFLICT (name) DO UPDATE SET value = excluded.value")
    }
}
