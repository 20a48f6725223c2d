/// Python's number syntax and `str()` of floats and ints, as far as the hash depends on them.
enum PythonNumber {
    /// `str(json.loads(literal))`: ints print as digits, floats as the shortest round-trip repr.
    static func strOfJSONNumber(_ literal: String) -> String {
        let isInteger = !literal.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") })
        if isInteger { return integerString(literal) }
        return repr(Double(literal) ?? .nan)
    }

    /// Python int() of a digit string: no leading zeros, no "-0".
    static func integerString(_ digits: String) -> String {
        // The callers pass ASCII (a JSON number literal, or digits float() syntax accepted): read as bytes, and
        // return a digit string that is already canonical as it is.
        let u = digits.utf8
        if let first = u.first, first >= UInt8(ascii: "1"), first <= UInt8(ascii: "9"), u.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return digits }
        var s = Substring(digits)
        var negative = false
        if s.first == "-" { negative = true; s = s.dropFirst() } else if s.first == "+" { s = s.dropFirst() }
        s = s.drop(while: { $0 == "0" || $0 == "_" })
        let body = s.filter { $0 != "_" }
        if body.isEmpty { return "0" }
        return (negative ? "-" : "") + body
    }

    /// Python's repr(float). Swift's `description` already is the shortest round-trip form with
    /// the same exponent thresholds (1e-4, 1e16) and spelling ("1e-05", "1e+16", "123.0").
    static func repr(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return d.description
    }

    /// `_try_format_numeric`: a value Python's float() accepts is rewritten without trailing ".0",
    /// leading "+" or zeros; anything else is kept.
    static func formatNumeric(_ text: String) throws(EventHashError) -> String {
        // A plain integer of up to 15 digits (a quantity, a count): float() reads it exactly, so the result is its
        // int() spelling, as the full path below gives.
        if isShortInteger(text) { return integerString(text) }
        guard let parsed = parseFloat(text) else { return text }
        switch parsed {
        case .nan: return text
        case .infinite: throw EventHashError.infiniteNumber(text)
        case .finite(let value, let integerDigits):
            if value.rounded(.towardZero) == value {
                if let digits = integerDigits { return integerString(digits) }
                return integerOfDouble(value)
            }
            return repr(value)
        }
    }

    enum Parsed { case finite(Double, integerDigits: String?); case nan; case infinite }

    /// Python float() syntax: optional whitespace and sign, digits with single underscores between them,
    /// optional fraction and exponent, or inf/infinity/nan in any case.
    static func parseFloat(_ raw: String) -> Parsed? {
        // A float starts with a sign, a digit, "." or the i/n of inf/nan; a value starting with any other
        // visible ASCII character (a URI, a word) is not one, and needs no stripping and copying to see that.
        if let first = raw.utf8.first, (0x21...0x7E).contains(first), !Self.mayStartFloat(first) { return nil }
        // Nothing to strip, and no inf/nan word after the sign: then a byte outside the number alphabet means no float
        // (an offset such as "+05:30", a date, a code like "12-AB"), which needs no parsing to see.
        let u = raw.utf8
        if let first = u.first, let last = u.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            let body = first == UInt8(ascii: "+") || first == UInt8(ascii: "-") ? u.dropFirst() : u[...]
            if let lead = body.first, !Self.mayStartWord(lead), !body.allSatisfy(Self.isNumberByte) { return nil }
        }
        return parseFloatFully(raw)
    }
    static func parseFloatFully(_ raw: String) -> Parsed? {
        let text = PythonString.strip(raw)
        guard !text.isEmpty, text.unicodeScalars.allSatisfy({ $0.isASCII }) else { return nil }
        var body = Substring(text)
        var sign = ""
        if body.first == "+" || body.first == "-" { sign = body.first == "-" ? "-" : ""; body = body.dropFirst() }
        switch body.lowercased() {
        case "inf", "infinity": return .infinite
        case "nan": return .nan
        default: break
        }
        let bytes = Array(body.utf8)
        var i = 0
        func digits() -> String? {
            var out = ""
            var lastWasDigit = false
            while i < bytes.count {
                let b = bytes[i]
                if ASCII.isDigit(b) {
                    out.append(Character(UnicodeScalar(b))); lastWasDigit = true; i += 1
                } else if b == UInt8(ascii: "_") && lastWasDigit && i + 1 < bytes.count && bytes[i + 1] >= 0x30 && bytes[i + 1] <= 0x39 {
                    lastWasDigit = false; i += 1
                } else {
                    break
                }
            }
            return out.isEmpty ? nil : out
        }
        let intPart = digits()
        var fracPart: String? = nil
        var hasPoint = false
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") { hasPoint = true; i += 1; fracPart = digits() }
        guard intPart != nil || fracPart != nil else { return nil }
        var exponent: String? = nil
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var expSign = ""
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { expSign = bytes[i] == UInt8(ascii: "-") ? "-" : ""; i += 1 }
            guard let e = digits() else { return nil }
            exponent = expSign + e
        }
        guard i == bytes.count else { return nil }
        let literal = sign + (intPart ?? "0") + (hasPoint ? "." + (fracPart ?? "0") : "") + (exponent.map { "e" + $0 } ?? "")
        guard let value = Double(literal) else { return nil }
        if value.isInfinite { return .infinite }
        // An exact integer literal keeps all its digits (Python's int(float(x)) would too for small values;
        // for huge ones it prints the float's exact integer value, handled by integerOfDouble).
        let integerDigits = (!hasPoint && exponent == nil && abs(value) < 9_007_199_254_740_992) ? sign + (intPart ?? "0") : nil
        return .finite(value, integerDigits: integerDigits)
    }

    /// An optional '-' and 1 to 15 ASCII digits, nothing else.
    static func isShortInteger(_ text: String) -> Bool {
        let u = text.utf8
        guard u.count <= 16 else { return false }
        func check(_ b: some Collection<UInt8>) -> Bool {
            let digits = b.first == UInt8(ascii: "-") ? b.dropFirst() : b[...]
            return (1...15).contains(digits.count) && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }
        return u.withContiguousStorageIfAvailable(check) ?? check(u)
    }

    /// The first letter of inf, infinity or nan.
    static func mayStartWord(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "i") || c == UInt8(ascii: "I") || c == UInt8(ascii: "n") || c == UInt8(ascii: "N")
    }

    /// A byte of a decimal float literal: digits, '_', '.', an exponent and its sign.
    static func isNumberByte(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"),
            UInt8(ascii: "+"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    static func mayStartFloat(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."): true
        default: mayStartWord(c)
        }
    }

    /// Python's str(int(x)) for an integral double: its exact decimal expansion.
    static func integerOfDouble(_ d: Double) -> String {
        if abs(d) < 9.2e18 { return String(Int64(d)) }
        // Exact expansion of a large integral double: mantissa × 2^exponent in base-10 digits.
        var digits: [UInt32] = [0]  // little-endian base 1e9
        let negative = d < 0
        let m = abs(d).significandBitPattern | (1 << 52)
        let e = Int(abs(d).exponent) - 52
        func mulAdd(_ factor: UInt64, _ add: UInt64) {
            var carry = add
            for k in 0..<digits.count {
                let v = UInt64(digits[k]) * factor + carry
                digits[k] = UInt32(v % 1_000_000_000)
                carry = v / 1_000_000_000
            }
            while carry > 0 { digits.append(UInt32(carry % 1_000_000_000)); carry /= 1_000_000_000 }
        }
        mulAdd(1, m)
        if e > 0 { for _ in 0..<e { mulAdd(2, 0) } }
        var s = String(digits.last!)
        for chunk in digits.dropLast().reversed() {
            let c = String(chunk)
            s += String(repeating: "0", count: 9 - c.count) + c
        }
        return (negative ? "-" : "") + s
    }
}
