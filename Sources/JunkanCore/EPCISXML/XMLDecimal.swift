/// XML Schema numbers (`xsd:decimal`, `xsd:double`) as JSON number literals: XML allows `+1`, `.5`, `5.` and leading
/// zeros, which JSON does not; INF and NaN have no JSON form.
enum XMLDecimal {
    static func jsonNumber(_ text: String) -> JSONNumber? {
        var s = Substring(text.trimmingXMLWhitespace)
        var sign = ""
        if s.first == "-" || s.first == "+" {
            if s.first == "-" { sign = "-" }
            s = s.dropFirst()
        }
        var exponent = ""
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            var exp = s[s.index(after: e)...]
            s = s[..<e]
            var expSign = ""
            if exp.first == "-" || exp.first == "+" {
                if exp.first == "-" { expSign = "-" }
                exp = exp.dropFirst()
            }
            guard !exp.isEmpty, exp.allSatisfy(\.isASCIIDigit) else { return nil }
            exponent = "e" + expSign + exp
        }
        let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, first.allSatisfy(\.isASCIIDigit) else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.allSatisfy(\.isASCIIDigit), !(first.isEmpty && fraction.isEmpty) else { return nil }
        var integer = String(first.drop { $0 == "0" })
        if integer.isEmpty { integer = "0" }
        return JSONNumber(literal: sign + integer + (fraction.isEmpty ? "" : "." + fraction) + exponent)
    }
}
