/// C2SP tlog-tiles resource names: `tile/<L>/<N>[.p/<W>]` and `tile/entries/<N>[.p/<W>]`.
public struct TilePath: Hashable, Sendable, CustomStringConvertible {
    /// Tile level 0…63, or nil for an entry bundle.
    public let level: Int?
    public let index: UInt64
    /// 256 for a full tile, 1…255 for a partial one.
    public let width: Int

    public static let fullWidth = 256
    public static let height = 8

    public init(level: Int?, index: UInt64, width: Int = TilePath.fullWidth) {
        self.level = level
        self.index = index
        self.width = width
    }

    public var isFull: Bool { width == Self.fullWidth }

    public var description: String {
        "tile/" + (level.map(String.init) ?? "entries") + "/" + Self.encode(index: index) + (isFull ? "" : ".p/\(width)")
    }

    /// Index 1234067 → `x001/x234/067`: zero-padded 3-digit elements, all but the last prefixed with `x`.
    public static func encode(index: UInt64) -> String {
        var groups: [String] = []
        var n = index
        repeat {
            let g = String(n % 1000)
            groups.append(String(repeating: "0", count: 3 - g.count) + g)
            n /= 1000
        } while n > 0
        return groups.reversed().enumerated().map { $0.offset == groups.count - 1 ? $0.element : "x" + $0.element }
            .joined(separator: "/")
    }

    /// Parses the part after `tile/`, e.g. `0/x001/234.p/17` or `entries/000`. Refuses every non-canonical form.
    public init(parsing path: String) throws(LedgerError) {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else { throw .malformedTilePath("a tile path is <level>/<index>[.p/<width>]") }
        let levelPart = parts.removeFirst()
        var level: Int?
        if levelPart != "entries" {
            guard let l = Int(levelPart), (0...63).contains(l), String(l) == levelPart else {
                throw .malformedTilePath("tile level \"\(levelPart)\" is not a decimal 0–63 without leading zeros")
            }
            level = l
        }
        var width = Self.fullWidth
        if parts.count >= 2, parts[parts.count - 2].hasSuffix(".p") {
            let w = parts.removeLast()
            guard let n = Int(w), (1...255).contains(n), String(n) == w else {
                throw .malformedTilePath("partial width \"\(w)\" is not a decimal 1–255 without leading zeros")
            }
            width = n
            parts[parts.count - 1].removeLast(2)
        }
        var index: UInt64 = 0
        for (i, g) in parts.enumerated() {
            let last = i == parts.count - 1
            let digits = last ? Substring(g) : (g.hasPrefix("x") ? g.dropFirst() : "")
            guard digits.count == 3, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let v = UInt64(digits) else {
                throw .malformedTilePath("index element \"\(g)\" is not \(last ? "" : "x")NNN")
            }
            let (m, o1) = index.multipliedReportingOverflow(by: 1000)
            guard !o1 else { throw .malformedTilePath("tile index overflows") }
            index = m + v
        }
        // Canonical: no leading x000 groups.
        guard Self.encode(index: index) == parts.joined(separator: "/") else {
            throw .malformedTilePath("tile index \(parts.joined(separator: "/")) is not in canonical form")
        }
        self.init(level: level, index: index, width: width)
    }

    /// The tiles (hash tiles, not entry bundles) that make up a tree of `size` leaves: full ones and the partial
    /// rightmost one per level (tlog-tiles "Partial Tiles": width ⌊s / 256^l⌋ mod 256).
    public static func tiles(forTreeSize size: UInt64) -> [TilePath] {
        var out: [TilePath] = []
        var level = 0
        var count = size  // hashes at this tile level
        while count > 0 {
            let full = count / 256
            for n in 0..<full { out.append(TilePath(level: level, index: n)) }
            let w = Int(count % 256)
            if w > 0 { out.append(TilePath(level: level, index: full, width: w)) }
            if full == 0 { break }
            count = full
            level += 1
        }
        return out
    }
}
