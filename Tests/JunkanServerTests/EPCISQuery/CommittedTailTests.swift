import Foundation
import JunkanCore
import JunkanNode
import JunkanStore
import JunkanTestSupport
import Testing

/// `CommittedTail` answers exactly as the store does, from any position and for any limit, as events keep being
/// committed and while many subscribers ask at once.
@Suite struct CommittedTailTests {
    func capture(_ tmp: TemporaryStore, _ org: Organisation, _ range: Range<Int>) async throws {
        _ = try await CaptureService(store: tmp.store).capture(
            SampleEvents.document(range.map { SampleEvents.objectEvent($0) }), organisation: org, behaviour: .rollback, jobID: UUID().uuidString)
    }

    func same(_ tail: CommittedTail, _ store: any EventStore, after p: Int64, limit: Int) async throws -> Bool {
        let fromTail = try await tail.events(after: p, limit: limit).map(\.sequence)
        let fromStore = try await store.events(committedAfter: p, limit: limit).map(\.sequence)
        return fromTail == fromStore
    }

    @Test func answersAsTheStoreDoesAsEventsAreCommitted() async throws {
        let tmp = try await TemporaryStore()
        defer { tmp.remove() }
        let org = try await tmp.organisation()
        try await capture(tmp, org, 0..<30)
        let tail = CommittedTail(store: tmp.store)
        // The first subscriber stands in the middle: the tail starts there, and older positions are read from the store.
        #expect(try await same(tail, tmp.store, after: 12, limit: 5))
        for p: Int64 in [0, 5, 12, 17, 29, 30, 31] {
            for limit in [1, 7, 100] { #expect(try await same(tail, tmp.store, after: p, limit: limit), "after \(p), limit \(limit)") }
        }
        // Short answers are read again: what was committed since comes too.
        try await capture(tmp, org, 30..<45)
        for p: Int64 in [20, 30, 44] { #expect(try await same(tail, tmp.store, after: p, limit: 100), "after \(p)") }
        #expect(try await tail.events(after: 0, limit: 100).count == 45)
    }

    @Test func manySubscribersAtOnceGetTheSameAnswer() async throws {
        let tmp = try await TemporaryStore()
        defer { tmp.remove() }
        let org = try await tmp.organisation()
        try await capture(tmp, org, 0..<200)
        let tail = CommittedTail(store: tmp.store)
        let expected = try await tmp.store.events(committedAfter: 0, limit: 500).map(\.sequence)
        let answers = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for _ in 0..<50 { group.addTask { try await tail.events(after: 0, limit: 500).map(\.sequence) } }
            var all: [[Int64]] = []
            for try await a in group { all.append(a) }
            return all
        }
        #expect(answers.count == 50 && answers.allSatisfy { $0 == expected })
    }
}
