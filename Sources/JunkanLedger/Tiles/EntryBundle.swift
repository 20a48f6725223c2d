/// tlog-tiles entry bundles: log entries, each prefixed by its length as a big-endian uint16.
public enum EntryBundle {
    public static let maxEntrySize = Int(UInt16.max)

    public static func encode(_ entries: some Sequence<[UInt8]>) throws(LedgerError) -> [UInt8] {
        var out: [UInt8] = []
        for e in entries { try append(e, to: &out) }
        return out
    }

    public static func append(_ entry: [UInt8], to out: inout [UInt8]) throws(LedgerError) {
        guard entry.count <= maxEntrySize else { throw .malformedLeaf("an entry of \(entry.count) bytes exceeds 65535") }
        out.append(UInt8(entry.count >> 8))
        out.append(UInt8(entry.count & 0xFF))
        out.append(contentsOf: entry)
    }

    public static func decode(_ bundle: [UInt8]) throws(LedgerError) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var i = 0
        while i < bundle.count {
            guard i + 2 <= bundle.count else { throw .malformedTile("entry bundle ends inside a length prefix at byte \(i)") }
            let n = Int(bundle[i]) << 8 | Int(bundle[i + 1])
            guard i + 2 + n <= bundle.count else { throw .malformedTile("entry \(out.count) runs past the end of the bundle") }
            out.append(Array(bundle[(i + 2)..<(i + 2 + n)]))
            i += 2 + n
        }
        return out
    }

    /// The first `width` entries of a bundle: a partial bundle is a prefix of any later, wider one.
    public static func prefix(_ bundle: [UInt8], entries width: Int) throws(LedgerError) -> [UInt8] {
        var i = 0
        for k in 0..<width {
            guard i + 2 <= bundle.count else { throw .malformedTile("bundle holds \(k) entries, fewer than \(width)") }
            i += 2 + (Int(bundle[i]) << 8 | Int(bundle[i + 1]))
            guard i <= bundle.count else { throw .malformedTile("entry \(k) runs past the end of the bundle") }
        }
        return Array(bundle[..<i])
    }
}
