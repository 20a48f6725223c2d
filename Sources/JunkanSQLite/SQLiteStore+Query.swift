import GRDB
import JunkanCore
public import JunkanStore

extension SQLiteStore {
    public func event(id: String) async throws -> EventRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.eventColumns) FROM events WHERE event_id = ?", arguments: [id]).map(Self.eventRecord)
        }
    }

    /// `row` is the commit order: SQLite has one writer, which gives each new row the next rowid inside its transaction.
    public func events(committedAfter after: Int64, limit: Int) async throws -> [CommittedEvent] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.eventColumns) FROM events WHERE row > ? ORDER BY row LIMIT ?", arguments: [after, limit]).map {
                CommittedEvent(sequence: $0[0], record: Self.eventRecord($0))
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
                cursors.append(PageCursor(sortValue: r[sortColumn == "event_time" ? 4 : 5], row: r[0]))
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
            "SELECT \(eventColumns) FROM events" + (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND "))
            + " ORDER BY \(sortColumn) \(dir), row \(dir) LIMIT ?"
        args.append(q.perPage + 1)
        return (sql, StatementArguments(args.map { $0?.databaseValue ?? .null }))
    }

    /// The columns an event is read from, in the order `eventRecord` reads them, by index: GRDB finds a column by name by
    /// comparing lowercased names, which was a quarter of the CPU of a node delivering to a hundred subscribers.
    static let eventColumns =
        "row, event_id, event_hash, type, event_time, record_time, action, biz_step, disposition, read_point, biz_location, "
        + "transformation_id, organisation_id, identifiers, json"

    /// An event of a row that starts with `eventColumns`.
    static func eventRecord(_ r: Row) -> EventRecord {
        EventRecord(
            eventID: r[1], eventHash: r[2], type: r[3], eventTime: r[4], recordTime: r[5], action: r[6], bizStep: r[7], disposition: r[8],
            readPoint: r[9], bizLocation: r[10], transformationID: r[11], organisationID: r[12],
            identifiers: StoredColumns.identifiers(column: r[13]), json: r[14])
    }
}

extension SQLiteStore {
    public func distinctValues(of field: DiscoverableField, after: String?, limit: Int) async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(db, sql: field.skipScanSQL(after: "?1", limit: "?2"), arguments: [after ?? "", limit])
        }
    }
}
