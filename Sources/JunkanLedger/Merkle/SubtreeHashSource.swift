/// Where proof generation reads tree hashes: the root of the complete, aligned subtree of 2^level leaves
/// starting at leaf `index << level`. Tiles (`TileHashSource`) and plain leaf arrays (`LeafHashes`) provide it.
public protocol SubtreeHashSource {
    func hash(level: Int, index: UInt64) throws(LedgerError) -> TreeHash
}

extension SubtreeHashSource {
    /// MTH(D[start:end]) per RFC 9162 §2.1.1: split at the largest power of two below the width.
    public func treeHash(start: UInt64, end: UInt64) throws(LedgerError) -> TreeHash {
        let n = end - start
        if n == 0 { return .emptyTree }
        if n & (n - 1) == 0 && start % n == 0 {
            let level = n.trailingZeroBitCount
            return try hash(level: level, index: start >> UInt64(level))
        }
        let k = MerkleMath.largestPowerOfTwo(below: n)
        return .node(try treeHash(start: start, end: start + k), try treeHash(start: start + k, end: end))
    }

    public func rootHash(size: UInt64) throws(LedgerError) -> TreeHash { try treeHash(start: 0, end: size) }

    /// PATH(m, D[n]) of RFC 9162 §2.1.3.1, from the leaf's sibling up to the root's child.
    public func inclusionProof(index: UInt64, size: UInt64) throws(LedgerError) -> [TreeHash] {
        guard index < size else { throw .indexOutOfRange(index: index, size: size) }
        var out: [TreeHash] = []
        try path(index, 0, size, into: &out)
        return out.reversed()
    }

    private func path(_ m: UInt64, _ start: UInt64, _ end: UInt64, into out: inout [TreeHash]) throws(LedgerError) {
        let n = end - start
        guard n > 1 else { return }
        let k = MerkleMath.largestPowerOfTwo(below: n)
        if m < k {
            out.append(try treeHash(start: start + k, end: end))
            try path(m, start, start + k, into: &out)
        } else {
            out.append(try treeHash(start: start, end: start + k))
            try path(m - k, start + k, end, into: &out)
        }
    }

    /// PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of RFC 9162 §2.1.4.1.
    public func consistencyProof(from m: UInt64, to n: UInt64) throws(LedgerError) -> [TreeHash] {
        guard m <= n else { throw .badSizes("old size \(m) is larger than new size \(n)") }
        guard m > 0, m < n else { return [] }
        var out: [TreeHash] = []
        try subproof(m, 0, n, true, into: &out)
        return out.reversed()
    }

    private func subproof(
        _ m: UInt64, _ start: UInt64, _ end: UInt64, _ b: Bool, into out: inout [TreeHash]
    )
        throws(LedgerError)
    {
        let n = end - start
        if m == n {
            if !b { out.append(try treeHash(start: start, end: end)) }
            return
        }
        let k = MerkleMath.largestPowerOfTwo(below: n)
        if m <= k {
            out.append(try treeHash(start: start + k, end: end))
            try subproof(m, start, start + k, b, into: &out)
        } else {
            out.append(try treeHash(start: start, end: start + k))
            try subproof(m - k, start + k, end, false, into: &out)
        }
    }
}

enum MerkleMath {
    /// The largest power of two strictly below n (n ≥ 2).
    static func largestPowerOfTwo(below n: UInt64) -> UInt64 {
        UInt64(1) << UInt64(63 - (n - 1).leadingZeroBitCount)
    }
}

/// A tree held as its leaf hashes in memory, every level computed up front: for tests, tools and small logs.
public struct LeafHashes: SubtreeHashSource, Sendable {
    private var levels: [[TreeHash]]

    public init(_ leaves: [TreeHash]) {
        levels = [leaves]
        while let last = levels.last, last.count > 1 {
            var next: [TreeHash] = []
            var i = 0
            while i + 1 < last.count { next.append(.node(last[i], last[i + 1])); i += 2 }
            levels.append(next)
        }
    }

    public var count: UInt64 { UInt64(levels[0].count) }

    public func hash(level: Int, index: UInt64) throws(LedgerError) -> TreeHash {
        guard level < levels.count, index < UInt64(levels[level].count) else {
            throw .missingHash("no complete subtree at level \(level), index \(index) in a tree of \(count) leaves")
        }
        return levels[level][Int(index)]
    }
}
