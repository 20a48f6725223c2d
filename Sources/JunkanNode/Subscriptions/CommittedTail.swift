public import JunkanStore
import Synchronization

/// The events committed last, kept for all the subscriptions a dispatcher serves: a hundred subscribers of a busy query
/// stand at about the same place, and each asks for what follows it; the first to ask past the tail reads it from the
/// store (one read at a time) and the others take it from here. Without it each subscriber read and decoded the same
/// events from the store for itself.
///
/// It answers as the store does (`EventStore.events(committedAfter:limit:)`): a batch shorter than `limit` means nothing
/// more is committed, so the tail reads the store again before it answers short.
public final class CommittedTail: Sendable {
    /// At most this many events are kept (the oldest go first).
    public static let capacity = 10_000
    /// Events read from the store at once.
    static let readSize = 2_000

    private struct State {
        /// The events are those committed after `after`, in commit order, with none missing; nil before the first read.
        var after: Int64?
        var events: [CommittedEvent] = []
        /// The read under way, which the others wait for.
        var reading: Task<Int, any Error>?
    }

    private let state = Mutex(State())
    private let store: any EventStore

    public init(store: any EventStore) { self.store = store }

    /// At most `limit` events committed after `position`.
    public func events(after position: Int64, limit: Int) async throws -> [CommittedEvent] {
        var readAgain = true
        while true {
            enum Next {
                case answer([CommittedEvent])
                case wait(Task<Int, any Error>)
                case direct
            }
            let next: Next = state.withLock { s in
                // Older than the tail: not kept here.
                if let after = s.after, position < after { return .direct }
                let slice = s.after == nil ? [] : Self.slice(s.events, after: position, limit: limit)
                if slice.count == limit || !readAgain { return .answer(slice) }
                if let reading = s.reading { return .wait(reading) }
                // Past the tail's end (or before the first read): the tail starts again where this subscriber stands,
                // rather than reading up to it.
                if position > (s.events.last?.sequence ?? s.after ?? Int64.min) { (s.after, s.events) = (position, []) }
                // Short: the store may hold more past the tail's end.
                let end = s.events.last?.sequence ?? position
                let task = Task<Int, any Error> { [store] in
                    do {
                        return self.append(try await store.events(committedAfter: end, limit: Self.readSize), after: end)
                    } catch {
                        self.state.withLock { $0.reading = nil }
                        throw error
                    }
                }
                s.reading = task
                return .wait(task)
            }
            switch next {
            case .answer(let events): return events
            case .direct: return try await store.events(committedAfter: position, limit: limit)
            case .wait(let task):
                // Nothing new committed: what the tail holds is the answer, short or not.
                if try await task.value == 0 { readAgain = false }
            }
        }
    }

    /// Adds what a read found past `end` (the tail's end when the read began), drops the oldest past `capacity`, and
    /// says how many it added.
    private func append(_ events: [CommittedEvent], after end: Int64) -> Int {
        state.withLock { s in
            s.reading = nil
            guard (s.events.last?.sequence ?? s.after) == end else { return 0 }
            s.events += events
            if s.events.count > Self.capacity {
                let drop = s.events.count - Self.capacity
                s.after = s.events[drop - 1].sequence
                s.events.removeFirst(drop)
            }
            return events.count
        }
    }

    /// The events after `position`, at most `limit`. Sequences rise but need not be consecutive: the first one past it.
    static func slice(_ events: [CommittedEvent], after position: Int64, limit: Int) -> [CommittedEvent] {
        var lo = 0, hi = events.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if events[mid].sequence <= position { lo = mid + 1 } else { hi = mid }
        }
        return Array(events[lo..<min(events.count, lo + limit)])
    }
}
