public import JunkanLedger
public import JunkanStore

/// Reads the log for proofs: tree hashes come from stored tiles (expanded once into a shared `TileCache`),
/// so an inclusion or consistency proof is a few lookups.
public struct LogReader: Sendable {
    package let store: any LedgerStore
    package let cache: TileCache

    public init(store: any LedgerStore, cache: TileCache = TileCache()) {
        self.store = store
        self.cache = cache
    }

    /// Runs `body` over the tiles of a tree of `size`, fetching from the store whatever tile it lacks (`box`: tiles
    /// fetched already, shared by the proofs of one answer).
    public func withTiles<T>(size: UInt64, _ body: (TileHashSource) throws -> T) async throws -> T {
        try await withTiles(size: size, box: FetchBox(), body)
    }

    private func withTiles<T>(size: UInt64, box: FetchBox, _ body: (TileHashSource) throws -> T) async throws -> T {
        for _ in 0..<256 {
            box.missing = nil
            do {
                return try body(source(size: size, box: box))
            } catch {
                guard let lacked = box.missing else { throw error }
                guard let tile = try await store.tile(level: lacked.level, index: lacked.index) else { throw error }
                box.fetched[lacked] = tile
            }
        }
        throw LedgerError.missingHash("a proof needed more than 256 tiles")
    }

    /// Hashes from the shared cache, else from the tiles `box` fetched; the first tile it lacks is noted in `box.missing`.
    private func source(size: UInt64, box: FetchBox) -> TileHashSource {
        TileHashSource(size: size, cache: cache) { level, index, _ in
            let c = TileCoordinate(level: level, index: index)
            if let t = box.fetched[c] { return t }
            if box.missing == nil { box.missing = c }
            return nil
        }
    }

    public func inclusionProof(index: UInt64, size: UInt64) async throws -> [TreeHash] {
        try await withTiles(size: size) { try $0.inclusionProof(index: index, size: size) }
    }

    public func consistencyProof(from old: UInt64, to new: UInt64) async throws -> [TreeHash] {
        try await withTiles(size: new) { try $0.consistencyProof(from: old, to: new) }
    }

    public func root(size: UInt64) async throws -> TreeHash {
        try await withTiles(size: size) { try $0.rootHash(size: size) }
    }

    /// The offline proof (C2SP tlog-proof@v1) for an event: its leaf as the extra data, the inclusion proof, and
    /// the latest cosigned checkpoint.
    public func proof(eventHash: String) async throws -> EventProof {
        try await proof(eventHash: eventHash, checkpoint: try await store.latestCheckpoint(), box: FetchBox())
    }

    /// The proofs of several events against one checkpoint (the latest), read once, with the tiles they share fetched
    /// once: a passport's trail of a hundred steps asks the store for the checkpoint and the right edge of the tree once,
    /// not a hundred times (issue 26: on PostgreSQL every read is a round trip). The tiles are fetched in rounds: each
    /// round computes every proof still pending and reads, in one `LedgerStore.tiles`, the tile each one lacked first,
    /// so a trail costs as many reads as one proof has tile levels, not one per tile. nil where an event is not yet
    /// integrated.
    public func proofs(eventHashes: [String]) async throws -> [String: EventProof?] {
        async let latestRead = store.latestCheckpoint()
        async let leavesRead = store.leaves(eventHashes: eventHashes)
        let (latest, leaves) = try await (latestRead, leavesRead)
        var proofs: [String: EventProof?] = [:]
        var pending: [(hash: String, index: UInt64, leaf: [UInt8])] = []
        var seen = Set<String>()
        for hash in eventHashes where seen.insert(hash).inserted {
            guard let (index, leaf) = leaves[hash] else { throw LogReadError.unknownEvent(hash) }
            proofs[hash] = .some(nil)  // not integrated yet, unless its proof is found below
            if let checkpoint = latest, checkpoint.size > index { pending.append((hash, index, leaf)) }
        }
        guard let checkpoint = latest else { return proofs }
        let box = FetchBox()
        for _ in 0..<64 where !pending.isEmpty {
            var missing = Set<TileCoordinate>()
            var still: [(hash: String, index: UInt64, leaf: [UInt8])] = []
            for p in pending {
                box.missing = nil
                do {
                    let path = try source(size: checkpoint.size, box: box).inclusionProof(index: p.index, size: checkpoint.size)
                    proofs[p.hash] = EventProof(
                        eventHash: p.hash, leaf: p.leaf, checkpoint: checkpoint,
                        proof: TlogProof(extra: p.leaf, index: p.index, proof: path, checkpoint: checkpoint.cosignedNote))
                } catch {
                    guard let lacked = box.missing else { throw error }
                    missing.insert(lacked)
                    still.append(p)
                }
            }
            pending = still
            guard !missing.isEmpty else { break }
            let fetched = try await store.tiles(missing)
            for c in missing {
                guard let tile = fetched[c] else { throw LedgerError.missingHash("tile \(c.level.map(String.init) ?? "entries")/\(c.index) is not stored") }
                box.fetched[c] = tile
            }
        }
        guard pending.isEmpty else { throw LedgerError.missingHash("a proof needed more than 64 rounds of tiles") }
        return proofs
    }

    private func proof(eventHash: String, checkpoint latest: StoredCheckpoint?, box: FetchBox) async throws -> EventProof {
        guard let found = try await store.leaf(eventHash: eventHash) else { throw LogReadError.unknownEvent(eventHash) }
        return try await proof(eventHash: eventHash, found, checkpoint: latest, box: box)
    }

    private func proof(
        eventHash: String, _ found: (index: UInt64, leaf: [UInt8]), checkpoint latest: StoredCheckpoint?, box: FetchBox
    ) async throws -> EventProof {
        let (index, leaf) = found
        guard let checkpoint = latest, checkpoint.size > index else {
            throw LogReadError.notYetIntegrated(index: index, size: latest?.size ?? 0)
        }
        let path = try await withTiles(size: checkpoint.size, box: box) { try $0.inclusionProof(index: index, size: checkpoint.size) }
        return EventProof(
            eventHash: eventHash, leaf: leaf, checkpoint: checkpoint,
            proof: TlogProof(extra: leaf, index: index, proof: path, checkpoint: checkpoint.cosignedNote))
    }
}

public struct EventProof: Sendable {
    public let eventHash: String
    public let leaf: [UInt8]
    public let checkpoint: StoredCheckpoint
    public let proof: TlogProof
}

public enum LogReadError: Error, Sendable {
    case unknownEvent(String)
    case notYetIntegrated(index: UInt64, size: UInt64)
}

/// The tiles one proof has fetched so far, and the one it found missing (used by one task at a time).
private final class FetchBox {
    package var fetched: [TileCoordinate: [UInt8]] = [:]
    package var missing: TileCoordinate?
}
