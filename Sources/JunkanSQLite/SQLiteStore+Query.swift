import GRDB
import JunkanCore
public import JunkanStore

extension SQLiteStore {
    public func event(id: String) async throws -> EventRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM events WHERE event_id = ?", arguments: [id]).map(Self.eventRecord)
        }
    }

    /// `row` is the commit order: SQLite has one writer, which gives each new row the next rowid inside its transaction.
    public func events(committedAfter after: Int64, limit: Int) async throws -> [CommittedEvent] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM events WHERE row > ? ORDER BY row LIMIT ?", arguments: [after, limit]).map {
                CommittedEvent(sequence: $0["row"], record: Self.eventRecord($0))
            }
        }
    }

    public func indexedEvents(matching q: EventQuery) async throws -> EventPage {
        let (sql, arguments) = Self.sql(for: q)
        let sortColumn = q.orderBy == .eventTime ? "event_time" : "record_time"
        return try await pool.read { db in
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            var records: [EventRecord] = []
            var cursors: [PageCursor] = []
            for r in rows.prefix(q.perPage) {
                records.append(Self.eventRecord(r))
                cursors.append(PageCursor(sortValue: r[sortColumn], row: r["row"]))
            }
            return EventPage(events: records, next: rows.count > q.perPage ? cursors.last : nil, cursors: cursors)
        }
    }

    /// The statement of a query: its filters, its order (with `row`, so pages are stable) and one row more than a page.
    static func sql(for q: EventQuery) -> (String, StatementArguments) {
        var clauses: [String] = []
        var args: [(any DatabaseValueConvertible)?] = []
        func anyOf(_ column: String, _ values: [String]) {
            guard !values.isEmpty else { return }
            clauses.append("\(column) IN (" + Array(repeating: "?", count: values.count).joined(separator: ",") + ")")
            args.append(contentsOf: values.map { $0 })
        }
        for f in q.columnFilters { anyOf(f.column, f.values) }
        if let v = q.eventTimeFrom { clauses.append("event_time >= ?"); args.append(v) }
        if let v = q.eventTimeTo { clauses.append("event_time < ?"); args.append(v) }
        if let v = q.recordTimeFrom { clauses.append("record_time >= ?"); args.append(v) }
        if let v = q.recordTimeTo { clauses.append("record_time < ?"); args.append(v) }
        for m in q.identifierMatches {
            var ors: [String] = []
            for v in m.values {
                if v.isPrefix {
                    // A class or pattern matches itself and everything below it (…/01/{gtin} ⊃ …/01/{gtin}/21/{serial}).
                    ors.append("(i.id = ? OR (i.id >= ? AND i.id < ?))")
                    args.append(v.value); args.append(v.value + "/"); args.append(v.value + "0")
                } else {
                    ors.append("i.id = ?")
                    args.append(v.value)
                }
            }
            let roles = m.roles.map { "'\($0.rawValue)'" }.joined(separator: ",")
            clauses.append("row IN (SELECT i.event_row FROM event_identifiers i WHERE i.role IN (\(roles)) AND (\(ors.joined(separator: " OR "))))")
        }
        let sortColumn = q.orderBy == .eventTime ? "event_time" : "record_time"
        let asc = q.direction == .ascending
        if let after = q.after {
            clauses.append(asc ? "(\(sortColumn) > ? OR (\(sortColumn) = ? AND row > ?))" : "(\(sortColumn) < ? OR (\(sortColumn) = ? AND row < ?))")
            args.append(after.sortValue); args.append(after.sortValue); args.append(after.row)
        }
        let dir = asc ? "ASC" : "DESC"
        let sql =
            "SELECT * FROM events" + (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND "))
            + " ORDER BY \(sortColumn) \(dir), row \(dir) LIMIT ?"
        args.append(q.perPage + 1)
        return (sql, StatementArguments(args.map { $0?.databaseValue ?? .null }))
    }

    static func eventRecord(_ r: Row) -> EventRecord {
        let ids = StoredColumns.identifiers(column: r["identifiers"])
        return EventRecord(
            eventID: r["event_id"], eventHash: r["event_hash"], type: r["type"], eventTime: r["event_time"],
            recordTime: r["record_time"], action: r["action"], bizStep: r["biz_step"], disposition: r["disposition"],
            readPoint: r["read_point"], bizLocation: r["biz_location"], transformationID: r["transformation_id"],
            organisationID: r["organisation_id"], identifiers: ids, json: r["json"])
    }
}

extension SQLiteStore {
    public func distinctValues(of field: DiscoverableField, after: String?, limit: Int) async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(db, sql: field.skipScanSQL(after: "?1", limit: "?2"), arguments: [after ?? "", limit])
        }
    }
}
