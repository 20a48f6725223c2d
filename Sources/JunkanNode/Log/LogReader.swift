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

    /// Runs `body` over the tiles of a tree of `size`, fetching from the store whatever tile it lacks.
    public func withTiles<T>(size: UInt64, _ body: (TileHashSource) throws -> T) async throws -> T {
        try await withTiles(size: size, count: 1) { _, source in try body(source) }[0]
    }

    /// Runs `body(k, source)` for every k in `0..<count` over the tiles of a tree of `size`, the tiles they lack read in
    /// batched rounds (`TileRounds`, with `LedgerStore.tiles`).
    private func withTiles<T>(size: UInt64, count: Int, _ body: (Int, TileHashSource) throws -> T) async throws -> [T] {
        let store = self.store
        return try await TileRounds(cache: cache, fetch: { try await store.tiles($0) }).run(size: size, count: count, body)
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
        let latest = try await store.latestCheckpoint()
        guard let (index, leaf) = try await store.leaf(eventHash: eventHash) else { throw LogReadError.unknownEvent(eventHash) }
        guard let checkpoint = latest, checkpoint.size > index else {
            throw LogReadError.notYetIntegrated(index: index, size: latest?.size ?? 0)
        }
        let path = try await withTiles(size: checkpoint.size) { try $0.inclusionProof(index: index, size: checkpoint.size) }
        return EventProof(eventHash: eventHash, leaf: leaf, index: index, path: path, checkpoint: checkpoint)
    }

    /// The proofs of several events against one checkpoint (the latest), read once, with the tiles they share fetched
    /// once: a passport's trail of a hundred steps asks the store for the checkpoint and the right edge of the tree once,
    /// not a hundred times (issue 26: on PostgreSQL every read is a round trip); their tiles in shared rounds
    /// (`withTiles(size:count:_:)`). nil where an event is not yet integrated.
    ///
    /// `skippingUnknown`: an event that is no leaf of this log (a peer's, mirrored) has no entry, rather than failing
    /// the whole answer.
    public func proofs(eventHashes: [String], skippingUnknown: Bool = false) async throws -> [String: EventProof?] {
        async let latestRead = store.latestCheckpoint()
        async let leavesRead = store.leaves(eventHashes: eventHashes)
        let (latest, leaves) = try await (latestRead, leavesRead)
        let known = skippingUnknown ? eventHashes.filter { leaves[$0] != nil } : eventHashes
        return try await proofs(eventHashes: known, leaves: leaves, against: latest)
    }

    /// The same against a given checkpoint of this log (a peer's answer carries one checkpoint for all its proofs).
    public func proofs(eventHashes: [String], against checkpoint: StoredCheckpoint) async throws -> [String: EventProof?] {
        try await proofs(eventHashes: eventHashes, leaves: try await store.leaves(eventHashes: eventHashes), against: checkpoint)
    }

    private func proofs(
        eventHashes: [String], leaves: [String: (index: UInt64, leaf: [UInt8])], against latest: StoredCheckpoint?
    ) async throws -> [String: EventProof?] {
        var proofs: [String: EventProof?] = [:]
        var pending: [(hash: String, index: UInt64, leaf: [UInt8])] = []
        var seen = Set<String>()
        for hash in eventHashes where seen.insert(hash).inserted {
            guard let (index, leaf) = leaves[hash] else { throw LogReadError.unknownEvent(hash) }
            proofs[hash] = .some(nil)  // not integrated yet, unless its proof is found below
            if let checkpoint = latest, checkpoint.size > index { pending.append((hash, index, leaf)) }
        }
        guard let checkpoint = latest else { return proofs }
        let paths = try await withTiles(size: checkpoint.size, count: pending.count) { k, source in
            try source.inclusionProof(index: pending[k].index, size: checkpoint.size)
        }
        for (p, path) in zip(pending, paths) {
            proofs[p.hash] = EventProof(eventHash: p.hash, leaf: p.leaf, index: p.index, path: path, checkpoint: checkpoint)
        }
        return proofs
    }
}

public struct EventProof: Sendable {
    public let eventHash: String
    public let leaf: [UInt8]
    public let checkpoint: StoredCheckpoint
    public let proof: TlogProof

    /// The tlog-proof of the leaf at `index`: the leaf as its extra data, the inclusion path, the cosigned checkpoint.
    init(eventHash: String, leaf: [UInt8], index: UInt64, path: [TreeHash], checkpoint: StoredCheckpoint) {
        self.eventHash = eventHash
        self.leaf = leaf
        self.checkpoint = checkpoint
        self.proof = TlogProof(extra: leaf, index: index, proof: path, checkpoint: checkpoint.cosignedNote)
    }
}

public enum LogReadError: Error, Sendable {
    case unknownEvent(String)
    case notYetIntegrated(index: UInt64, size: UInt64)
}
