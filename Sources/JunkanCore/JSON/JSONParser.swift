/// A strict RFC 8259 JSON parser over UTF-8 bytes that reports where it failed and bounds nesting, so
/// no input (deeply nested, truncated, not UTF-8) can crash or exhaust the stack.
public struct JSONParser {
    public struct Limits: Sendable {
        public var maxDepth: Int
        public init(maxDepth: Int = 64) { self.maxDepth = maxDepth }
    }

    public static func parse(_ bytes: some Collection<UInt8>, limits: Limits = .init()) throws(JSONSyntaxError) -> JSONValue {
        try parse(bytes, limits: limits, parallel: true)
    }

    /// `parallel: false` parses on the calling thread only (the tests compare the two).
    static func parse(_ bytes: some Collection<UInt8>, limits: Limits, parallel: Bool) throws(JSONSyntaxError) -> JSONValue {
        func run(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONSyntaxError> {
            var parser = Parser(bytes: buffer, limits: limits)
            parser.mayGoParallel = parallel
            return Result { () throws(JSONSyntaxError) in try parser.document() }
        }
        // Bytes already in one piece (an array, a request body) are read where they are, not copied first.
        if let result = bytes.withContiguousStorageIfAvailable(run) { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer(run).get()
    }

    public static func parse(_ text: String, limits: Limits = .init()) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8), limits: limits)
    }
}

/// Why and where a document is not JSON. `offset` is the byte offset, `line`/`column` are 1-based.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    public let offset: Int
    public let line: Int
    public let column: Int
    public var description: String { "\(reason) at line \(line), column \(column)" }
}

struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>
    let limits: JSONParser.Limits
    var i = 0
    var depth = 0
    /// False inside an element already parsed in parallel (its lists are short and on a worker already).
    var mayGoParallel = true

    init(bytes: UnsafeBufferPointer<UInt8>, limits: JSONParser.Limits) {
        self.bytes = bytes
        self.limits = limits
    }

    mutating func document() throws(JSONSyntaxError) -> JSONValue {
        // RFC 8259 §8.1: a UTF-8 byte order mark may be ignored.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        skipWhitespace()
        guard i < bytes.count else { throw error("the document is empty") }
        let v = try value()
        skipWhitespace()
        guard i == bytes.count else { throw error("unexpected content after the JSON value") }
        return v
    }

    func error(_ reason: String) -> JSONSyntaxError {
        var line = 1, column = 1
        var k = 0
        while k < min(i, bytes.count) {
            if bytes[k] == UInt8(ascii: "\n") { line += 1; column = 1 } else if bytes[k] & 0xC0 != 0x80 { column += 1 }
            k += 1
        }
        return JSONSyntaxError(reason: reason, offset: i, line: line, column: column)
    }

    mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    mutating func value() throws(JSONSyntaxError) -> JSONValue {
        guard i < bytes.count else { throw error("unexpected end of input, expected a value") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("unexpected character '\(printable(bytes[i]))', expected a value")
        }
    }

    func printable(_ b: UInt8) -> String { JSONEscape.printable(b) }

    mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard i + w.count <= bytes.count, zip(w, bytes[i..<(i + w.count)]).allSatisfy({ $0 == $1 }) else {
            throw error("invalid literal, expected '\(word)'")
        }
        i += w.count
    }

    mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > limits.maxDepth { throw error("nesting deeper than \(limits.maxDepth) levels") }
    }

    mutating func object() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        i += 1
        var members: [(key: String, value: JSONValue)] = []
        // Names seen so far: a linear scan for the small objects events are made of, a set past 16 members.
        var seen: Set<String>? = nil
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(JSONObject(members)) }
        while true {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a member name in double quotes") }
            let keyStart = i
            let key = try string()
            // RFC 8259 §4 leaves duplicate names undefined; we refuse them so no member is silently dropped.
            if members.count == 16 { seen = Set(members.map(\.key)) }
            let duplicate = seen != nil ? !seen!.insert(key).inserted : members.contains { $0.key == key }
            guard !duplicate else { i = keyStart; throw error("duplicate member name \"\(key)\"") }
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected ':' after a member name") }
            i += 1
            skipWhitespace()
            members.append((key, try value()))
            skipWhitespace()
            guard i < bytes.count else { throw error("unexpected end of input inside an object") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(JSONObject(members)) }
            throw error("expected ',' or '}' in an object")
        }
    }

    mutating func array() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        // A long list near the top (an EPCIS document's eventList) is parsed on all cores.
        if mayGoParallel, depth <= Self.parallelDepth, let elements = parallelElements() { return .array(elements) }
        i += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try value())
            skipWhitespace()
            guard i < bytes.count else { throw error("unexpected end of input inside an array") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(elements) }
            throw error("expected ',' or ']' in an array")
        }
    }

    mutating func number() throws(JSONSyntaxError) -> JSONNumber {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, ASCII.isDigit(bytes[i]) else { throw error("invalid number") }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < bytes.count, ASCII.isDigit(bytes[i]) { throw error("invalid number: leading zero") }
        } else {
            while i < bytes.count, ASCII.isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard i < bytes.count, ASCII.isDigit(bytes[i]) else { throw error("invalid number: digit expected after '.'") }
            while i < bytes.count, ASCII.isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, ASCII.isDigit(bytes[i]) else { throw error("invalid number: digit expected in exponent") }
            while i < bytes.count, ASCII.isDigit(bytes[i]) { i += 1 }
        }
        return JSONNumber(literal: String(decoding: bytes[start..<i], as: UTF8.self))
    }

    mutating func string() throws(JSONSyntaxError) -> String {
        i += 1
        // Most strings have no escape: made straight from their bytes, without a copy to build first.
        let start = i
        let high = JSONEscape.skipPlainText(bytes, at: &i)
        if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
            let text = UnsafeBufferPointer(rebasing: bytes[start..<i])
            // ASCII is valid UTF-8 as it stands, and `String(decoding:)` takes it as it is. `String(validating:)`
            // looks up generic metadata on every call (behind a lock the parsing threads share): that was half the
            // time of parsing a capture's strings. So it is kept for text that is not ASCII.
            let s = high < 0x80 ? String(decoding: text, as: UTF8.self) : String(validating: text, as: UTF8.self)
            guard let s else { throw error("string is not valid UTF-8") }
            i += 1
            return s
        }
        var out = Array(bytes[start..<i])
        while true {
            guard i < bytes.count else { throw error("unterminated string") }
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\""):
                i += 1
                guard let s = String(validating: out, as: UTF8.self) else { throw error("string is not valid UTF-8") }
                return s
            case UInt8(ascii: "\\"):
                i += 1
                if let reason = JSONEscape.decode(bytes, at: &i, into: &out) { throw error(reason) }
            case 0x00..<0x20:
                throw error("unescaped control character in string")
            default:
                out.append(b)
                i += 1
            }
        }
    }
}

/// JSON string escapes (RFC 8259 §7), decoded the one way both parsers decode them.
enum JSONEscape {
    /// Decodes the escape whose backslash is just before `i` into `out` and moves `i` past it; on a fault, says what
    /// is wrong with `i` where the fault is.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: inout Int, into out: inout [UInt8]) -> String? {
        guard i < bytes.count else { return "unterminated escape" }
        let e = bytes[i]
        i += 1
        switch e {
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "/"): out.append(0x2F)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar: UInt32 = 0
            if let reason = hex4(bytes, at: &i, into: &scalar) { return reason }
            if (0xD800...0xDBFF).contains(scalar) {
                guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                    return "unpaired UTF-16 surrogate in \\u escape"
                }
                i += 2
                var low: UInt32 = 0
                if let reason = hex4(bytes, at: &i, into: &low) { return reason }
                guard (0xDC00...0xDFFF).contains(low) else { return "invalid UTF-16 surrogate pair" }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                return "unpaired UTF-16 surrogate in \\u escape"
            }
            guard let u = Unicode.Scalar(scalar) else { return "invalid \\u escape" }
            out.append(contentsOf: String(Character(u)).utf8)
        default:
            i -= 1
            return "invalid escape '\\\(printable(e))'"
        }
        return nil
    }

    /// Moves `i` past the string text that needs no decoding (up to a quote, a backslash or a control character) and
    /// gives a value ≥ 0x80 when any of its bytes is not ASCII, < 0x80 otherwise. Eight bytes at a time where eight are
    /// left (`ByteWord`), since most of a document's bytes are string text.
    @inline(__always)
    static func skipPlainText(_ bytes: UnsafeBufferPointer<UInt8>, at i: inout Int) -> UInt8 {
        var high: UInt64 = 0
        if let base = bytes.baseAddress {
            while i + 8 <= bytes.count {
                let w = ByteWord.load(base + i)
                let stops = ByteWord.equal(w, UInt8(ascii: "\"")) | ByteWord.equal(w, UInt8(ascii: "\\")) | ByteWord.less(w, 0x20)
                if stops != 0 {
                    // Only the bytes before the stop count towards the text.
                    let n = stops.trailingZeroBitCount / 8
                    high |= n == 0 ? 0 : w & (UInt64.max >> (64 - 8 * n))
                    i += n
                    return ByteWord.highBit(high)
                }
                high |= w
                i += 8
            }
        }
        var tail: UInt8 = 0
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\"), bytes[i] >= 0x20 {
            tail |= bytes[i]
            i += 1
        }
        return ByteWord.highBit(high) | tail
    }

    /// A byte as an error message shows it.
    static func printable(_ b: UInt8) -> String {
        b >= 0x20 && b < 0x7F ? String(UnicodeScalar(b)) : "\\u{\(String(b, radix: 16))}"
    }

    private static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, at i: inout Int, into v: inout UInt32) -> String? {
        guard i + 4 <= bytes.count else { return "truncated \\u escape" }
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
            default: return "invalid hex digit in \\u escape"
            }
            v = v * 16 + d
            i += 1
        }
        return nil
    }
}
