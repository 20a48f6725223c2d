public import JunkanCore

extension EventStore {
    /// The events a query matches, a page at a time: the store's index columns narrow the rows, then the query's
    /// predicates (the filters only a decoded event answers) keep or drop each. A page of a filtered query reads at most
    /// `EventQuery.scanBudget` rows; when that runs out first it returns what it kept, with the cursor of the last row
    /// read, so a long gap between matches costs the client a short page, never the server an unbounded scan.
    public func events(matching unresolved: EventQuery) async throws -> EventPage {
        // Master data filters become location lists first; both backends keep master data, so one left here is a
        // store that cannot answer the query, which must not read as "no filter".
        let query = try await (self as? any MasterDataStore)?.resolvingMasterData(unresolved) ?? unresolved
        guard query.masterDataFilters.isEmpty else { throw MasterDataUnavailable() }
        if let most = query.maxCount, query.after == nil { try await checkCount(query, most: most) }
        var q = query
        let served = query.after?.served ?? 0
        if let limit = query.countLimit {
            guard served < limit else { return EventPage(events: [], next: nil) }
            q.perPage = min(q.perPage, limit - served)
        }
        var page: EventPage
        if q.predicates.isEmpty {
            page = try await indexedEvents(matching: q)
        } else {
            page = try await filteredPage(q)
        }
        let total = served + page.events.count
        if let limit = query.countLimit, total >= limit { page.next = nil }
        // Only a count limit needs what earlier pages served (tokens stay `sortValue.row` otherwise).
        if query.countLimit != nil { page.next?.served = total }
        return page
    }

    /// `maxEventCount`: counts the matches (up to one more than `most`) before the first page is answered.
    func checkCount(_ query: EventQuery, most: Int) async throws {
        var probe = query
        probe.maxCount = nil
        probe.countLimit = most + 1
        probe.perPage = min(most + 1, 10_000)
        var seen = 0
        while true {
            let page = try await events(matching: probe)
            seen += page.events.count
            if seen > most { throw QueryTooLarge(maxEventCount: most) }
            guard let next = page.next else { return }
            probe.after = next
        }
    }

    func filteredPage(_ q: EventQuery) async throws -> EventPage {
        var batch = q
        batch.perPage = EventQuery.scanBatch
        var kept: [EventRecord] = []
        var lastKept: PageCursor?
        var read = 0
        while true {
            let rows = try await indexedEvents(matching: batch)
            for (i, r) in rows.events.enumerated() where q.keeps(r) {
                // One more match than a page: the next page starts after the last one returned.
                if kept.count == q.perPage { return EventPage(events: kept, next: lastKept) }
                kept.append(r)
                lastKept = rows.cursors[i]
            }
            read += rows.events.count
            guard let next = rows.next else { return EventPage(events: kept, next: nil) }
            batch.after = next
            if read >= EventQuery.scanBudget { return EventPage(events: kept, next: next) }
        }
    }
}

extension EventQuery {
    /// Rows a filtered query reads per statement, and at most per page.
    public static let scanBatch = 500
    public static let scanBudget = 50_000

    /// Whether every predicate holds for the stored event (its JSON decoded with its own context).
    public func keeps(_ r: EventRecord) -> Bool {
        guard !predicates.isEmpty else { return true }
        guard let event = Self.decode(r) else { return false }
        return predicates.allSatisfy { $0.holds(event) }
    }

    static func decode(_ r: EventRecord) -> EPCISEvent? {
        guard let json = try? JSONParser.parse(r.json) else { return nil }
        return try? EPCISEventDecoder(context: json.objectValue?["@context"]).decode(json)
    }
}

/// A query with `maxEventCount` that matches more events (EPCIS 2.0 QueryTooLargeException).
public struct QueryTooLarge: Error, Sendable, Equatable {
    public var maxEventCount: Int
}

/// A query that filters by master data, asked of a store that keeps none.
public struct MasterDataUnavailable: Error, Sendable, CustomStringConvertible {
    public var description: String { "this store keeps no EPCIS master data, so it cannot answer WD_, HASATTR_ or EQ_ATTR_ parameters" }
}
