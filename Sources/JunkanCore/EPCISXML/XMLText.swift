/// Text written into XML: escaped, and without the characters XML 1.0 cannot carry (§2.2), which become U+FFFD.
public enum XMLText {
    public static func content(_ s: String) -> String { escape(s, quotes: false) }
    public static func attribute(_ s: String) -> String { escape(s, quotes: true) }

    private static func escape(_ s: String, quotes: Bool) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            // Line ends and tabs in an attribute would be normalised to spaces by a reader: kept as references.
            case "\n" where quotes: out += "&#10;"
            case "\r": out += "&#13;"
            case "\t" where quotes: out += "&#9;"
            default:
                let v = u.value
                let allowed = v == 0x9 || v == 0xA || (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) || v >= 0x10000
                out.unicodeScalars.append(allowed ? u : "\u{FFFD}")
            }
        }
        return out
    }

    /// Whether `s` is an XML name without a colon (Namespaces in XML §3), over ASCII plus any non-ASCII letter.
    public static func isNCName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || $0 == "-" || $0 == "." || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }
}
