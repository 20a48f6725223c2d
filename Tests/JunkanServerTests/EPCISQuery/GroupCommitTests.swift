import Synchronization
import Testing

@testable import JunkanNode

/// `GroupCommit`: what many tasks submit while a write is under way is written together, and each submitter gets its
/// own item's answer only after the batch holding it is written.
@Suite struct GroupCommitTests {
    final class Log: Sendable {
        let batches = Mutex<[[Int]]>([])
        let written = Mutex<Set<Int>>([])
    }

    @Test func submissionsDuringAWriteGoInTheNextBatchAndEachGetsItsAnswer() async throws {
        let log = Log()
        let commit = GroupCommit<Int> { items in
            log.batches.withLock { $0.append(items) }
            // A slow commit (an fsync): what arrives meanwhile waits for the next.
            try await Task.sleep(for: .milliseconds(50))
            log.written.withLock { $0.formUnion(items) }
            // Odd items are refused (a position another process moved).
            return items.map { $0 % 2 == 0 }
        }
        let answers = try await withThrowingTaskGroup(of: (Int, Bool, Bool).self) { group in
            for i in 0..<40 {
                group.addTask {
                    let ok = try await commit.submit(i)
                    // Answered only once the item is written.
                    return (i, ok, log.written.withLock { $0.contains(i) })
                }
            }
            var out: [(Int, Bool, Bool)] = []
            for try await a in group { out.append(a) }
            return out
        }
        #expect(answers.count == 40)
        #expect(answers.allSatisfy { $0.1 == ($0.0 % 2 == 0) && $0.2 })
        let batches = log.batches.withLock { $0 }
        #expect(batches.flatMap { $0 }.sorted() == Array(0..<40))
        // Forty submissions in far fewer transactions.
        #expect(batches.count < 10, "\(batches.map(\.count))")
    }

    struct Refused: Error {}

    @Test func aFailedWriteFailsEverySubmitterOfItsBatchAndTheNextBatchStillRuns() async throws {
        let calls = Mutex(0)
        let commit = GroupCommit<Int> { items in
            let n = calls.withLock { c in
                c += 1
                return c
            }
            if n == 1 { throw Refused() }
            return items.map { _ in true }
        }
        await #expect(throws: Refused.self) { try await commit.submit(1) }
        #expect(try await commit.submit(2))
    }
}
