import Crypto
import Foundation

/// A Merkle tree hash: 32 bytes of SHA-256 with RFC 9162 §2.1.1 domain separation.
public struct TreeHash: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// Refuses anything that is not exactly 32 bytes (RFC 9162 hashes are SHA-256).
    public init(_ bytes: [UInt8], what: String = "hash") throws(LedgerError) {
        guard bytes.count == 32 else { throw .badHashLength(what: what, count: bytes.count) }
        self.bytes = bytes
    }

    init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    public init(base64 text: some StringProtocol, what: String = "hash") throws(LedgerError) {
        guard let raw = Base64.decode(text) else { throw .badHashLength(what: what + " (not base64)", count: 0) }
        try self.init(raw, what: what)
    }

    public var base64: String { Base64.encode(bytes) }
    public var description: String { base64 }

    /// MTH({}) = SHA-256() (RFC 9162 §2.1.1).
    public static let emptyTree = TreeHash(unchecked: Array(SHA256.hash(data: [UInt8]())))

    /// MTH({d}) = SHA-256(0x00 || d).
    public static func leaf(_ data: some Collection<UInt8>) -> TreeHash {
        var h = SHA256()
        h.update(data: [0x00])
        h.update(data: Array(data))
        return TreeHash(unchecked: Array(h.finalize()))
    }

    /// SHA-256(0x01 || left || right).
    public static func node(_ left: TreeHash, _ right: TreeHash) -> TreeHash {
        var h = SHA256()
        h.update(data: [0x01])
        h.update(data: left.bytes)
        h.update(data: right.bytes)
        return TreeHash(unchecked: Array(h.finalize()))
    }

    /// The root of a complete subtree whose leaves (or lower subtree roots) are `hashes`, a power of two in number.
    static func perfectRoot(_ hashes: ArraySlice<TreeHash>) -> TreeHash {
        var level = Array(hashes)
        while level.count > 1 {
            var next: [TreeHash] = []
            next.reserveCapacity(level.count / 2)
            var i = 0
            while i + 1 < level.count { next.append(.node(level[i], level[i + 1])); i += 2 }
            level = next
        }
        return level[0]
    }
}
