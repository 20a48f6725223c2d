public import JunkanStore

/// The events committed after a position, read once for a dispatcher's pass: each subscription reads from it what it
/// covers, and from the store what lies beyond (so a hundred subscriptions at the same place cost one read, not a hundred).
public struct CommittedWindow: Sendable {
    public var after: Int64
    public var events: [CommittedEvent]
    public static let empty = CommittedWindow(after: 0, events: [])
    /// At most this many events are held.
    public static let size = 5_000

    /// The events after `position` up to `head` (at most `size`); empty when there is nothing to share.
    public static func read(_ store: any EventStore, after position: Int64?, head: Int64) async -> CommittedWindow {
        guard let position, position < head, let events = try? await store.events(committedAfter: position, limit: size) else { return .empty }
        return CommittedWindow(after: position, events: events)
    }

    /// At most `limit` events committed after `position`: from the window when it holds them, from the store otherwise.
    public func events(after position: Int64, limit: Int, store: any EventStore) async throws -> [CommittedEvent] {
        guard let last = events.last, position >= after, position < last.sequence else {
            return try await store.events(committedAfter: position, limit: limit)
        }
        // Sequences rise but need not be consecutive: the first one past `position`.
        var lo = 0, hi = events.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if events[mid].sequence <= position { lo = mid + 1 } else { hi = mid }
        }
        let slice = Array(events[lo..<min(events.count, lo + limit)])
        // Past the window's end, the rest of a batch comes from the store.
        if slice.count < limit, let end = slice.last?.sequence ?? Optional(position) {
            return slice + (try await store.events(committedAfter: end, limit: limit - slice.count))
        }
        return slice
    }
}
