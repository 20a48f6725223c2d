/// The byte ranges of the elements of a JSON document's top-level array — or of the array that is the value of `member`
/// in a top-level object — found without building the document, so a large import parses one element at a time
/// (issue 25, item 4). Only strings, nesting and commas are read here; each element is then parsed (and checked) by
/// `JSONParser`, and anything left over is an error.
public enum JSONArrayElements {
    public struct Failure: Error, Sendable, Equatable {
        public var offset: Int
        public var reason: String
    }

    public static func ranges(_ bytes: [UInt8], member: String) throws(Failure) -> [Range<Int>] {
        var i = skipSpace(bytes, 0)
        guard i < bytes.count else { throw Failure(offset: i, reason: "the document is empty") }
        if bytes[i] == UInt8(ascii: "[") {
            let (elements, end) = try elementsOfArray(bytes, at: i)
            try requireEnd(bytes, end)
            return elements
        }
        guard bytes[i] == UInt8(ascii: "{") else { throw Failure(offset: i, reason: "expected an array, or an object with \"\(member)\"") }
        i += 1
        var found: [Range<Int>]?
        while true {
            i = skipSpace(bytes, i)
            guard i < bytes.count else { throw Failure(offset: i, reason: "the object is not closed") }
            if bytes[i] == UInt8(ascii: "}") { i += 1; break }
            guard bytes[i] == UInt8(ascii: "\"") else { throw Failure(offset: i, reason: "expected a member name") }
            let keyEnd = try endOfString(bytes, at: i)
            let key = String(decoding: bytes[(i + 1)..<(keyEnd - 1)], as: UTF8.self)
            i = skipSpace(bytes, keyEnd)
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw Failure(offset: i, reason: "expected ':' after a member name") }
            i = skipSpace(bytes, i + 1)
            if key == member, i < bytes.count, bytes[i] == UInt8(ascii: "[") {
                let (elements, end) = try elementsOfArray(bytes, at: i)
                found = elements
                i = end
            } else {
                i = try endOfValue(bytes, at: i)
            }
            i = skipSpace(bytes, i)
            if i < bytes.count, bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            guard i < bytes.count, bytes[i] == UInt8(ascii: "}") else { throw Failure(offset: i, reason: "expected ',' or '}'") }
            i += 1
            break
        }
        try requireEnd(bytes, i)
        guard let found else { throw Failure(offset: 0, reason: "expected an array, or an object with \"\(member)\": [...]") }
        return found
    }

    /// The elements of the array opening at `start`, and the offset after its `]`.
    static func elementsOfArray(_ bytes: [UInt8], at start: Int) throws(Failure) -> ([Range<Int>], Int) {
        var out: [Range<Int>] = []
        var i = skipSpace(bytes, start + 1)
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { return (out, i + 1) }
        while true {
            i = skipSpace(bytes, i)
            let end = try endOfValue(bytes, at: i)
            out.append(i..<end)
            i = skipSpace(bytes, end)
            guard i < bytes.count else { throw Failure(offset: i, reason: "the array is not closed") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            guard bytes[i] == UInt8(ascii: "]") else { throw Failure(offset: i, reason: "expected ',' or ']'") }
            return (out, i + 1)
        }
    }

    /// The offset after the value starting at `i` (a string, or anything up to the next `,` `]` `}` at its depth).
    static func endOfValue(_ bytes: [UInt8], at start: Int) throws(Failure) -> Int {
        var i = start, depth = 0
        guard i < bytes.count else { throw Failure(offset: i, reason: "expected a value") }
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\""): i = try endOfString(bytes, at: i); continue
            case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if depth == 0 { return i }
                depth -= 1
                if depth == 0 { return i + 1 }
            case UInt8(ascii: ","): if depth == 0 { return i }
            default: break
            }
            i += 1
        }
        guard depth == 0 else { throw Failure(offset: start, reason: "a value is not closed") }
        return i
    }

    /// The offset after the string whose opening quote is at `start`.
    static func endOfString(_ bytes: [UInt8], at start: Int) throws(Failure) -> Int {
        var i = start + 1
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\\") { i += 2; continue }
            if bytes[i] == UInt8(ascii: "\"") { return i + 1 }
            i += 1
        }
        throw Failure(offset: start, reason: "a string is not closed")
    }

    static func skipSpace(_ bytes: [UInt8], _ start: Int) -> Int {
        var i = start
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        return i
    }

    static func requireEnd(_ bytes: [UInt8], _ end: Int) throws(Failure) {
        let i = skipSpace(bytes, end)
        guard i == bytes.count else { throw Failure(offset: i, reason: "text after the end of the document") }
    }
}
