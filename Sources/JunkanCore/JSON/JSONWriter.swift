/// Writes JSON. Members keep their order and numbers their literal, so a parsed document written
/// back is the same data; `sortedKeys` gives a canonical form (used for stored event JSON).
public enum JSONWriter {
    public static func string(_ value: JSONValue, sortedKeys: Bool = false, pretty: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(256)
        write(value, into: &out, sortedKeys: sortedKeys, pretty: pretty, indent: 0)
        return out
    }

    public static func bytes(_ value: JSONValue, sortedKeys: Bool = false, pretty: Bool = false) -> [UInt8] {
        Array(string(value, sortedKeys: sortedKeys, pretty: pretty).utf8)
    }

    static func write(_ value: JSONValue, into out: inout String, sortedKeys: Bool, pretty: Bool, indent: Int) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n.literal
        case .string(let s): writeString(s, into: &out)
        case .array(let a):
            if a.isEmpty { out += "[]"; return }
            out += "["
            for (k, e) in a.enumerated() {
                if k > 0 { out += "," }
                if pretty { newline(&out, indent + 1) }
                write(e, into: &out, sortedKeys: sortedKeys, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(&out, indent) }
            out += "]"
        case .object(let o):
            if o.isEmpty { out += "{}"; return }
            out += "{"
            let members = sortedKeys ? o.members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) } : o.members
            for (k, m) in members.enumerated() {
                if k > 0 { out += "," }
                if pretty { newline(&out, indent + 1) }
                writeString(m.key, into: &out)
                out += pretty ? ": " : ":"
                write(m.value, into: &out, sortedKeys: sortedKeys, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(&out, indent) }
            out += "}"
        }
    }

    static func newline(_ out: inout String, _ indent: Int) {
        out += "\n"
        out += String(repeating: "  ", count: indent)
    }

    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        // Most strings need no escape: appended whole rather than scalar by scalar.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += s
            out += "\""
            return
        }
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}
