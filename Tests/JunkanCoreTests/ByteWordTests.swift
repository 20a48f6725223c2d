import Testing

@testable import JunkanCore

/// The word-at-a-time scans against a byte loop: every stop byte at every offset of texts of every length around the
/// eight-byte word, with and without non-ASCII bytes before and after it.
@Suite struct ByteWordTests {
    static let stops: [UInt8] = [UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x00, 0x0A, 0x1F]
    /// Bytes that must not stop a scan: the neighbours of the stops, space, DEL, non-ASCII.
    static let plain: [UInt8] = [0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80, 0xC3, 0xFF, UInt8(ascii: "a")]

    static func texts() -> [[UInt8]] {
        var out: [[UInt8]] = []
        for length in 0...26 {
            for filler in plain { out.append([UInt8](repeating: filler, count: length)) }
            for stop in stops {
                for at in 0..<length {
                    for filler in [UInt8(ascii: "a"), 0xC3] {
                        var t = [UInt8](repeating: filler, count: length)
                        t[at] = stop
                        out.append(t)
                        if at + 1 < length { t[at + 1] = UInt8(ascii: "\""); out.append(t) }
                    }
                    // ASCII before the stop, not ASCII after it (in the same word): the text is ASCII.
                    var t = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    t[at] = stop
                    for k in (at + 1)..<length { t[k] = 0xC3 }
                    out.append(t)
                }
            }
        }
        return out
    }

    @Test func skipPlainTextStopsWhereTheByteLoopStops() {
        for text in Self.texts() {
            for start in 0...min(3, text.count) {
                var expected = start
                var high: UInt8 = 0
                while expected < text.count, text[expected] != UInt8(ascii: "\""), text[expected] != UInt8(ascii: "\\"), text[expected] >= 0x20 {
                    high |= text[expected]
                    expected += 1
                }
                text.withUnsafeBufferPointer { b in
                    var i = start
                    let got = JSONEscape.skipPlainText(b, at: &i)
                    #expect(i == expected, "\(text) from \(start)")
                    #expect((got >= 0x80) == (high >= 0x80), "\(text) from \(start)")
                }
            }
        }
    }

    @Test func firstQuoteOrBackslashIsTheFirstOne() {
        for text in Self.texts() {
            for start in 0...min(3, text.count) {
                let expected = text[start...].firstIndex { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") } ?? text.count
                text.withUnsafeBufferPointer { b in #expect(ByteWord.firstQuoteOrBackslash(b, from: start) == expected, "\(text)") }
            }
        }
    }

    /// Escaped quotes and backslashes on either side of a word boundary do not end a string early in the parallel
    /// parse's element scan.
    @Test func elementSpansSkipEscapesAtEveryOffset() throws {
        for pad in 0..<12 {
            let s = String(repeating: "x", count: pad)
            let text = #"[""# + s + #"\"]\\", ""# + s + #"\\", {"a": "]\"}"}, 7]"#
            let spans = try #require(text.utf8.withContiguousStorageIfAvailable { Parser.elementSpans($0, array: 0) } ?? nil)
            #expect(spans.0.count == 4, "\(pad)")
            #expect(spans.1 == text.utf8.count - 1, "\(pad)")
        }
    }
}
