/// What can be wrong with log data handed to the ledger: a proof, a note, a tile, a leaf.
/// Each case says what and where, so an auditor can act on it.
public enum LedgerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// RFC 9162 hashes are SHA-256: exactly 32 bytes. Anything else is refused before any arithmetic.
    case badHashLength(what: String, count: Int)
    case indexOutOfRange(index: UInt64, size: UInt64)
    case badSizes(String)
    case proofMismatch(String)
    case malformedNote(String)
    case malformedKey(String)
    case malformedCheckpoint(String)
    case malformedTilePath(String)
    case malformedTile(String)
    case malformedLeaf(String)
    case malformedProof(String)
    case noValidSignature(String)
    case duplicateSignature(String)
    case missingHash(String)

    public var description: String {
        switch self {
        case .badHashLength(let what, let count): "\(what) is \(count) bytes, a SHA-256 hash is 32"
        case .indexOutOfRange(let index, let size): "index \(index) is outside a tree of size \(size)"
        case .badSizes(let s), .proofMismatch(let s), .malformedNote(let s), .malformedKey(let s),
            .malformedCheckpoint(let s), .malformedTilePath(let s), .malformedTile(let s), .malformedLeaf(let s),
            .malformedProof(let s), .noValidSignature(let s), .duplicateSignature(let s), .missingHash(let s):
            s
        }
    }
}
