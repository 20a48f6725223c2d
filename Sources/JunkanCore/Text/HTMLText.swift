/// Text placed in HTML or SVG markup (element content or a quoted attribute value): the five characters that could
/// end it or start markup are written as entities.
public enum HTMLText {
    public static func escape(_ s: String) -> String {
        guard s.contains(where: { "<>&\"'".contains($0) }) else { return s }
        var out = ""
        out.reserveCapacity(s.count + 16)
        for c in s {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
