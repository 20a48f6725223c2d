/// A QR code symbol (ISO/IEC 18004:2015) for a text in byte mode: the smallest version (1–40) that holds it at the
/// asked error-correction level, the mask with the lowest penalty score (§7.8.3), function patterns, format and
/// version information. `modules[y][x]` is true for a dark module; the quiet zone is left to the renderers.
public struct QRCode: Sendable, Equatable {
    public enum ErrorCorrection: Int, Sendable, CaseIterable {
        // The raw values index `QRTables`; `formatBits` are the two bits the format information carries (§7.9.1).
        case low = 0, medium, quartile, high
        var formatBits: Int { [1, 0, 3, 2][rawValue] }
    }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case tooLong(bytes: Int, max: Int)
        public var description: String {
            switch self {
            case .tooLong(let n, let max): "\(n) bytes do not fit in a QR code at this error-correction level (at most \(max))"
            }
        }
    }

    public let version: Int
    public let errorCorrection: ErrorCorrection
    public private(set) var mask = 0
    public let size: Int
    public private(set) var modules: [[Bool]]
    private var isFunction: [[Bool]]

    /// Encodes `text` (UTF-8, byte mode). `mask` forces a mask pattern (0–7) instead of the lowest-penalty one.
    public init(text: String, errorCorrection: ErrorCorrection = .medium, mask forcedMask: Int? = nil) throws(Failure) {
        let bytes = Array(text.utf8)
        guard let version = (1...40).first(where: { Self.fits(bytes.count, version: $0, ecl: errorCorrection) }) else {
            throw .tooLong(bytes: bytes.count, max: Self.dataCodewords(version: 40, ecl: errorCorrection) - 3)
        }
        self.version = version
        self.errorCorrection = errorCorrection
        size = version * 4 + 17
        modules = Array(repeating: Array(repeating: false, count: size), count: size)
        isFunction = modules
        drawFunctionPatterns()
        drawCodewords(Self.interleaved(Self.dataCodewords(bytes, version: version, ecl: errorCorrection), version: version, ecl: errorCorrection))
        var best = forcedMask ?? 0
        if forcedMask == nil {
            var lowest = Int.max
            for m in 0..<8 {
                applyMask(m)
                drawFormatBits(mask: m)
                let p = penalty()
                if p < lowest { lowest = p; best = m }
                applyMask(m)  // XOR again: undone
            }
        }
        mask = best
        applyMask(best)
        drawFormatBits(mask: best)
    }

    // MARK: capacity and codewords

    /// Byte mode: 4 mode bits, an 8- or 16-bit character count, 8 bits per byte.
    static func fits(_ count: Int, version: Int, ecl: ErrorCorrection) -> Bool {
        let countBits = version <= 9 ? 8 : 16
        guard count < 1 << countBits else { return false }
        return 4 + countBits + 8 * count <= dataCodewords(version: version, ecl: ecl) * 8
    }

    /// Modules left for data and error correction once the function patterns and format/version areas are drawn.
    static func rawDataModules(version v: Int) -> Int {
        var result = (16 * v + 128) * v + 64
        if v >= 2 {
            let align = v / 7 + 2
            result -= (25 * align - 10) * align - 55
            if v >= 7 { result -= 36 }
        }
        return result
    }

    static func dataCodewords(version: Int, ecl: ErrorCorrection) -> Int {
        rawDataModules(version: version) / 8
            - QRTables.eccCodewordsPerBlock[ecl.rawValue][version] * QRTables.errorCorrectionBlocks[ecl.rawValue][version]
    }

    /// The data codewords: mode, count, bytes, terminator, padding to a byte and then 0xEC 0x11 … (§7.4).
    static func dataCodewords(_ bytes: [UInt8], version: Int, ecl: ErrorCorrection) -> [UInt8] {
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) { for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) } }
        append(0b0100, 4)
        append(bytes.count, version <= 9 ? 8 : 16)
        for b in bytes { append(Int(b), 8) }
        let capacity = dataCodewords(version: version, ecl: ecl) * 8
        append(0, min(4, capacity - bits.count))
        append(0, (8 - bits.count % 8) % 8)
        var out = stride(from: 0, to: bits.count, by: 8).map { start in
            (0..<8).reduce(UInt8(0)) { $0 << 1 | (bits[start + $1] ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while out.count * 8 < capacity { out.append(pad); pad = pad == 0xEC ? 0x11 : 0xEC }
        return out
    }

    /// Splits the data into blocks, adds each block's Reed–Solomon codewords and interleaves them (§7.5, §7.6).
    static func interleaved(_ data: [UInt8], version: Int, ecl: ErrorCorrection) -> [UInt8] {
        let blockCount = QRTables.errorCorrectionBlocks[ecl.rawValue][version]
        let eccLength = QRTables.eccCodewordsPerBlock[ecl.rawValue][version]
        let raw = rawDataModules(version: version) / 8
        let shortBlocks = blockCount - raw % blockCount
        let shortLength = raw / blockCount
        let divisor = ReedSolomon.divisor(degree: eccLength)
        var blocks: [[UInt8]] = []
        var k = 0
        for i in 0..<blockCount {
            let length = shortLength - eccLength + (i < shortBlocks ? 0 : 1)
            var block = Array(data[k..<k + length])
            k += length
            let ecc = ReedSolomon.remainder(block, divisor: divisor)
            if i < shortBlocks { block.append(0) }  // a place holder, skipped when interleaving
            blocks.append(block + ecc)
        }
        var out: [UInt8] = []
        for i in 0..<blocks[0].count {
            for (j, block) in blocks.enumerated() where i != shortLength - eccLength || j >= shortBlocks {
                out.append(block[i])
            }
        }
        return out
    }

    // MARK: drawing

    private mutating func set(_ x: Int, _ y: Int, _ dark: Bool) {
        modules[y][x] = dark
        isFunction[y][x] = true
    }

    private mutating func drawFunctionPatterns() {
        for i in 0..<size {
            set(6, i, i % 2 == 0)
            set(i, 6, i % 2 == 0)
        }
        for (x, y) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4...4 {
                for dx in -4...4 where (0..<size).contains(x + dx) && (0..<size).contains(y + dy) {
                    let d = max(abs(dx), abs(dy))
                    set(x + dx, y + dy, d != 2 && d != 4)
                }
            }
        }
        let positions = QRTables.alignmentPositions(version: version)
        for (i, y) in positions.enumerated() {
            for (j, x) in positions.enumerated() {
                // Not over the three finder patterns.
                if (i == 0 && j == 0) || (i == 0 && j == positions.count - 1) || (i == positions.count - 1 && j == 0) { continue }
                for dy in -2...2 { for dx in -2...2 { set(x + dx, y + dy, max(abs(dx), abs(dy)) != 1) } }
            }
        }
        drawFormatBits(mask: 0)  // reserves the areas; redrawn with the chosen mask
        if version >= 7 {
            var rem = version
            for _ in 0..<12 { rem = (rem << 1) ^ ((rem >> 11) * 0x1F25) }
            let bits = version << 12 | rem
            for i in 0..<18 {
                let dark = (bits >> i) & 1 == 1
                let a = size - 11 + i % 3, b = i / 3
                set(a, b, dark)
                set(b, a, dark)
            }
        }
    }

    /// The 15 format bits (error-correction level and mask, BCH-coded and XOR-masked), twice (§7.9).
    private mutating func drawFormatBits(mask: Int) {
        let data = errorCorrection.formatBits << 3 | mask
        var rem = data
        for _ in 0..<10 { rem = (rem << 1) ^ ((rem >> 9) * 0x537) }
        let bits = (data << 10 | rem) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0...5 { set(8, i, bit(i)) }
        set(8, 7, bit(6))
        set(8, 8, bit(7))
        set(7, 8, bit(8))
        for i in 9..<15 { set(14 - i, 8, bit(i)) }
        for i in 0..<8 { set(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { set(8, size - 15 + i, bit(i)) }
        set(8, size - 8, true)  // the dark module
    }

    /// Places the codewords in the zig-zag of two-module columns, right to left, skipping the timing column (§7.7.3).
    private mutating func drawCodewords(_ data: [UInt8]) {
        var i = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vert in 0..<size {
                for j in 0..<2 {
                    let x = right - j
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vert : vert
                    if !isFunction[y][x] && i < data.count * 8 {
                        modules[y][x] = (data[i >> 3] >> (7 - (i & 7))) & 1 == 1
                        i += 1
                    }
                }
            }
            right -= 2
        }
    }

    private mutating func applyMask(_ m: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y][x] {
                let flip =
                    switch m {
                    case 0: (x + y) % 2 == 0
                    case 1: y % 2 == 0
                    case 2: x % 3 == 0
                    case 3: (x + y) % 3 == 0
                    case 4: (x / 3 + y / 2) % 2 == 0
                    case 5: x * y % 2 + x * y % 3 == 0
                    case 6: (x * y % 2 + x * y % 3) % 2 == 0
                    default: ((x + y) % 2 + x * y % 3) % 2 == 0
                    }
                if flip { modules[y][x].toggle() }
            }
        }
    }

    /// The penalty score of §7.8.3: runs of five or more, 2×2 blocks, finder-like patterns, and dark/light imbalance.
    func penalty() -> Int {
        var score = 0
        func lines(_ get: (Int, Int) -> Bool) {
            for a in 0..<size {
                var run = 1
                for b in 1..<size {
                    if get(a, b) == get(a, b - 1) { run += 1 } else { if run >= 5 { score += run - 2 }; run = 1 }
                }
                if run >= 5 { score += run - 2 }
                // 1:1:3:1:1 dark-light-dark-dark-dark-light-dark with four light modules on one side.
                for b in 0...(size - 7) {
                    let pattern = [true, false, true, true, true, false, true]
                    guard (0..<7).allSatisfy({ get(a, b + $0) == pattern[$0] }) else { continue }
                    let lightBefore = b >= 4 && (1...4).allSatisfy { !get(a, b - $0) }
                    let lightAfter = b + 11 <= size && (7..<11).allSatisfy { !get(a, b + $0) }
                    if lightBefore || lightAfter { score += 40 }
                }
            }
        }
        lines { modules[$0][$1] }
        lines { modules[$1][$0] }
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let c = modules[y][x]
                if c == modules[y][x + 1] && c == modules[y + 1][x] && c == modules[y + 1][x + 1] { score += 3 }
            }
        }
        let dark = modules.reduce(0) { $0 + $1.filter { $0 }.count }
        let total = size * size
        score += abs(dark * 20 - total * 10) / total * 10  // 10 points per 5 % away from half
        return score
    }
}

/// Reed–Solomon codes over GF(2⁸) with the QR polynomial x⁸ + x⁴ + x³ + x² + 1 (0x11D).
enum ReedSolomon {
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var z = 0
        for i in stride(from: 7, through: 0, by: -1) {
            z = (z << 1) ^ ((z >> 7) * 0x11D)
            z ^= Int((y >> UInt8(i)) & 1) * Int(x)
        }
        return UInt8(z)
    }

    /// The generator polynomial's coefficients, highest degree first, without the leading 1.
    static func divisor(degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                result[j] = multiply(result[j], root)
                if j + 1 < degree { result[j] ^= result[j + 1] }
            }
            root = multiply(root, 0x02)
        }
        return result
    }

    static func remainder(_ data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for b in data {
            let factor = b ^ result.removeFirst()
            result.append(0)
            for i in result.indices { result[i] ^= multiply(divisor[i], factor) }
        }
        return result
    }
}
