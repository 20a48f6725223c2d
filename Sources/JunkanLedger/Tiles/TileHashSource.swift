import Synchronization

/// Subtree hashes of a tree of `size` leaves read from its tiles (tlog-tiles "Merkle Tree"): the hash of a complete
/// subtree at level L is found in the tile at level ⌊L/8⌋, recomputed from 2^(L mod 8) of its hashes. Tiles are
/// expanded once (all eight inner levels) and kept in a `TileCache`, so a proof is a handful of lookups.
public struct TileHashSource: SubtreeHashSource {
    public let size: UInt64
    private let fetch: (Int, UInt64, Int) throws -> [UInt8]?
    private let cache: TileCache?

    /// `fetch(level, index, width)` returns the stored tile (at least `width` hashes; wider is fine).
    public init(size: UInt64, cache: TileCache? = nil, fetch: @escaping (Int, UInt64, Int) throws -> [UInt8]?) {
        self.size = size
        self.fetch = fetch
        self.cache = cache
    }

    public func hash(level: Int, index: UInt64) throws(LedgerError) -> TreeHash {
        let tileLevel = level / 8, inner = level % 8
        let first = index << UInt64(inner)  // first hash at the tile level
        let tileIndex = first / 256
        let hashesAtLevel = size >> UInt64(8 * tileLevel)
        let width = Int(min(256, hashesAtLevel - min(hashesAtLevel, tileIndex * 256)))
        let offset = Int(first % 256)
        guard offset + (1 << inner) <= width else {
            throw .missingHash("subtree at level \(level), index \(index) is not complete in a tree of size \(size)")
        }
        let expanded = try expandedTile(level: tileLevel, index: tileIndex, width: width)
        let at = (offset >> inner) * 32
        return TreeHash(unchecked: Array(expanded[inner][at..<(at + 32)]))
    }

    private func expandedTile(level: Int, index: UInt64, width: Int) throws(LedgerError) -> [[UInt8]] {
        let key = TilePath(level: level, index: index, width: width)
        if let hit = cache?.get(key) { return hit }
        let data: [UInt8]?
        do { data = try fetch(level, index, width) } catch { throw .missingHash("reading tile \(key): \(error)") }
        guard let data, data.count >= width * 32, data.count % 32 == 0 else { throw .missingHash("tile \(key) is not stored") }
        var levels = [Array(data[..<(width * 32)])]
        while levels[levels.count - 1].count >= 64 {
            let below = levels[levels.count - 1]
            var next: [UInt8] = []
            next.reserveCapacity(below.count / 2)
            var i = 0
            while i + 64 <= below.count {
                let l = TreeHash(unchecked: Array(below[i..<(i + 32)])), r = TreeHash(unchecked: Array(below[(i + 32)..<(i + 64)]))
                next += TreeHash.node(l, r).bytes
                i += 64
            }
            levels.append(next)
        }
        cache?.put(key, levels)
        return levels
    }
}

/// Expanded tiles shared between requests. Tiles never change once written (a wider partial tile has another key),
/// so entries never go stale; the cache only bounds its size.
public final class TileCache: Sendable {
    private let entries = Mutex<[TilePath: [[UInt8]]]>([:])
    private let limit: Int

    public init(limit: Int = 4096) { self.limit = limit }

    func get(_ key: TilePath) -> [[UInt8]]? { entries.withLock { $0[key] } }

    func put(_ key: TilePath, _ value: [[UInt8]]) {
        entries.withLock {
            if $0.count >= limit { $0.removeAll(keepingCapacity: true) }
            $0[key] = value
        }
    }
}
