public import Foundation
public import JunkanLedger
public import JunkanStore

/// `junkan mirror` (issue 27, item 7; docs/federation.md): keeps a copy of each Junkan peer's log, tile by tile, and
/// checks every new checkpoint the peer serves against what is mirrored. The entries from the mirrored size to the new
/// one are fetched (C2SP tlog-tiles entry bundles), appended to the mirrored tree here, and the root they give must be
/// the new checkpoint's, signed by the peer's pinned key: the new tree then extends the old one by construction. A
/// checkpoint whose tree is not the mirrored one extended, or one of a size already mirrored with another root, is a
/// split view, recorded with both signed checkpoints as the walk's and the peer witness's are.
public struct PeerMirror: Sendable {
    public enum Outcome: Sendable, Equatable, CustomStringConvertible {
        /// Mirrored from the first size to the second (nil: the first time).
        case grew(from: UInt64?, to: UInt64)
        case unchanged(UInt64)
        /// Recorded as the peer's split view.
        case splitView(String)
        case failed(String)

        public var description: String {
            switch self {
            case .grew(let from, let to): "mirrored \(from.map { "from size \($0) " } ?? "")to size \(to)"
            case .unchanged(let n): "unchanged at size \(n)"
            case .splitView(let why): "SPLIT VIEW: \(why)"
            case .failed(let why): "not mirrored: \(why)"
            }
        }
    }

    /// The most leaves one round fetches: they are checked against the new checkpoint together, in memory.
    public static let maxLeavesPerRound: UInt64 = 1 << 20
    /// The most bytes of one entry bundle (256 entries of at most 65,535 bytes, with their length prefixes).
    static let maxBundleBytes = 256 * (65_535 + 2)

    let store: any MirrorStore & PeerStore
    let get: FederatedTrace.Get
    let timeout: Double
    let now: @Sendable () -> Int64

    public init(
        store: any MirrorStore & PeerStore, get: @escaping FederatedTrace.Get = FederatedTrace.fetch, timeout: Double = 30,
        now: @escaping @Sendable () -> Int64 = FederatedTrace.wallClock
    ) {
        self.store = store; self.get = get; self.timeout = timeout; self.now = now
    }

    /// One round for one peer: its latest checkpoint, verified, and the mirror brought up to it.
    public func mirror(_ peer: Peer) async -> Outcome {
        do { return try await round(peer) } catch let failure as Failure { return .failed(failure.why) } catch { return .failed("\(error)") }
    }

    struct Failure: Error, CustomStringConvertible {
        var why: String
        var description: String { why }
    }

    func round(_ peer: Peer) async throws -> Outcome {
        guard let key = try? NoteVerifierKey(parsing: peer.logKey) else { throw Failure(why: "it has no log to mirror (a plain EPCIS peer)") }
        let got = try await get(peer.baseURL + "/tlog/checkpoint", [:], timeout, 1 << 16)
        guard got.status == 200 else { throw Failure(why: "its checkpoint answered HTTP \(got.status)") }
        let note = String(decoding: got.body, as: UTF8.self)
        let checkpoint: Checkpoint
        do { (checkpoint, _) = try Checkpoint.open(note, logKey: key) } catch {
            throw Failure(why: "its checkpoint does not verify with its pinned key \(key.name): \(error)")
        }
        guard checkpoint.origin == key.name else { throw Failure(why: "its checkpoint is of log \(checkpoint.origin), not \(key.name)") }
        let previous = try await store.mirroredCheckpoint(node: peer.baseURL)
        let from = previous?.size ?? 0
        if let previous, checkpoint.size <= previous.size {
            // A checkpoint of a size mirrored already, or older: the mirrored tree says what its root must be.
            let root = try await mirroredRoot(peer.baseURL, treeSize: previous.size, at: checkpoint.size)
            if root == checkpoint.root { return .unchanged(previous.size) }
            return try await split(
                peer, previous: previous.note, current: note,
                why: "checkpoint \(checkpoint.size) has root \(checkpoint.root), the tree mirrored to size \(previous.size) has \(root) at that size")
        }
        guard checkpoint.size - from <= Self.maxLeavesPerRound else {
            throw Failure(why: "it is \(checkpoint.size - from) leaves ahead of the mirror, more than one round takes (\(Self.maxLeavesPerRound))")
        }
        var tree = try await mirroredTree(peer.baseURL, size: from)
        let entries = try await fetchEntries(peer.baseURL, from: from, to: checkpoint.size)
        let step = try tree.append(entries)
        guard step.root == checkpoint.root else {
            let why =
                "checkpoint \(checkpoint.size) has root \(checkpoint.root), but the \(checkpoint.size - from) entries it serves after size \(from) "
                + "give \(step.root)"
            // Without a mirrored checkpoint to contradict, the peer's own entries and checkpoint disagree: not mirrored.
            guard let previous else { throw Failure(why: why) }
            return try await split(peer, previous: previous.note, current: note, why: why + ": its tree does not extend the one mirrored")
        }
        let stored = StoredCheckpoint(size: checkpoint.size, root: checkpoint.root.bytes, note: note, createdAt: now())
        try await store.commitMirror(node: peer.baseURL, tiles: step.tiles, checkpoint: stored, previousSize: previous?.size)
        return .grew(from: previous?.size, to: checkpoint.size)
    }

    func split(_ peer: Peer, previous: String, current: String, why: String) async throws -> Outcome {
        try await store.recordSplitView(SplitView(node: peer.baseURL, previous: previous, current: current, why: why, seenAt: now()))
        return .splitView(why)
    }

    /// The entries [from, to) of the peer's log, from its entry bundles.
    func fetchEntries(_ node: String, from: UInt64, to: UInt64) async throws -> [[UInt8]] {
        var entries: [[UInt8]] = []
        entries.reserveCapacity(Int(to - from))
        var index = from / 256
        while index * 256 < to {
            let width = Int(min(256, to - index * 256))
            let path = TilePath(level: nil, index: index, width: width)
            let got = try await get(node + "/tlog/" + path.description, [:], timeout, Self.maxBundleBytes)
            guard got.status == 200 else { throw Failure(why: "its \(path) answered HTTP \(got.status)") }
            let bundle = try EntryBundle.decode(got.body)
            guard bundle.count == width else { throw Failure(why: "its \(path) holds \(bundle.count) entries, not \(width)") }
            let skip = index == from / 256 ? Int(from % 256) : 0
            entries += bundle[skip...]
            index += 1
        }
        return entries
    }

    /// The mirrored tree at `size`, ready to be extended.
    func mirroredTree(_ node: String, size: UInt64) async throws -> TileIntegrator {
        let store = self.store
        return try await TileIntegrator.resuming(size: size) { try await store.mirroredTile(node: node, level: $0, index: $1) }
    }

    /// The root at `size` of the tree mirrored to `treeSize`, from the mirrored tiles (read in rounds, as the log reader
    /// reads this node's: the hashes a root needs are known only as it is computed).
    func mirroredRoot(_ node: String, treeSize: UInt64, at size: UInt64) async throws -> TreeHash {
        let store = self.store
        let rounds = TileRounds(cache: nil) { coordinates in
            var found: [TileCoordinate: [UInt8]] = [:]
            for c in coordinates { found[c] = try await store.mirroredTile(node: node, level: c.level, index: c.index) }
            return found
        }
        do { return try await rounds.run(size: treeSize, count: 1) { _, source in try source.rootHash(size: size) }[0] } catch {
            throw Failure(why: "the mirror lacks a tile to check checkpoint \(size) against: \(error)")
        }
    }
}
