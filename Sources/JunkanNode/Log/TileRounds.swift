public import JunkanLedger
public import JunkanStore

/// Computations over the tiles of a tree, with whatever tile they lack fetched in rounds: each round runs every
/// computation still pending and fetches, in one `fetch`, the tile each one lacked first. The computations share what is
/// fetched, so the proofs of a passport's trail cost as many reads as one proof has tile levels, not one per tile
/// (issue 26: on PostgreSQL every read is a round trip). The log reader runs over this node's tiles; the mirror over a
/// peer's (`PeerMirror`).
package struct TileRounds: Sendable {
    /// Expanded tiles kept between computations: only for one log (the cache is keyed by tile position).
    let cache: TileCache?
    let fetch: @Sendable (Set<TileCoordinate>) async throws -> [TileCoordinate: [UInt8]]

    package init(cache: TileCache?, fetch: @escaping @Sendable (Set<TileCoordinate>) async throws -> [TileCoordinate: [UInt8]]) {
        self.cache = cache
        self.fetch = fetch
    }

    /// `body(k, source)` for every k in `0..<count` over the tiles of a tree of `size`.
    package func run<T>(size: UInt64, count: Int, _ body: (Int, TileHashSource) throws -> T) async throws -> [T] {
        let box = FetchBox()
        var results = [T?](repeating: nil, count: count)
        var pending = Array(0..<count)
        for _ in 0..<64 {
            var missing = Set<TileCoordinate>()
            var still: [Int] = []
            for k in pending {
                box.missing = nil
                do { results[k] = try body(k, source(size: size, box: box)) } catch {
                    guard let lacked = box.missing else { throw error }
                    missing.insert(lacked)
                    still.append(k)
                }
            }
            pending = still
            if pending.isEmpty { return results.map { $0! } }
            let fetched = try await fetch(missing)
            for c in missing {
                guard let tile = fetched[c] else { throw LedgerError.missingHash("tile \(c.level.map(String.init) ?? "entries")/\(c.index) is not stored") }
                box.fetched[c] = tile
            }
        }
        throw LedgerError.missingHash("a proof needed more than 64 rounds of tiles")
    }

    /// Hashes from the cache, else from the tiles `box` fetched; the first tile it lacks is noted in `box.missing`.
    private func source(size: UInt64, box: FetchBox) -> TileHashSource {
        TileHashSource(size: size, cache: cache) { level, index, _ in
            let c = TileCoordinate(level: level, index: index)
            if let t = box.fetched[c] { return t }
            if box.missing == nil { box.missing = c }
            return nil
        }
    }
}

/// The tiles one computation has fetched so far, and the one it found missing (used by one task at a time).
private final class FetchBox {
    var fetched: [TileCoordinate: [UInt8]] = [:]
    var missing: TileCoordinate?
}
