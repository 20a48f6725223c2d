import JunkanCore
import JunkanLedger
import JunkanStore
import JunkanTestSupport
import Testing

/// `ReleaseRecordStore`: a release record is a leaf numbered among the captures' leaves, in commit order, and the record
/// reads back as stored, its lists in byte order.
extension StoreContractTests {
    @Test(arguments: StoreBackend.available) func releaseRecordsAreLeavesSequencedAmongTheCaptures(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let before = try Self.records(0..<2)
            let after = try Self.records(2..<3)
            _ = try await store.capture(before)
            let record = ReleaseRecord(
                releasedAt: 1_700_000_000_123, requester: "https://b.example", organisations: ["org-1", "org-0", "org-1"],
                eventHashes: before.map(\.eventHash).reversed())
            #expect(try await store.recordRelease(record) == 2)
            _ = try await store.capture(after)
            #expect(try await store.leafCount() == 4)
            let leaves = try await store.leaves(from: 0, limit: 10)
            #expect(leaves == [before[0].leaf, before[1].leaf, try record.leaf.bytes, after[0].leaf])
            #expect(try await store.leaf(eventHash: after[0].eventHash)?.index == 3)
            var stored = record
            stored.leafIndex = 2
            #expect(try await store.releaseRecords(from: 0, limit: 10) == [stored])
            #expect(stored.organisations == ["org-0", "org-1"] && stored.eventHashes == before.map(\.eventHash).sorted())
            #expect(try await store.releaseRecords(from: 3, limit: 10).isEmpty)
            // The audit reads the record's leaf row under the record's key, not an event hash.
            #expect(try await store.auditLeaves(afterSeq: 2, limit: 1).map(\.eventHash) == [ReleaseRecord.leafKey(index: 2)])
            #expect(try ReleaseLeaf(parsing: leaves[2]) == (try record.leaf))
        }
    }
}
