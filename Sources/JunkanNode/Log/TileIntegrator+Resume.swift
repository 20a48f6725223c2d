public import JunkanLedger

extension TileIntegrator {
    /// The tree at `size`, ready to be extended, from its rightmost partial tile at each level and its partial entry
    /// bundle, as `read` gives them (level nil: the entry bundle; the widest version stored, a partial tile being a
    /// prefix of it). The log integrator resumes this node's log so, and the mirror its copy of a peer's.
    package static func resuming(size: UInt64, read: (Int?, UInt64) async throws -> [UInt8]?) async throws -> TileIntegrator {
        var tiles: [String: [UInt8]] = [:]
        var count = size
        var level = 0
        while count > 0 {
            if count % 256 > 0, let t = try await read(level, count / 256) { tiles["\(level)/\(count / 256)"] = t }
            count /= 256
            level += 1
        }
        let bundle = size % 256 > 0 ? try await read(nil, size / 256) : nil
        return try TileIntegrator(size: size, tile: { tiles["\($0)/\($1)"] }, entryBundle: { _ in bundle })
    }
}
