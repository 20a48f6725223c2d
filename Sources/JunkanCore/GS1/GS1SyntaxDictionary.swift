/// The GS1 Application Identifiers we know (from the GS1 Barcode Syntax Dictionary) and the rules
/// for their values: character sets, lengths and check digits.
public enum GS1SyntaxDictionary {
    public struct ApplicationIdentifier: Sendable {
        public let ai: String
        public let title: String
        public let components: [Component]
        /// Digital Link primary key: the allowed qualifier sequences (nil when the AI is not a key).
        public let primaryKeyQualifiers: [[String]]?
        public let isDataAttribute: Bool
    }

    public struct Component: Sendable {
        public enum Kind: Sendable { case numeric, cset82, cset39, cset64 }
        public let kind: Kind
        public let minLength: Int
        public let maxLength: Int
        public let optional: Bool
        public let checkDigit: Bool
    }

    public static func entry(_ ai: String) -> ApplicationIdentifier? { entries[ai] }

    /// GS1 General Specifications §7.11 character set 82 (the AI-encodable subset of ISO 646).
    static let cset82: Set<Character> = Set(#"!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"#)
    static let cset39: Set<Character> = Set("#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    static let cset64: Set<Character> = Set("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz=")

    /// Checks a value against the AI's components (lengths, characters, check digits).
    public static func validate(ai: String, value: String) throws(GS1Error) {
        guard let entry = entries[ai] else { throw .unknownApplicationIdentifier(ai) }
        let chars = Array(value)
        guard !chars.isEmpty else { throw .missingValue(ai: ai) }
        let minTotal = entry.components.filter { !$0.optional }.reduce(0) { $0 + $1.minLength }
        let maxTotal = entry.components.reduce(0) { $0 + $1.maxLength }
        guard chars.count >= minTotal, chars.count <= maxTotal else {
            throw .wrongLength(ai: ai, expected: minTotal == maxTotal ? "\(minTotal)" : "\(minTotal) to \(maxTotal)", got: chars.count)
        }
        var pos = 0
        for (k, c) in entry.components.enumerated() {
            if pos >= chars.count { break }
            // A component takes its fixed length, or what is left for a variable (last) one.
            let isLast = k == entry.components.count - 1
            let len = c.minLength == c.maxLength && !isLast ? c.minLength : min(c.maxLength, chars.count - pos)
            let part = Array(chars[pos..<min(chars.count, pos + len)])
            for (j, ch) in part.enumerated() where !allowed(ch, c.kind) {
                throw .badCharacter(ai: ai, character: ch, position: pos + j)
            }
            if c.checkDigit {
                let expected = CheckDigit.compute(part.dropLast().map { $0.wholeNumberValue ?? 0 })
                let got = part.last!
                if got.wholeNumberValue != expected {
                    throw .badCheckDigit(ai: ai, expected: Character(String(expected)), got: got)
                }
            }
            pos += part.count
        }
    }

    static func allowed(_ c: Character, _ kind: Component.Kind) -> Bool {
        switch kind {
        case .numeric: c.isASCII && c.isNumber
        case .cset82: cset82.contains(c)
        case .cset39: cset39.contains(c)
        case .cset64: cset64.contains(c)
        }
    }
}

/// GS1 General Specifications §7.9.1: the mod-10 check digit of GTIN, GLN, SSCC, GRAI, GSRN, …
public enum CheckDigit {
    /// The check digit for `digits` (the key without its check digit).
    public static func compute(_ digits: [Int]) -> Int {
        var sum = 0
        for (k, d) in digits.reversed().enumerated() { sum += k % 2 == 0 ? d * 3 : d }
        return (10 - sum % 10) % 10
    }

    public static func compute(_ digits: String) -> Int { compute(digits.compactMap(\.wholeNumberValue)) }

    public static func isValid(_ key: String) -> Bool {
        guard key.count >= 2, key.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return compute(String(key.dropLast())) == key.last!.wholeNumberValue
    }
}
