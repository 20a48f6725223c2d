public import JunkanLedger

/// Storage of the verifiable log (ARCHITECTURE.md "The log"): sequenced leaves, tiles, checkpoints and their
/// cosignatures. Leaves are sequenced by `EventStore.capture` in the transaction that stores their events;
/// this protocol serves the integrator and the readers.
public protocol LedgerStore: Sendable {
    /// Number of sequenced leaves (the next leaf gets this index).
    func leafCount() async throws -> UInt64
    /// Leaves with index ≥ `from`, in order, at most `limit`.
    func leaves(from: UInt64, limit: Int) async throws -> [[UInt8]]
    /// The index and leaf of an event, by its CBV event hash URI.
    func leaf(eventHash: String) async throws -> (index: UInt64, leaf: [UInt8])?
    /// The same for several events in one read (a passport's trail); events without a leaf are absent.
    func leaves(eventHashes: [String]) async throws -> [String: (index: UInt64, leaf: [UInt8])]
    /// The widest stored tile at (level, index); level nil is the entry bundle. A partial tile is a prefix of it.
    func tile(level: Int?, index: UInt64) async throws -> [UInt8]?
    /// The same for several tiles in one read (the proofs of a passport's trail); tiles not stored are absent.
    func tiles(_ coordinates: Set<TileCoordinate>) async throws -> [TileCoordinate: [UInt8]]
    /// Stores the tiles of one integration step and its checkpoint in one transaction. Refuses a checkpoint that
    /// is not larger than the latest one (two integrators must never both win).
    func commitIntegration(tiles: [TilePath: [UInt8]], checkpoint: StoredCheckpoint) async throws
    func latestCheckpoint() async throws -> StoredCheckpoint?
    /// Every checkpoint ever signed, oldest first (for audits).
    func checkpoints() async throws -> [StoredCheckpoint]
    /// Adds witness cosignature lines to the checkpoint of `size`.
    func addCosignatures(size: UInt64, lines: [String: String]) async throws
    /// The size a witness last cosigned for us (0 if never).
    func witnessedSize(witness: String) async throws -> UInt64
    func setWitnessedSize(witness: String, size: UInt64) async throws
    /// Takes or renews, for `holder`, the right to integrate the log until `now + duration` (ms since the epoch): granted
    /// when no one holds it, when `holder` already does, or when its holder's lease ran out. Several `junkan serve`
    /// processes share one database; one of them integrates at a time, and when it dies another takes over once its
    /// lease runs out (issue 26, item 5).
    func takeIntegrationLease(holder: String, now: Int64, duration: Int64) async throws -> Bool
}

/// Where a stored tile is, whatever its width: level nil is the entry bundle.
public struct TileCoordinate: Hashable, Sendable {
    public var level: Int?
    public var index: UInt64
    public init(level: Int?, index: UInt64) {
        self.level = level
        self.index = index
    }
}

/// A signed checkpoint as stored: the log's signed note and the witnesses' cosignature lines (by witness name).
public struct StoredCheckpoint: Sendable, Equatable {
    public var size: UInt64
    public var root: [UInt8]
    /// The signed note (checkpoint text, blank line, the log's signature line).
    public var note: String
    public var cosignatures: [String: String]
    public var createdAt: Int64

    public init(size: UInt64, root: [UInt8], note: String, cosignatures: [String: String] = [:], createdAt: Int64) {
        self.size = size; self.root = root; self.note = note; self.cosignatures = cosignatures; self.createdAt = createdAt
    }

    /// The note with the cosignature lines appended (what `GET /tlog/checkpoint` serves).
    public var cosignedNote: String { note + cosignatures.keys.sorted().map { cosignatures[$0]! }.joined() }
}

public enum LedgerStoreError: Error, Sendable, Equatable {
    case checkpointNotNewer(size: UInt64, latest: UInt64)
}

extension OrganisationKey {
    /// A fresh key that this node holds and signs with.
    public static func newHosted() -> OrganisationKey {
        let (seed, pub) = Ed25519Seed.generate()
        return .hosted(seed: seed, publicKey: pub)
    }
}
