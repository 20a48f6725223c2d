import Foundation
import JunkanCore
import JunkanStore
import JunkanTestSupport
import Testing

/// `EventStore`: capture is all or nothing and idempotent, queries filter on every indexed column, pages are stable.
extension StoreContractTests {
    @Test(arguments: StoreBackend.available) func captureStoresNewEventsAndReportsRepeatsAsDuplicates(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let r = try Self.records(0..<3)
            let first = try await store.capture(r)
            #expect(first == CaptureResult(stored: r.map(\.eventID), duplicates: []))
            let fourth = try Self.records(3..<4)
            let again = try await store.capture(r + fourth)
            #expect(again.stored == fourth.map(\.eventID))
            #expect(again.duplicates == r.map(\.eventHash))
            #expect(try await store.eventCount() == 4)
            // A repeat is not sequenced again: one leaf per stored event.
            #expect(try await store.leafCount() == 4)
            // Read back as stored; the leaf is the log's to serve (`LedgerStore`), not the event's.
            var second = r[1]
            second.leaf = []
            let back = try await store.event(id: r[1].eventID)
            #expect(back.map { EventRecord(copying: $0, identifiersSorted: true) } == EventRecord(copying: second, identifiersSorted: true))
            #expect(try await store.event(id: "urn:uuid:no-such-event") == nil)
        }
    }

    @Test(arguments: StoreBackend.available) func aConflictingEventIDStoresNothingOfTheBatch(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let taken = try Self.records(0..<1)
            _ = try await store.capture(taken)
            var batch = try Self.records(5..<8)
            batch[2].eventID = taken[0].eventID  // a different event under a taken ID, after two good ones
            await #expect(throws: EventStoreError.eventIDConflict(eventID: taken[0].eventID)) { try await store.capture(batch) }
            #expect(try await store.eventCount() == 1)
            #expect(try await store.leafCount() == 1)
            #expect(try await store.event(id: batch[0].eventID) == nil)
            // The sequence did not move: the next capture's leaf follows the first one's.
            let next = try Self.records(9..<10)
            _ = try await store.capture(next)
            #expect(try await store.leaf(eventHash: next[0].eventHash)?.index == 1)
        }
    }

    struct ChunkFailed: Error {}

    @Test(arguments: StoreBackend.available) func aCaptureInChunksIsOneTransactionInChunkOrder(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let chunks = try (0..<3).map { try Self.records($0 * 10..<$0 * 10 + 10) }
            await #expect(throws: ChunkFailed.self) {
                try await store.capture(chunks: 3) { k in
                    if k == 2 { throw ChunkFailed() }
                    return chunks[k]
                }
            }
            #expect(try await store.eventCount() == 0)
            #expect(try await store.leafCount() == 0)
            let result = try await store.capture(chunks: 3) { chunks[$0] }
            #expect(result.stored == chunks.flatMap { $0.map(\.eventID) })
            #expect(try await store.leaves(from: 0, limit: 100) == chunks.flatMap { $0.map(\.leaf) })
        }
    }

    @Test(arguments: StoreBackend.available) func queriesFilterOnEveryIndexedColumn(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let objects = try Self.records(0..<6)
            let transformations = try Self.records(0..<2, org: "org-2", recordTime: 5_000, transformation: true)
            _ = try await store.capture(objects + transformations)
            func ids(_ configure: (inout EventQuery) -> Void) async throws -> [String] {
                var q = EventQuery()
                configure(&q)
                return try await Self.all(store, q).map(\.eventID)
            }
            #expect(try await ids { _ in } == (objects + transformations).map(\.eventID))
            #expect(try await ids { $0.eventTypes = ["TransformationEvent"] } == transformations.map(\.eventID))
            #expect(try await ids { $0.actions = ["OBSERVE"] } == objects.map(\.eventID))
            let receiving = try #require(objects[1].bizStep)
            #expect(try await ids { $0.bizSteps = [receiving] } == [1, 3, 5].map { objects[$0].eventID })
            #expect(try await ids { $0.dispositions = [objects[0].disposition!] } == objects.map(\.eventID))
            #expect(try await ids { $0.readPoints = [objects[0].readPoint!] } == objects.map(\.eventID))
            #expect(try await ids { $0.bizLocations = ["https://id.gs1.org/414/0000000000000"] }.isEmpty)
            #expect(try await ids { $0.eventIDs = [objects[2].eventID, transformations[1].eventID] } == [objects[2].eventID, transformations[1].eventID])
            #expect(
                try await ids {
                    $0.eventTimeFrom = objects[2].eventTime; $0.eventTimeTo = objects[4].eventTime
                } == [2, 3].map { objects[$0].eventID })
            #expect(try await ids { $0.recordTimeFrom = 5_000 } == transformations.map(\.eventID))
            #expect(try await ids { $0.recordTimeTo = 1_001 } == [objects[0].eventID])
            // Identifier matches: exactly, or everything under a class; roles narrow them.
            let epc = try #require(objects[3].identifiers.first { $0.role == .epc })
            #expect(try await ids { $0.identifierMatches = [([.epc], [.init(value: epc.id, isPrefix: false)])] } == [objects[3].eventID])
            #expect(try await ids { $0.identifierMatches = [([.inputClass], [.init(value: epc.id, isPrefix: false)])] }.isEmpty)
            // A class matches itself and what is below it, by whole path segments: the GTIN takes in both lots.
            let output = try #require(transformations[1].identifiers.first { $0.role == .outputClass })
            let gtin = try #require(output.id.range(of: "/10/")).lowerBound
            #expect(
                try await ids { $0.identifierMatches = [([.outputClass], [.init(value: String(output.id[..<gtin]), isPrefix: true)])] }
                    == transformations.map(\.eventID))
            #expect(try await ids { $0.identifierMatches = [([.outputClass], [.init(value: output.id, isPrefix: true)])] } == [transformations[1].eventID])
            #expect(try await ids { $0.identifierMatches = [([.outputClass], [.init(value: String(output.id.dropLast()), isPrefix: true)])] }.isEmpty)
            // Several parameters are AND'ed; the values of one are OR'ed.
            #expect(
                try await ids {
                    $0.identifierMatches = [([.epc], [.init(value: epc.id, isPrefix: false), .init(value: "https://id.gs1.org/01/1/21/x", isPrefix: false)])]
                    $0.bizSteps = [receiving]
                } == [objects[3].eventID])
        }
    }

    @Test(arguments: StoreBackend.available) func ordersByEitherTimeInEitherDirection(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            // Captured newest event first, so record times (commit order) run opposite to event times.
            var r = Array(try Self.records(0..<5).reversed())
            for k in r.indices { r[k].recordTime = 10_000 + Int64(k) }
            _ = try await store.capture(r)
            var q = EventQuery()
            q.perPage = 2
            #expect(try await Self.all(store, q).map(\.eventID) == r.map(\.eventID))
            q.direction = .descending
            #expect(try await Self.all(store, q).map(\.eventID) == r.reversed().map(\.eventID))
            q.orderBy = .eventTime
            #expect(try await Self.all(store, q).map(\.eventID) == r.map(\.eventID))
            q.direction = .ascending
            #expect(try await Self.all(store, q).map(\.eventID) == r.reversed().map(\.eventID))
        }
    }

    /// Keyset paging: events stored while a reader pages (later, as they always are) never make it skip or repeat one.
    @Test(arguments: StoreBackend.available) func pagingIsStableWhileEventsAreAdded(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let before = try Self.records(0..<10)
            _ = try await store.capture(before)
            var q = EventQuery()
            q.perPage = 3
            var seen: [String] = []
            var added = 10
            while true {
                let page = try await store.events(matching: q)
                seen += page.events.map(\.eventID)
                // Same record times as some already read, and later ones: neither may shift the pages.
                _ = try await store.capture(try Self.records(added..<added + 2, recordTime: 1_000 - 10))
                added += 2
                guard let next = page.next else { break }
                q.after = next
            }
            #expect(Set(seen).count == seen.count)
            #expect(Array(seen.prefix(10)) == before.map(\.eventID))
        }
    }

    /// A capture stamped before another that committed first (a large document's first chunk is made before it takes the
    /// writer) is committed at the later time, in its JSON too: recordTime order is commit order, so a reader who paged
    /// past the first capture still finds the late one on its next page.
    @Test(arguments: StoreBackend.available) func anEventCommittedLateIsNeverBehindAReadersCursor(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let first = try Self.records(0..<2, recordTime: 5_000)
            _ = try await store.capture(first)
            var q = EventQuery()
            q.perPage = 2
            let page = try await store.events(matching: q)
            #expect(page.events.map(\.eventID) == first.map(\.eventID) && page.next == nil)
            let late = try Self.records(2..<4, recordTime: 1_000)
            _ = try await store.capture(late)
            // Where a reader who read both stands: the last event's time and row.
            let lastRow = try #require(try await store.auditEvents(after: 0, limit: 2).last).row
            q.after = PageCursor(sortValue: first[1].recordTime, row: lastRow)
            let next = try await store.events(matching: q)
            #expect(next.events.map(\.eventID) == late.map(\.eventID))
            #expect(next.events.allSatisfy { $0.recordTime == 5_001 })
            let stored = try #require(try await store.event(id: late[0].eventID))
            #expect(stored.json.contains("\"recordTime\":\"1970-01-01T00:00:05.001Z\""))
            #expect(stored.eventHash == late[0].eventHash)
            // On time again: a capture stamped after every committed one keeps its own time.
            let onTime = try Self.records(10..<11, recordTime: 9_000)
            _ = try await store.capture(onTime)
            #expect(try await store.event(id: onTime[0].eventID)?.recordTime == 9_010)
        }
    }

    /// A reader that keeps the last sequence it read (a watermark) reads each committed event once, in commit order,
    /// whatever its times, and then only what was committed after.
    @Test(arguments: StoreBackend.available) func aWatermarkReadsEveryCommitOnceInCommitOrder(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            #expect(try await store.events(committedAfter: 0, limit: 10).isEmpty)
            let a = try Self.records(0..<3, recordTime: 9_000)
            let b = try Self.records(3..<5, recordTime: 1_000)
            _ = try await store.capture(a)
            let firstRead = try await store.events(committedAfter: 0, limit: 2)
            #expect(firstRead.map(\.record.eventID) == a.prefix(2).map(\.eventID))
            _ = try await store.capture(b + a)  // b is late (earlier times); a's events are repeats and are not committed again
            var watermark = try #require(firstRead.last).sequence
            var rest: [CommittedEvent] = []
            while true {
                let page = try await store.events(committedAfter: watermark, limit: 2)
                guard let last = page.last else { break }
                rest += page
                watermark = last.sequence
            }
            #expect(rest.map(\.record.eventID) == [a[2].eventID] + b.map(\.eventID))
            let all = firstRead + rest
            #expect(zip(all.dropFirst(), all).allSatisfy { $0.sequence > $1.sequence })
            #expect(try await store.events(committedAfter: watermark, limit: 10).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.available) func organisationsAreFoundByTokenHashAndID(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let hosted = try await store.addOrganisation(name: "Recycler", tokenHash: TokenHash.sha256Hex("s3cret"), key: .newHosted())
            let own = try await store.addOrganisation(
                name: "Molder", tokenHash: TokenHash.sha256Hex("other"), key: .own(publicKey: Array(repeating: 7, count: 32)))
            #expect(hosted.id != own.id)
            #expect(try await store.organisation(tokenHash: TokenHash.sha256Hex("s3cret")) == hosted)
            #expect(try await store.organisation(tokenHash: TokenHash.sha256Hex("guess")) == nil)
            #expect(try await store.organisation(id: own.id) == own)
            #expect(try await store.organisation(id: "org-none") == nil)
            #expect(try await store.organisations() == [hosted, own].sorted { $0.id < $1.id })
            #expect(try await store.auditPublicKeys() == [hosted.id: hosted.key.publicKey, own.id: own.key.publicKey])
        }
    }

    @Test(arguments: StoreBackend.available) func aJobIsSavedAndThenUpdatedInPlace(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            var job = CaptureJob(
                id: "job-1", organisationID: "org-1", createdAt: 5, finishedAt: nil, status: .running, errorBehaviour: "rollback",
                eventCount: 3, storedCount: 0, duplicateCount: 0, errors: [])
            try await store.saveJob(job)
            #expect(try await store.job(id: "job-1") == job)
            job.status = .failed
            job.finishedAt = 9
            job.storedCount = 1
            job.duplicateCount = 1
            job.errors = [.init(index: 2, pointer: "/epcisBody/eventList/2/eventTime", detail: "not a time")]
            try await store.saveJob(job)
            #expect(try await store.job(id: "job-1") == job)
            #expect(try await store.job(id: "job-2") == nil)
        }
    }
}

extension EventRecord {
    /// The record with its identifiers in one order: a store keeps them as a set.
    init(copying r: EventRecord, identifiersSorted: Bool) {
        self = r
        if identifiersSorted { identifiers.sort { ($0.role.rawValue, $0.id) < ($1.role.rawValue, $1.id) } }
    }
}
