import Synchronization

/// Writes submitted from many tasks at once, committed together: the first submitter writes what is pending, and what
/// is submitted while it writes goes in the next batch. A hundred subscribers acknowledged in the same moment cost one
/// transaction (one fsync) instead of a hundred, which otherwise queue behind each other and behind captures for the one
/// writer. Each submitter still returns only once its own write is committed: a position is never reported stored
/// before it is.
final class GroupCommit<Item: Sendable>: Sendable {
    typealias Write = @Sendable ([Item]) async throws -> [Bool]

    private struct Waiting: Sendable {
        var item: Item
        var continuation: CheckedContinuation<Bool, any Error>
    }

    private let state = Mutex<(waiting: [Waiting], writing: Bool)>(([], false))
    private let write: Write

    init(_ write: @escaping Write) { self.write = write }

    /// Whether `item` was written (as `write` reports it for its item), once its batch is committed.
    func submit(_ item: Item) async throws -> Bool {
        try await withCheckedThrowingContinuation { continuation in
            let lead = state.withLock { s in
                s.waiting.append(Waiting(item: item, continuation: continuation))
                if s.writing { return false }
                s.writing = true
                return true
            }
            if lead { Task { await self.drain() } }
        }
    }

    /// Writes batches until none is waiting.
    private func drain() async {
        while true {
            let batch = state.withLock { s in
                let b = s.waiting
                s.waiting = []
                if b.isEmpty { s.writing = false }
                return b
            }
            guard !batch.isEmpty else { return }
            do {
                let written = try await write(batch.map(\.item))
                for (i, w) in batch.enumerated() { w.continuation.resume(returning: i < written.count && written[i]) }
            } catch {
                for w in batch { w.continuation.resume(throwing: error) }
            }
        }
    }
}
