import JunkanCore
public import JunkanStore
import PostgresNIO

extension PostgresStore {
    public func event(id: String) async throws -> EventRecord? {
        try await rows(Reads.EventByID(id: id)).first.map(Self.eventRecord)
    }

    public func eventCount() async throws -> Int {
        Int(try await rows(Reads.EventCount()).first?.get("n", as: Int64.self) ?? 0)
    }

    public func eventsPerMonth(organisationID: String) async throws -> [MonthCount] {
        try await rows(Reads.EventsPerMonth(organisationID: organisationID)).map {
            MonthCount(month: try $0.get("month", as: String.self), count: Int(try $0.get("n", as: Int64.self)))
        }
    }

    /// `row` is the commit order: each capture numbers its rows while it holds the state row.
    public func events(committedAfter after: Int64, limit: Int) async throws -> [CommittedEvent] {
        try await rows(Reads.CommittedAfter(after: after, limit: Int64(limit))).map {
            CommittedEvent(sequence: try $0.get("row"), record: try Self.eventRecord($0))
        }
    }

    public func indexedEvents(matching q: EventQuery) async throws -> EventPage {
        let sortColumn = q.orderBy == .eventTime ? "event_time" : "record_time"
        let found = try await rows(Self.query(for: q))
        var records: [EventRecord] = []
        var cursors: [PageCursor] = []
        for r in found.prefix(q.perPage) {
            records.append(try Self.eventRecord(r))
            cursors.append(PageCursor(sortValue: try r.get(sortColumn), row: try r.get("row")))
        }
        return EventPage(events: records, next: found.count > q.perPage ? cursors.last : nil, cursors: cursors)
    }

    /// The statement of a query, as the SQLite store writes it: its filters, its order (with `row`, so pages are stable)
    /// and one row more than a page. Identifiers compare byte by byte (`COLLATE "C"` on the column), so a class's range
    /// takes in exactly what is below it.
    static func query(for q: EventQuery) throws -> PostgresQuery {
        var clauses: [String] = []
        var binds = PostgresBindings()
        func bind(_ value: String) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        func bind(_ value: Int64) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        func anyOf(_ column: String, _ values: [String]) {
            guard !values.isEmpty else { return }
            binds.append(values)
            clauses.append("\(column) = ANY($\(binds.count)::text[])")
        }
        for f in q.columnFilters { anyOf(f.column, f.values) }
        if let v = q.eventTimeFrom { clauses.append("event_time >= \(bind(v))") }
        if let v = q.eventTimeTo { clauses.append("event_time < \(bind(v))") }
        if let v = q.recordTimeFrom { clauses.append("record_time >= \(bind(v))") }
        if let v = q.recordTimeTo { clauses.append("record_time < \(bind(v))") }
        for m in q.identifierMatches {
            var ors: [String] = []
            for v in m.values {
                if v.isPrefix {
                    // A class or pattern matches itself and everything below it (…/01/{gtin} ⊃ …/01/{gtin}/21/{serial}).
                    ors.append("(i.id = \(bind(v.value)) OR (i.id >= \(bind(v.value + "/")) AND i.id < \(bind(v.value + "0"))))")
                } else {
                    ors.append("i.id = \(bind(v.value))")
                }
            }
            let roles = m.roles.map { "'\($0.rawValue)'" }.joined(separator: ",")
            clauses.append("row IN (SELECT i.event_row FROM event_identifiers i WHERE i.role IN (\(roles)) AND (\(ors.joined(separator: " OR "))))")
        }
        let sortColumn = q.orderBy == .eventTime ? "event_time" : "record_time"
        let asc = q.direction == .ascending
        if let after = q.after {
            let (v, r) = (bind(after.sortValue), bind(after.row))
            clauses.append(asc ? "(\(sortColumn), row) > (\(v), \(r))" : "(\(sortColumn), row) < (\(v), \(r))")
        }
        let dir = asc ? "ASC" : "DESC"
        let limit = bind(Int64(q.perPage + 1))
        let sql =
            "SELECT * FROM events" + (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND "))
            + " ORDER BY \(sortColumn) \(dir), row \(dir) LIMIT \(limit)"
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    static func eventRecord(_ r: PostgresRandomAccessRow) throws -> EventRecord {
        EventRecord(
            eventID: try r.get("event_id"), eventHash: try r.get("event_hash"), type: try r.get("type"), eventTime: try r.get("event_time"),
            recordTime: try r.get("record_time"), action: try r.get("action"), bizStep: try r.get("biz_step"),
            disposition: try r.get("disposition"), readPoint: try r.get("read_point"), bizLocation: try r.get("biz_location"),
            transformationID: try r.get("transformation_id"), organisationID: try r.get("organisation_id"),
            identifiers: StoredColumns.identifiers(column: try r.get("identifiers")), json: try r.get("json"))
    }
}

extension PostgresStore {
    public func distinctValues(of field: DiscoverableField, after: String?, limit: Int) async throws -> [String] {
        var binds = PostgresBindings()
        binds.append(after ?? "")
        binds.append(Int64(limit))
        let sql = field.skipScanSQL(after: "$1::text", limit: "$2::bigint")
        return try await rows(PostgresQuery(unsafeSQL: sql, binds: binds)).map { try $0.get("x", as: String.self) }
    }
}
