import Foundation
import JunkanCore
import JunkanSQLite
import JunkanStore
import JunkanTestSupport
import Testing

@testable import JunkanNode
@testable import JunkanServer

/// A capture is prepared in chunks, each while the store writes the one before (`CaptureService.chunkSize`). Its
/// outcome must be the outcome of one pass: the same events stored in document order, the same duplicates and errors,
/// one sequence of log leaves, and nothing stored when any event fails under rollback, whichever chunk it is in.
@Suite struct CapturePipelineTests {
    /// An event with a wrong Junkan term (negative emissions): it fails when its chunk is prepared.
    static func bad(_ n: Int) -> JSONValue { TraceSamples.transform([("V\(n)", 1)], [("X\(n)", 1)], ghg: -3, n: n) }

    /// An event that does not decode (an action EPCIS does not have): it fails before it is hashed.
    static func invalid(_ n: Int) -> JSONValue {
        guard case .object(var o) = SampleEvents.objectEvent(n) else { return SampleEvents.objectEvent(n) }
        o["action"] = "MOVE"
        return .object(o)
    }

    /// `count` events; those in `bad` fail when read for the trace graph, those in `invalid` when decoded;
    /// `repeats[i] = j` makes event i a copy of event j.
    static func document(
        _ count: Int, bad: Set<Int> = [], invalid: Set<Int> = [], repeats: [Int: Int] = [:],
        replace: [Int: JSONValue] = [:]
    ) -> JSONValue {
        SampleEvents.document(
            (0..<count).map { i in
                replace[i] ?? (bad.contains(i) ? Self.bad(i) : invalid.contains(i) ? Self.invalid(i) : SampleEvents.objectEvent(repeats[i] ?? i))
            })
    }

    static func withEventID(_ n: Int, _ id: String) -> JSONValue {
        guard case .object(var o) = SampleEvents.objectEvent(n) else { return SampleEvents.objectEvent(n) }
        o["eventID"] = .string(id)
        return .object(o)
    }

    @Test(.temporaryStore, arguments: [1, 7, 50, 1000])
    func chunksGiveTheOutcomeOfOnePass(chunkSize: Int) async throws {
        let tmp = try TemporaryStore.forTest()
        let org = try await tmp.organisation()
        let service = CaptureService(store: tmp.store, chunkSize: chunkSize)
        let doc = Self.document(60, bad: [3, 45], invalid: [1, 20], repeats: [30: 10, 52: 51])
        let outcome = try await service.capture(doc, organisation: org, behaviour: .proceed, jobID: "j")
        // Every refused event, in document order, whether it failed decoding or later.
        #expect(outcome.job.errors.map(\.index) == [1, 3, 20, 45])
        #expect(
            outcome.job.errors.map(\.pointer) == [
                "/epcisBody/eventList/1/action", "/epcisBody/eventList/3/junkan:ghgEmissions",
                "/epcisBody/eventList/20/action", "/epcisBody/eventList/45/junkan:ghgEmissions"
            ])
        #expect(outcome.job.eventCount == 60)
        #expect(outcome.result.duplicates.count == 2)
        #expect(outcome.job.storedCount == 54 && outcome.job.duplicateCount == 2 && outcome.job.status == .success)
        // Stored in document order, each with the next leaf.
        let expected = try (0..<60).filter { ![1, 3, 20, 45, 30, 52].contains($0) }.map { i in
            try EventHash.hash(event: SampleEvents.objectEvent(i), context: SampleEvents.context)
        }
        #expect(outcome.result.stored == expected)
        for (k, hash) in expected.enumerated() {
            let leaf = try await tmp.store.leaf(eventHash: hash)
            #expect(leaf?.index == UInt64(k), "event \(k)")
        }
        #expect(try await tmp.store.leaves(from: 0, limit: 100).count == 54)
        // A second capture of the same document stores nothing and continues nothing.
        let again = try await service.capture(doc, organisation: org, behaviour: .proceed, jobID: "k")
        #expect(again.result.stored.isEmpty && again.result.duplicates.count == 56)
        #expect(try await tmp.store.eventCount() == 54)
    }

    @Test(.temporaryStore, arguments: [0, 13, 59])
    func aFailureInAnyChunkStoresNothing(badEvent: Int) async throws {
        let tmp = try TemporaryStore.forTest()
        let org = try await tmp.organisation()
        let service = CaptureService(store: tmp.store, chunkSize: 7)
        do {
            _ = try await service.capture(Self.document(60, bad: [badEvent]), organisation: org, behaviour: .rollback, jobID: "j")
            Issue.record("the capture was accepted")
        } catch let e as EPCISValidationError {
            #expect(e.pointer.description == "/epcisBody/eventList/\(badEvent)/junkan:ghgEmissions")
        }
        #expect(try await tmp.store.eventCount() == 0)
        #expect(try await tmp.store.leaves(from: 0, limit: 10).isEmpty)
        // The next capture starts the log at its first leaf.
        let ok = try await service.capture(Self.document(20), organisation: org, behaviour: .rollback, jobID: "k")
        #expect(ok.result.stored.count == 20)
        #expect(try await tmp.store.leaf(eventHash: ok.result.stored[0])?.index == 0)
    }

    /// Under rollback the refusal names the first failing event in document order, whether it fails decoding or
    /// a later step, in the same chunk or in another.
    @Test(
        .temporaryStore,
        arguments: [
            (bad: 5, invalid: 40, first: "/epcisBody/eventList/5/junkan:ghgEmissions"),
            (bad: 2, invalid: 4, first: "/epcisBody/eventList/2/junkan:ghgEmissions"),
            (bad: 4, invalid: 2, first: "/epcisBody/eventList/2/action"),
            (bad: 40, invalid: 5, first: "/epcisBody/eventList/5/action")
        ])
    func theFirstFailingEventIsReported(bad: Int, invalid: Int, first: String) async throws {
        let tmp = try TemporaryStore.forTest()
        let org = try await tmp.organisation()
        let service = CaptureService(store: tmp.store, chunkSize: 7)
        do {
            _ = try await service.capture(Self.document(60, bad: [bad], invalid: [invalid]), organisation: org, behaviour: .rollback, jobID: "j")
            Issue.record("the capture was accepted")
        } catch let e as EPCISValidationError {
            #expect(e.pointer.description == first)
        }
        #expect(try await tmp.store.eventCount() == 0)
        #expect(try await tmp.store.leaves(from: 0, limit: 10).isEmpty)
    }

    /// A document with both an eventID taken by another event (an early chunk) and an invalid event (a later chunk) is
    /// refused for the invalid event, as it was when the whole document was prepared before anything was written.
    @Test(.temporaryStore) func anInvalidEventIsReportedBeforeAnEventIDConflict() async throws {
        let tmp = try TemporaryStore.forTest()
        let org = try await tmp.organisation()
        let service = CaptureService(store: tmp.store, chunkSize: 7)
        let first = try await service.capture(
            SampleEvents.document([Self.withEventID(1000, "urn:uuid:taken")]), organisation: org,
            behaviour: .rollback, jobID: "a")
        #expect(first.result.stored == ["urn:uuid:taken"])
        let clash = Self.withEventID(2, "urn:uuid:taken")
        do {
            _ = try await service.capture(Self.document(40, bad: [33], replace: [2: clash]), organisation: org, behaviour: .rollback, jobID: "b")
            Issue.record("the capture was accepted")
        } catch let e as EPCISValidationError {
            #expect(e.pointer.description == "/epcisBody/eventList/33/junkan:ghgEmissions")
        }
        do {
            _ = try await service.capture(Self.document(40, replace: [2: clash]), organisation: org, behaviour: .rollback, jobID: "c")
            Issue.record("the capture was accepted")
        } catch EventStoreError.eventIDConflict(let id) {
            #expect(id == "urn:uuid:taken")
        }
        #expect(try await tmp.store.eventCount() == 1)
    }
}
