import Foundation
import GRDB
import JunkanCore
public import JunkanStore

extension SQLiteStore: AuditStore {
    public func auditEvents(after: Int64, limit: Int) async throws -> [AuditedEvent] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT \(Self.eventColumns), leaf_seq FROM events WHERE row > ? ORDER BY row LIMIT ?", arguments: [after, limit])
            guard let first = rows.first, let last = rows.last else { return [] }
            // The identifier index as stored, read by event row (a full scan of the index once per batch, in one pass).
            var byRow: [Int64: [EventIdentifier]] = [:]
            let ids = try Row.fetchCursor(
                db, sql: "SELECT event_row, role, id FROM event_identifiers WHERE event_row BETWEEN ? AND ?",
                arguments: [first["row"] as Int64, last["row"] as Int64])
            while let r = try ids.next() {
                let role = EPCISEvent.IdentifierRole(rawValue: r["role"]) ?? .epc
                byRow[r["event_row"], default: []].append(EventIdentifier(role: role, id: r["id"]))
            }
            return rows.map { r in
                let row: Int64 = r[0]
                return AuditedEvent(row: row, record: Self.eventRecord(r), leafSeq: r[15], identifierRows: byRow[row] ?? [])
            }
        }
    }

    public func auditLeaves(afterSeq: Int64, limit: Int) async throws -> [AuditedLeaf] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT seq, event_hash, leaf FROM tlog_leaves WHERE seq > ? ORDER BY seq LIMIT ?",
                arguments: [afterSeq, limit]
            ).map {
                AuditedLeaf(seq: $0["seq"], eventHash: $0["event_hash"], leaf: Array($0["leaf"] as Data))
            }
        }
    }

    public func auditPublicKeys() async throws -> [String: [UInt8]] {
        try await pool.read { db in
            var keys: [String: [UInt8]] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT id, public_key FROM organisations") {
                keys[r["id"]] = Array(r["public_key"] as Data? ?? Data())
            }
            return keys
        }
    }

    public func auditOrphanIdentifiers(limit: Int) async throws -> [(eventRow: Int64, identifier: EventIdentifier)] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT event_row, role, id FROM event_identifiers
                    WHERE NOT EXISTS (SELECT 1 FROM events WHERE events.row = event_identifiers.event_row) LIMIT ?
                    """, arguments: [limit]
            ).map { r in
                (r["event_row"], EventIdentifier(role: EPCISEvent.IdentifierRole(rawValue: r["role"]) ?? .epc, id: r["id"]))
            }
        }
    }

    public func auditTiles() async throws -> [(level: Int?, index: UInt64, bytes: Int)] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT level, idx, LENGTH(data) AS n FROM tlog_tiles ORDER BY level, idx").map { r in
                let level: Int = r["level"]
                return (level < 0 ? nil : level, UInt64(r["idx"] as Int64), r["n"])
            }
        }
    }

    public func auditCheckpointChain() async throws -> (checkpoints: [(size: UInt64, previous: UInt64?)], cosigned: [UInt64]) {
        try await pool.read { db in
            let checkpoints = try Row.fetchAll(db, sql: "SELECT size, previous_size FROM tlog_checkpoints ORDER BY size").map { r in
                (UInt64(r["size"] as Int64), (r["previous_size"] as Int64?).map(UInt64.init))
            }
            let cosigned = try Int64.fetchAll(
                db, sql: "SELECT size FROM tlog_cosignatures UNION SELECT size FROM tlog_witnessed ORDER BY 1"
            ).map(UInt64.init)
            return (checkpoints, cosigned)
        }
    }
}
