public import JunkanStore

/// The events a query matches among those committed after a position, read in commit order: what a subscription
/// (webhook or WebSocket) sends next.
public struct CommittedMatches: Sendable {
    public var events: [EventRecord]
    /// The sequence the reader stands at once these are sent: past the last match, or past everything read when the
    /// batch is not full (events passed over as not matching are not read again).
    public var reached: Int64
    /// Whether that is the end of what is committed.
    public var caughtUp: Bool

    /// At most `most` matches after `position`; `since`: events recorded before it are passed over.
    public static func read(
        _ store: any EventStore, after position: Int64, query: EventQuery, since: Int64?, most: Int
    ) async throws -> CommittedMatches {
        try await read(after: position, query: query, since: since, most: most) { try await store.events(committedAfter: $0, limit: $1) }
    }

    /// The same over any reader of committed events (a dispatcher's pass shares one read among its subscriptions).
    public static func read(
        after position: Int64, query: EventQuery, since: Int64?, most: Int,
        committed: @Sendable (_ after: Int64, _ limit: Int) async throws -> [CommittedEvent]
    ) async throws -> CommittedMatches {
        var matched: [EventRecord] = []
        var reached = position
        let read = 500
        while true {
            let batch = try await committed(reached, read)
            for c in batch {
                if since.map({ c.record.recordTime >= $0 }) ?? true, query.matches(c.record) {
                    matched.append(c.record)
                }
                reached = c.sequence
                if matched.count == most { return CommittedMatches(events: matched, reached: reached, caughtUp: false) }
            }
            if batch.count < read { return CommittedMatches(events: matched, reached: reached, caughtUp: true) }
        }
    }
}
