/// PACT v3 writes every non-integer number as a decimal string (`^[+-]?\d+(\.\d+)?$`: no exponent, no
/// trailing dot). The digits are Swift's shortest round-trip form of the Double, so reading the string back
/// gives the same Double; only the exponent is spelled out.
public enum PactDecimal {
    /// nil for NaN and infinities, which a PCF cannot carry.
    public static func string(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        if value == 0 { return "0" }  // also -0
        let text = "\(value.magnitude)"  // "1.5", "1e-07", "1.2345e+20"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var integer = mantissa
        var fraction: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            integer = mantissa[..<dot]
            fraction = mantissa[mantissa.index(after: dot)...]
        }
        // Move the decimal point `exponent` places through the digit string.
        var digits = Array(integer + fraction)
        var point = integer.count + exponent
        if point <= 0 {
            digits = Array(repeating: "0", count: 1 - point) + digits
            point = 1
        } else if point > digits.count {
            digits += Array(repeating: "0", count: point - digits.count)
        }
        var whole = String(digits[..<point]).drop { $0 == "0" }
        if whole.isEmpty { whole = "0" }
        let rest = String(digits[point...]).reversed().drop { $0 == "0" }
        let sign = value < 0 ? "-" : ""
        return rest.isEmpty ? sign + whole : sign + whole + "." + String(rest.reversed())
    }

    /// Parses a PACT decimal string (the v3 pattern, nothing looser).
    public static func parse(_ text: String) -> Double? {
        var s = Substring(text)
        if s.first == "+" || s.first == "-" { s = s.dropFirst() }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        return Double(text)
    }
}

extension Character {
    var isASCIIDigit: Bool { self >= "0" && self <= "9" }
}
