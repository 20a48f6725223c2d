import Crypto
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanLedger
import JunkanNode
import JunkanStore
import JunkanTestSupport
import Synchronization
import Testing

/// `LogReader.proofs(eventHashes:)`, which a passport's trail uses: the same proofs as one event at a time, each one
/// verifying against the checkpoint, with the tiles read in a few batched reads (issue 26: on PostgreSQL each read is a
/// round trip), on every backend.
@Suite struct LogReaderBatchTests {
    let signer = try! NoteSigner(name: "test.example/log", privateKey: .init())

    @Test(.temporaryStore) func aTrailsProofsAreReadInAFewBatchesAndVerify() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        let events = (0..<700).map { SampleEvents.objectEvent($0) }
        try await tmp.application().test(.router) { client in
            let status = try await client.execute(
                uri: "/capture", method: .post,
                headers: [.authorization: "Bearer test-token", .contentType: "application/ld+json"],
                body: ByteBuffer(string: JSONWriter.string(SampleEvents.document(events)))
            ) { $0.status }
            #expect(status == .accepted)
        }
        try await LogIntegrator(store: tmp.store, signer: signer).integrate()
        let hasher = EventHash.Hasher(context: SampleEvents.context)
        // Leaves spread over the three level-0 tiles (the last one partial), one asked twice.
        let picked = [3, 250, 256, 511, 512, 699, 3].map { events[$0] }
        let hashes = try picked.map { try hasher.hash(event: $0) }

        let counting = CountingLedger(store: tmp.store)
        let batch = try await LogReader(store: counting).proofs(eventHashes: hashes)
        // Each proof lacks at most two tiles here (its level-0 tile, then level 1 or the partial right edge): two rounds,
        // two reads. One proof at a time, even with a shared cache, each distinct tile is a round of its own (four here:
        // three at level 0, one at level 1).
        #expect(counting.reads.withLock { $0 } == Reads(tile: 0, tiles: 2))
        let alone = CountingLedger(store: tmp.store)
        let aloneReader = LogReader(store: alone)
        for hash in hashes { _ = try await aloneReader.proof(eventHash: hash) }
        #expect(alone.reads.withLock { $0 } == Reads(tile: 0, tiles: 4))
        #expect(batch.count == 6)
        let single = LogReader(store: tmp.store)
        for hash in hashes {
            let proof = try #require(batch[hash] ?? nil)
            let one = try await single.proof(eventHash: hash)
            #expect(proof.proof == one.proof)
            #expect(proof.checkpoint.size == 700)
            try proof.proof.verify(leafHash: TreeHash.leaf(proof.leaf), logKey: signer.verifierKey)
        }
        // A tampered leaf does not verify against the checkpoint the batch proved it with.
        let first = try #require(batch[hashes[0]] ?? nil)
        #expect(throws: LedgerError.self) {
            try first.proof.verify(leafHash: TreeHash.leaf(first.leaf + [0]), logKey: signer.verifierKey)
        }
    }

    @Test(.temporaryStore) func anEventNotYetIntegratedHasNoProofAndAnUnknownOneIsAnError() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        let events = (0..<5).map { SampleEvents.objectEvent($0) }
        try await tmp.application().test(.router) { client in
            _ = try await client.execute(
                uri: "/capture", method: .post,
                headers: [.authorization: "Bearer test-token", .contentType: "application/ld+json"],
                body: ByteBuffer(string: JSONWriter.string(SampleEvents.document(events)))
            ) { $0.status }
        }
        let hasher = EventHash.Hasher(context: SampleEvents.context)
        let hashes = try events.map { try hasher.hash(event: $0) }
        let proofs = try await LogReader(store: tmp.store).proofs(eventHashes: hashes)
        #expect(proofs.count == 5 && proofs.values.allSatisfy { $0 == nil })
        await #expect(throws: LogReadError.self) {
            _ = try await LogReader(store: tmp.store).proofs(eventHashes: ["ni:///sha-256;" + String(repeating: "0", count: 64) + "?ver=CBV2.0"])
        }
    }
}

struct Reads: Equatable {
    var tile = 0
    var tiles = 0
}

/// A ledger store that counts its tile reads.
final class CountingLedger: LedgerStore {
    let store: any LedgerStore
    let reads = Mutex(Reads())
    init(store: any LedgerStore) { self.store = store }

    func tile(level: Int?, index: UInt64) async throws -> [UInt8]? {
        reads.withLock { $0.tile += 1 }
        return try await store.tile(level: level, index: index)
    }
    func tiles(_ coordinates: Set<TileCoordinate>) async throws -> [TileCoordinate: [UInt8]] {
        reads.withLock { $0.tiles += 1 }
        return try await store.tiles(coordinates)
    }
    func leafCount() async throws -> UInt64 { try await store.leafCount() }
    func leaves(from: UInt64, limit: Int) async throws -> [[UInt8]] { try await store.leaves(from: from, limit: limit) }
    func leaf(eventHash: String) async throws -> (index: UInt64, leaf: [UInt8])? { try await store.leaf(eventHash: eventHash) }
    func leaves(eventHashes: [String]) async throws -> [String: (index: UInt64, leaf: [UInt8])] { try await store.leaves(eventHashes: eventHashes) }
    func commitIntegration(tiles: [TilePath: [UInt8]], checkpoint: StoredCheckpoint) async throws {
        try await store.commitIntegration(tiles: tiles, checkpoint: checkpoint)
    }
    func latestCheckpoint() async throws -> StoredCheckpoint? { try await store.latestCheckpoint() }
    func checkpoints() async throws -> [StoredCheckpoint] { try await store.checkpoints() }
    func addCosignatures(size: UInt64, lines: [String: String]) async throws { try await store.addCosignatures(size: size, lines: lines) }
    func witnessedSize(witness: String) async throws -> UInt64 { try await store.witnessedSize(witness: witness) }
    func setWitnessedSize(witness: String, size: UInt64) async throws { try await store.setWitnessedSize(witness: witness, size: size) }
    func takeIntegrationLease(holder: String, now: Int64, duration: Int64) async throws -> Bool {
        try await store.takeIntegrationLease(holder: holder, now: now, duration: duration)
    }
}
