import JunkanCore
import JunkanLedger
import JunkanStore
import JunkanTestSupport
import Testing

/// `LedgerStore` and `AuditStore`: leaves sequenced with their events, in commit order without gaps; one integration
/// step stored whole or not at all; the audit reads every row as stored.
extension StoreContractTests {
    static func checkpoint(_ size: UInt64, root: UInt8 = 1) -> StoredCheckpoint {
        StoredCheckpoint(size: size, root: Array(repeating: root, count: 32), note: "origin\n\(size)\nroot\n\n— sig\n", createdAt: Int64(size))
    }

    @Test(arguments: StoreBackend.available) func leavesAreSequencedWithTheirEventsInCommitOrder(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let a = try Self.records(0..<3)
            var b = try Self.records(3..<6)
            b[1].leaf = []  // an event stored without a log entry gets no leaf number
            _ = try await store.capture(a)
            _ = try await store.capture(b)
            #expect(try await store.leafCount() == 5)
            let sequenced = a + [b[0], b[2]]
            #expect(try await store.leaves(from: 0, limit: 10) == sequenced.map(\.leaf))
            #expect(try await store.leaves(from: 3, limit: 1) == [b[0].leaf])
            #expect(try await store.leaves(from: 5, limit: 10).isEmpty)
            for (k, r) in sequenced.enumerated() {
                let stored = try #require(try await store.leaf(eventHash: r.eventHash))
                #expect(stored.index == UInt64(k) && stored.leaf == r.leaf)
            }
            #expect(try await store.leaf(eventHash: b[1].eventHash) == nil)
            // Several at once: the same answers, the leafless event absent.
            let many = try await store.leaves(eventHashes: (a + b).map(\.eventHash) + ["ni:///sha-256;none?ver=CBV2.0"])
            #expect(many.count == 5 && many[b[1].eventHash] == nil)
            #expect(sequenced.enumerated().allSatisfy { many[$1.eventHash]?.index == UInt64($0) && many[$1.eventHash]?.leaf == $1.leaf })
            // The audit sees the same: leaf numbers 1… without a gap, each event pointing at its own, rows in commit order.
            let leaves = try await store.auditLeaves(afterSeq: 0, limit: 10)
            #expect(leaves.map(\.seq) == [1, 2, 3, 4, 5])
            #expect(leaves.map(\.eventHash) == sequenced.map(\.eventHash))
            #expect(try await store.auditLeaves(afterSeq: 4, limit: 10).map(\.seq) == [5])
            let events = try await store.auditEvents(after: 0, limit: 10)
            #expect(events.map(\.eventID) == (a + b).map(\.eventID))
            #expect(events.map(\.leafSeq) == [1, 2, 3, 4, nil, 5])
            #expect(zip(events.dropFirst(), events).allSatisfy { $0.row > $1.row })
            #expect(events.map { Set($0.identifierRows) } == (a + b).map { Set($0.identifiers) })
            #expect(events.map(\.record.json) == (a + b).map(\.json))
            #expect(try await store.auditEvents(after: events[3].row, limit: 1).map(\.eventID) == [b[1].eventID])
            #expect(try await store.auditOrphanIdentifiers(limit: 10).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.available) func anIntegrationStepIsStoredWholeAndOnlyIfItsCheckpointIsNewer(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            #expect(try await store.latestCheckpoint() == nil)
            let partial = TilePath(level: 0, index: 0, width: 2)
            try await store.commitIntegration(tiles: [partial: Array(repeating: 1, count: 64)], checkpoint: Self.checkpoint(2))
            // A wider version of the tile replaces the narrower one; the checkpoint must be newer.
            try await store.commitIntegration(
                tiles: [TilePath(level: 0, index: 0, width: 3): Array(repeating: 1, count: 96), TilePath(level: nil, index: 0, width: 3): [9, 9]],
                checkpoint: Self.checkpoint(3))
            #expect(try await store.tile(level: 0, index: 0) == Array(repeating: 1, count: 96))
            #expect(try await store.tile(level: nil, index: 0) == [9, 9])
            #expect(try await store.tile(level: 1, index: 0) == nil)
            // Several tiles in one read, entry bundle included; one not stored is absent, not an error.
            let some = try await store.tiles([.init(level: 0, index: 0), .init(level: nil, index: 0), .init(level: 1, index: 0), .init(level: 0, index: 1)])
            #expect(some == [.init(level: 0, index: 0): Array(repeating: 1, count: 96), .init(level: nil, index: 0): [9, 9]])
            #expect(try await store.tiles([]).isEmpty)
            // Two integrators must never both win: a checkpoint not larger than the latest is refused, and none of its
            // tiles is written (not even the narrower copy of a stored tile).
            for size: UInt64 in [3, 2] {
                await #expect(throws: LedgerStoreError.checkpointNotNewer(size: size, latest: 3)) {
                    try await store.commitIntegration(
                        tiles: [partial: Array(repeating: 2, count: 64), TilePath(level: 1, index: 5, width: 1): [7]],
                        checkpoint: Self.checkpoint(size, root: 2))
                }
            }
            #expect(try await store.tile(level: 0, index: 0) == Array(repeating: 1, count: 96))
            #expect(try await store.tile(level: 1, index: 5) == nil)
            #expect(try await store.latestCheckpoint() == Self.checkpoint(3))
            #expect(try await store.checkpoints() == [Self.checkpoint(2), Self.checkpoint(3)])
            // A wider tile is kept over a narrower one written later by a newer step.
            try await store.commitIntegration(tiles: [partial: Array(repeating: 3, count: 64)], checkpoint: Self.checkpoint(4))
            #expect(try await store.tile(level: 0, index: 0) == Array(repeating: 1, count: 96))
            let tiles = try await store.auditTiles().sorted { ($0.level ?? -1, $0.index) < ($1.level ?? -1, $1.index) }
            #expect(tiles.map(\.level) == [nil, 0] && tiles.map(\.bytes) == [2, 96])
            let chain = try await store.auditCheckpointChain()
            #expect(chain.checkpoints.map(\.size) == [2, 3, 4])
            #expect(chain.checkpoints.map(\.previous) == [0, 2, 3])
        }
    }

    @Test(arguments: StoreBackend.available) func cosignaturesAndWitnessedSizesAreKept(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            try await store.commitIntegration(tiles: [:], checkpoint: Self.checkpoint(1))
            try await store.commitIntegration(tiles: [:], checkpoint: Self.checkpoint(2))
            try await store.addCosignatures(size: 2, lines: ["w1": "— w1 a\n", "w2": "— w2 b\n"])
            try await store.addCosignatures(size: 2, lines: ["w1": "— w1 c\n"])
            let latest = try #require(try await store.latestCheckpoint())
            #expect(latest.cosignatures == ["w1": "— w1 c\n", "w2": "— w2 b\n"])
            #expect(latest.cosignedNote == latest.note + "— w1 c\n— w2 b\n")
            #expect(try await store.checkpoints().map(\.cosignatures) == [[:], latest.cosignatures])
            #expect(try await store.auditCheckpointChain().cosigned == [2])
            #expect(try await store.witnessedSize(witness: "w1") == 0)
            try await store.setWitnessedSize(witness: "w1", size: 2)
            try await store.setWitnessedSize(witness: "w1", size: 5)
            #expect(try await store.witnessedSize(witness: "w1") == 5)
            #expect(try await store.witnessedSize(witness: "w2") == 0)
        }
    }

    @Test(arguments: StoreBackend.available) func oneHolderAtATimeIntegratesUntilItsLeaseRunsOut(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            func take(_ holder: String, _ now: Int64) async throws -> Bool {
                try await store.takeIntegrationLease(holder: holder, now: now, duration: 5_000)
            }
            let first = try await take("a", 1_000)
            #expect(first)
            #expect(try await take("b", 2_000) == false)
            // The holder renews before it runs out; the lease then lasts from the renewal.
            #expect(try await take("a", 5_000))
            #expect(try await take("b", 9_999) == false)
            // Not renewed: another takes it over once it has run out, and the first is then refused.
            #expect(try await take("b", 10_000))
            #expect(try await take("a", 10_001) == false)
        }
    }

    @Test(arguments: StoreBackend.available) func aWitnessFollowsLogsAndAdvancesOnlyFromTheSizeItExpects(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let key = try NoteVerifierKey(name: "example.com/log", type: .ed25519, publicKey: Array(repeating: 4, count: 32))
            #expect(try await store.followedLog(origin: "example.com/log") == nil)
            try await store.follow(origin: "example.com/log", key: key)
            try await store.follow(origin: "example.com/log", key: key)
            #expect(try await store.followedLog(origin: "example.com/log") == FollowedLog(origin: "example.com/log", keys: [key]))
            let root = try TreeHash(Array(repeating: 6, count: 32))
            let five = Checkpoint(origin: "example.com/log", size: 5, root: root)
            #expect(try await store.advance(origin: "example.com/log", expectedSize: 0, to: five, note: "n5"))
            // Two requests from the same size: only the first moves the log, so neither can roll it back.
            #expect(try await store.advance(origin: "example.com/log", expectedSize: 0, to: five, note: "n5") == false)
            #expect(try await store.advance(origin: "example.com/other", expectedSize: 0, to: five, note: "n5") == false)
            #expect(try await store.followedLog(origin: "example.com/log")?.size == 5)
            #expect(try await store.followedLog(origin: "example.com/log")?.root == root)
            #expect(try await store.cosignedRoot(origin: "example.com/log", size: 5) == root)
            #expect(try await store.cosignedNote(origin: "example.com/log", size: 5) == "n5")
            #expect(try await store.cosignedRoot(origin: "example.com/log", size: 4) == nil)
            #expect(try await store.cosignedNote(origin: "example.com/log", size: 4) == nil)
            try await store.recordEvidence(origin: "example.com/log", kind: "split-view", request: "r1", detail: "d1")
            try await store.recordEvidence(origin: "example.com/log", kind: "inconsistent", request: "r2", detail: "d2")
            #expect(try await store.evidence().map(\.kind) == ["split-view", "inconsistent"])
            #expect(try await store.evidence().map(\.request) == ["r1", "r2"])
        }
    }
}
