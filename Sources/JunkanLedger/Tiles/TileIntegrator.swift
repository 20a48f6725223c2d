/// Extends a tiled tree with new entries (the "integrate" step of a Tessera-style log): hashes the leaves, fills
/// the rightmost tile at each level, rolls a full tile's root into the level above, and returns every tile and
/// entry bundle that changed, at its new width, plus the new root.
///
/// The state is only the rightmost (partial) tile at each level and the partial entry bundle, so a restart
/// resumes from what the store holds for the last integrated size.
public struct TileIntegrator: Sendable {
    public struct Integration: Sendable {
        public let size: UInt64
        public let root: TreeHash
        /// Hash tiles and entry bundles (level nil) that changed, each at its width for `size`.
        public let tiles: [TilePath: [UInt8]]
        public let leafHashes: [TreeHash]
    }

    public private(set) var size: UInt64
    private var edges: [[TreeHash]]
    private var bundle: [UInt8]
    private var bundleCount: Int

    public init() {
        size = 0
        edges = []
        bundle = []
        bundleCount = 0
    }

    /// Resumes at `size` from the rightmost tiles a store holds: `tile(level, index)` returns the stored tile (its
    /// width may be larger, a partial tile being a prefix), `entryBundle(index)` likewise.
    public init(size: UInt64, tile: (Int, UInt64) throws -> [UInt8]?, entryBundle: (UInt64) throws -> [UInt8]?) throws {
        self.init()
        self.size = size
        var level = 0
        var count = size
        while count > 0 {
            let w = Int(count % 256)
            if w > 0 {
                guard let data = try tile(level, count / 256), data.count >= w * 32 else {
                    throw LedgerError.missingHash("partial tile \(TilePath(level: level, index: count / 256, width: w)) is not stored")
                }
                edges.append((0..<w).map { TreeHash(unchecked: Array(data[($0 * 32)..<($0 * 32 + 32)])) })
            } else {
                edges.append([])
            }
            count /= 256
            level += 1
        }
        let w = Int(size % 256)
        if w > 0 {
            guard let data = try entryBundle(size / 256) else {
                throw LedgerError.missingHash("partial entry bundle \(TilePath(level: nil, index: size / 256, width: w)) is not stored")
            }
            bundle = try EntryBundle.prefix(data, entries: w)
            bundleCount = w
        }
    }

    public mutating func append(_ entries: [[UInt8]]) throws(LedgerError) -> Integration {
        var tiles: [TilePath: [UInt8]] = [:]
        var touched = Set<Int>()
        var leafHashes: [TreeHash] = []
        leafHashes.reserveCapacity(entries.count)
        for entry in entries {
            try EntryBundle.append(entry, to: &bundle)
            bundleCount += 1
            let leaf = TreeHash.leaf(entry)
            leafHashes.append(leaf)
            size += 1
            if bundleCount == 256 {
                tiles[TilePath(level: nil, index: size / 256 - 1)] = bundle
                bundle = []
                bundleCount = 0
            }
            push(leaf, level: 0, tiles: &tiles, touched: &touched)
        }
        if bundleCount > 0 { tiles[TilePath(level: nil, index: size / 256, width: bundleCount)] = bundle }
        for level in touched.sorted() where level < edges.count && !edges[level].isEmpty {
            let index = (size >> UInt64(8 * level)) / 256
            tiles[TilePath(level: level, index: index, width: edges[level].count)] = edges[level].flatMap(\.bytes)
        }
        return Integration(size: size, root: root, tiles: tiles, leafHashes: leafHashes)
    }

    private mutating func push(_ hash: TreeHash, level: Int, tiles: inout [TilePath: [UInt8]], touched: inout Set<Int>) {
        if level == edges.count { edges.append([]) }
        edges[level].append(hash)
        touched.insert(level)
        guard edges[level].count == 256 else { return }
        let index = (size >> UInt64(8 * level)) / 256 - 1
        tiles[TilePath(level: level, index: index)] = edges[level].flatMap(\.bytes)
        let tileRoot = TreeHash.perfectRoot(edges[level][...])
        edges[level] = []
        push(tileRoot, level: level + 1, tiles: &tiles, touched: &touched)
    }

    /// MTH of the whole tree from the rightmost tiles: the complete subtrees named by the bits of `size`, from the
    /// largest (leftmost) down, folded from the right.
    public var root: TreeHash {
        guard size > 0 else { return .emptyTree }
        var parts: [TreeHash] = []
        for level in stride(from: edges.count - 1, through: 0, by: -1) {
            let hashes = edges[level]
            var offset = 0
            for bit in stride(from: 7, through: 0, by: -1) where hashes.count & (1 << bit) != 0 {
                parts.append(.perfectRoot(hashes[offset..<(offset + (1 << bit))]))
                offset += 1 << bit
            }
        }
        var r = parts.removeLast()
        while let left = parts.popLast() { r = .node(left, r) }
        return r
    }
}
