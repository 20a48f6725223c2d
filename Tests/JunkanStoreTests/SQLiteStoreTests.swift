import Foundation
import JunkanCore
import JunkanNode
import JunkanSQLite
import JunkanStore
import JunkanTestSupport
import Testing

/// The SQLite store on real files in a temporary folder.
@Suite struct SQLiteStoreTests {
    static let context = SampleEvents.context

    func records(_ range: Range<Int>, org: String = "org-1", recordTime: Int64 = 1_000) throws -> [EventRecord] {
        let decoder = EPCISEventDecoder(context: Self.context)
        let hasher = EventHash.Hasher(context: Self.context)
        return try range.map { n in
            let raw = SampleEvents.objectEvent(n)
            return try CaptureService.record(
                for: try decoder.decode(raw), raw: raw, context: Self.context, hasher: hasher,
                organisationID: org, recordTime: recordTime + Int64(n))
        }
    }

    @Test(.temporarySQLiteStore) func storesEventsWithTheirOrganisationAndReadsThemBack() async throws {
        let tmp = try TemporaryStore.forTest()
        let r = try records(0..<3)
        let result = try await tmp.store.capture(r)
        #expect(result.stored == r.map(\.eventID))
        let back = try #require(try await tmp.store.event(id: r[1].eventID))
        #expect(back == r[1])
        #expect(back.organisationID == "org-1")
        #expect(back.identifiers == [EventIdentifier(role: .epc, id: "https://id.gs1.org/01/04012345111118/21/1")])
    }

    @Test(.temporarySQLiteStore) func theSameEventTwiceIsADuplicateNotASecondRow() async throws {
        let tmp = try TemporaryStore.forTest()
        let r = try records(0..<2)
        _ = try await tmp.store.capture(r)
        let again = try await tmp.store.capture(r + (try records(2..<3)))
        #expect(again.duplicates == r.map(\.eventHash))
        #expect(again.stored.count == 1)
        #expect(try await tmp.store.eventCount() == 3)
    }

    @Test(.temporarySQLiteStore) func aConflictingEventIDRollsBackTheWholeBatch() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.store.capture(try records(0..<1))
        var batch = try records(5..<8)
        batch[2].eventID = try records(0..<1)[0].eventID  // a different event under a taken ID
        await #expect(throws: EventStoreError.eventIDConflict(eventID: batch[2].eventID)) { try await tmp.store.capture(batch) }
        #expect(try await tmp.store.eventCount() == 1)
    }

    @Test(.temporarySQLiteStore) func survivesReopening() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.store.capture(try records(0..<10))
        let reopened = try SQLiteStore(path: tmp.path)
        #expect(try await reopened.eventCount() == 10)
    }

    @Test(.temporarySQLiteStore) func pagesByRecordTimeWithoutGapsOrRepeats() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.store.capture(try records(0..<25))
        var q = EventQuery()
        q.perPage = 7
        var seen: [String] = []
        while true {
            let page = try await tmp.store.events(matching: q)
            seen += page.events.map(\.eventID)
            guard let next = page.next else { break }
            q.after = next
        }
        #expect(seen == (try records(0..<25)).map(\.eventID))
    }

    @Test(.temporarySQLiteStore) func organisationsAreFoundByTokenHashOnly() async throws {
        let tmp = try TemporaryStore.forTest()
        let org = try await tmp.organisation("Recycler", token: "s3cret")
        #expect(try await tmp.store.organisation(tokenHash: TokenHash.sha256Hex("s3cret")) == org)
        #expect(try await tmp.store.organisation(tokenHash: TokenHash.sha256Hex("guess")) == nil)
    }
}
