public import JunkanLedger

/// The peers' logs as this node mirrors them (`junkan mirror`, issue 27, item 7; docs/federation.md): for each peer,
/// the latest checkpoint it verified and the tiles and entry bundles of that tree, each kept at its widest version as
/// the node keeps its own (a partial tile is a prefix of every wider one). `PeerStore.removePeer` removes a peer's
/// mirror with it: pinning the peer again starts it over.
public protocol MirrorStore: Sendable {
    /// The peer's latest checkpoint mirrored here (the note as it served it, cosignatures and all), nil before the first.
    func mirroredCheckpoint(node: String) async throws -> StoredCheckpoint?
    /// A mirrored tile (`level` nil: an entry bundle), at its widest stored version.
    func mirroredTile(node: String, level: Int?, index: UInt64) async throws -> [UInt8]?
    /// Stores the tiles that grew and the checkpoint they reach, in one transaction, if the mirror of `node` is still at
    /// `previousSize` (nil: none yet); otherwise refuses with `MirrorStoreError.moved` (another process mirrored meanwhile).
    func commitMirror(node: String, tiles: [TilePath: [UInt8]], checkpoint: StoredCheckpoint, previousSize: UInt64?) async throws
    /// The latest mirrored checkpoint of every peer mirrored, by base URL.
    func mirrors() async throws -> [String: StoredCheckpoint]
}

public enum MirrorStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case moved(node: String, expected: UInt64?, found: UInt64?)
    public var description: String {
        switch self {
        case .moved(let node, let expected, let found):
            "the mirror of \(node) is at size \(found.map(String.init) ?? "none"), not \(expected.map(String.init) ?? "none"): another process mirrored it"
        }
    }
}
