/// A capture or `event-hash` document is one long array of events; parsing it element by element on one
/// thread left half of the machine idle. A structural scan (strings and brackets only, no values built)
/// finds where each element starts and ends, and the elements are parsed on all cores. Only valid input
/// takes this path: when the scan or any element fails, the caller parses the array sequentially, so an
/// invalid document reports exactly the error (and position) it always did.
extension Parser {
    /// Lists at most this deep are tried (an EPCISQueryDocument's eventList is at depth 5).
    static let parallelDepth = 5
    /// Fewer elements than this are not worth the threads.
    static let parallelMinimumElements = 256

    /// The elements of the array starting at `i` ('['), parsed in parallel, with `i` moved past its ']';
    /// nil (and `i` unchanged) when the array is short or not valid JSON.
    mutating func parallelElements() -> [JSONValue]? {
        guard let (spans, close) = elementSpans(), spans.count >= Self.parallelMinimumElements else { return nil }
        let bytes = self.bytes, limits = self.limits, depth = self.depth
        let parsed = ParallelMap.map(spans.count, chunk: 64) { k -> JSONValue? in
            var p = Parser(bytes: bytes, limits: limits)
            p.i = spans[k].lowerBound
            p.depth = depth
            p.mayGoParallel = false
            p.skipWhitespace()
            // (.none, not nil: JSONValue is ExpressibleByNilLiteral, and a bare nil here would read as JSON null.)
            guard let v = try? p.value() else { return .none }
            p.skipWhitespace()
            return p.i == spans[k].upperBound ? .some(v) : .none
        }
        var elements: [JSONValue] = []
        elements.reserveCapacity(parsed.count)
        for v in parsed {
            guard let v else { return nil }
            elements.append(v)
        }
        i = close + 1
        return elements
    }

    /// The byte range of each element (from after '[' or ',' to the next ',' or ']' at this level) and the
    /// offset of the closing ']'; nil when the brackets or strings do not close.
    func elementSpans() -> ([Range<Int>], Int)? { Self.elementSpans(bytes, array: i) }

    /// `elementSpans()` of the array whose '[' is at `array`.
    static func elementSpans(_ bytes: UnsafeBufferPointer<UInt8>, array: Int) -> ([Range<Int>], Int)? {
        var spans: [Range<Int>] = []
        var k = array + 1
        var start = k
        var level = 0
        while k < bytes.count {
            switch bytes[k] {
            case UInt8(ascii: "\""):
                k += 1
                while true {
                    k = ByteWord.firstQuoteOrBackslash(bytes, from: k)
                    guard k < bytes.count, bytes[k] == UInt8(ascii: "\\") else { break }
                    k += 2
                }
                guard k < bytes.count else { return nil }
            case UInt8(ascii: "["), UInt8(ascii: "{"): level += 1
            case UInt8(ascii: "}"):
                level -= 1
                if level < 0 { return nil }
            case UInt8(ascii: "]"):
                if level == 0 {
                    spans.append(start..<k)
                    return (spans, k)
                }
                level -= 1
            case UInt8(ascii: ","):
                if level == 0 {
                    spans.append(start..<k)
                    start = k + 1
                }
            default: break
            }
            k += 1
        }
        return nil
    }
}
