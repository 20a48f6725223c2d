import Foundation
import GRDB
public import JunkanStore

extension SQLiteStore: AuditStore {
    public func auditEvents(after: Int64, limit: Int) async throws -> [AuditedEvent] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT row, event_id, event_hash, organisation_id, record_time, json FROM events WHERE row > ? ORDER BY row LIMIT ?
                    """, arguments: [after, limit]
            ).map {
                AuditedEvent(
                    row: $0["row"], eventID: $0["event_id"], eventHash: $0["event_hash"], organisationID: $0["organisation_id"],
                    recordTime: $0["record_time"], json: $0["json"])
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
}
