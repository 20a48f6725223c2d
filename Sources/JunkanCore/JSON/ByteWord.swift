/// Eight bytes tested at once in a 64-bit word ("SWAR"): the string scans of both JSON parsers spend most of their
/// time on plain text between quotes, which this steps through a word at a time instead of a byte at a time.
///
/// Each test gives a word with the high bit set in the byte of the first match and possibly in bytes after it (the
/// subtraction's borrow), never before: so `trailingZeroBitCount / 8` of a nonzero result is the first match.
/// Little-endian byte order (the first byte in memory is the lowest), as on every platform Swift runs on here.
enum ByteWord {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    @inline(__always) static func load(_ p: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    }

    /// A byte of `w` equal to `byte`.
    @inline(__always) static func equal(_ w: UInt64, _ byte: UInt8) -> UInt64 {
        let x = w ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highs
    }

    /// A byte of `w` below `bound` (≤ 0x80).
    @inline(__always) static func less(_ w: UInt64, _ bound: UInt8) -> UInt64 {
        (w &- ones &* UInt64(bound)) & ~w & highs
    }

    /// 0x80 when any byte of `w` has its high bit set (not ASCII), else 0.
    @inline(__always) static func highBit(_ w: UInt64) -> UInt8 { w & highs == 0 ? 0 : 0x80 }

    /// The index of the first `"` or `\` at or after `from`, or `bytes.count`.
    @inline(__always) static func firstQuoteOrBackslash(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var k = from
        if let base = bytes.baseAddress {
            while k + 8 <= bytes.count {
                let w = load(base + k)
                let stops = equal(w, UInt8(ascii: "\"")) | equal(w, UInt8(ascii: "\\"))
                if stops != 0 { return k + stops.trailingZeroBitCount / 8 }
                k += 8
            }
        }
        while k < bytes.count, bytes[k] != UInt8(ascii: "\""), bytes[k] != UInt8(ascii: "\\") { k += 1 }
        return k
    }
}
