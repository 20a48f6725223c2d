/// Writes JSON. Members keep their order and numbers their literal, so a parsed document written
/// back is the same data; `sortedKeys` gives a canonical form (used for stored event JSON).
///
/// The text is written as UTF-8 bytes into one buffer and made a `String` once: appending to a `String` piece by
/// piece (its capacity checks and count updates per append) was most of the writer's time in a capture profile.
public enum JSONWriter {
    public static func string(_ value: JSONValue, sortedKeys: Bool = false, pretty: Bool = false) -> String {
        String(decoding: bytes(value, sortedKeys: sortedKeys, pretty: pretty), as: UTF8.self)
    }

    public static func bytes(_ value: JSONValue, sortedKeys: Bool = false, pretty: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, into: &out, sortedKeys: sortedKeys, pretty: pretty, indent: 0)
        return out
    }

    static func write(_ value: JSONValue, into out: inout [UInt8], sortedKeys: Bool, pretty: Bool, indent: Int) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: n.literal.utf8)
        case .string(let s): writeString(s, into: &out)
        case .array(let a):
            if a.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (k, e) in a.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { newline(&out, indent + 1) }
                write(e, into: &out, sortedKeys: sortedKeys, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(&out, indent) }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            if o.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            let members = sortedKeys ? o.members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) } : o.members
            for (k, m) in members.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { newline(&out, indent + 1) }
                writeString(m.key, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(UInt8(ascii: " ")) }
                write(m.value, into: &out, sortedKeys: sortedKeys, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(&out, indent) }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func newline(_ out: inout [UInt8], _ indent: Int) {
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * indent))
    }

    /// A JSON string: the text's runs that need no escape are copied whole, and `"`, `\` and control characters
    /// are escaped (the short forms where JSON has one, `\u00XX` otherwise).
    static func writeString(_ s: String, into out: inout [UInt8]) {
        var s = s
        out.append(UInt8(ascii: "\""))
        s.withUTF8 { b in
            var plain = 0
            for i in b.indices {
                let c = b[i]
                guard c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[plain..<i]))
                escape(c, into: &out)
                plain = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[plain...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func escape(_ c: UInt8, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(c)
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "t"))
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        default:
            out.append(contentsOf: "u00".utf8)
            out.append(Hex.digits[Int(c >> 4)])
            out.append(Hex.digits[Int(c & 0x0F)])
        }
    }
}
