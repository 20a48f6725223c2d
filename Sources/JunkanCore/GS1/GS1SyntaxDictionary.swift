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

    /// Checks a value against the AI's components (lengths, characters, check digits).
    public static func validate(ai: String, value: String) throws(GS1Error) {
        if let entry = entries[ai], isValidASCII(value, entry) { return }
        try validateCharacters(ai: ai, value: value)
    }

    /// The check of `validateCharacters` on the bytes of an ASCII value, where a byte is a character: the
    /// common case, without a Character array per value. Any failure (or any non-ASCII byte) answers false,
    /// and `validateCharacters` then finds and words the error.
    static func isValidASCII(_ value: String, _ entry: ApplicationIdentifier) -> Bool {
        let result = value.utf8.withContiguousStorageIfAvailable { b -> Bool in
            var minTotal = 0, maxTotal = 0
            for c in entry.components {
                if !c.optional { minTotal += c.minLength }
                maxTotal += c.maxLength
            }
            guard !b.isEmpty, b.count >= minTotal, b.count <= maxTotal else { return false }
            var pos = 0
            for (k, c) in entry.components.enumerated() {
                if pos >= b.count { break }
                let isLast = k == entry.components.count - 1
                let len = c.minLength == c.maxLength && !isLast ? c.minLength : min(c.maxLength, b.count - pos)
                let end = min(b.count, pos + len)
                let set = ASCIISet.of(c.kind)
                for i in pos..<end where !set.contains(b[i]) { return false }
                if c.checkDigit {
                    guard b[pos..<end].allSatisfy(ASCII.isDigit) else { return false }
                    if Int(b[end - 1] - 0x30) != CheckDigit.compute(asciiDigits: b[pos..<(end - 1)]) { return false }
                }
                pos = end
            }
            return true
        }
        return result ?? false
    }

    /// The character sets as 128-bit masks over ASCII (every non-ASCII byte is outside all of them). cset82 is
    /// GS1 General Specifications §7.11 character set 82 (the AI-encodable subset of ISO 646).
    struct ASCIISet {
        let low: UInt64, high: UInt64
        init(_ chars: String) {
            var l: UInt64 = 0, h: UInt64 = 0
            for b in chars.utf8 { if b < 64 { l |= 1 << UInt64(b) } else { h |= 1 << UInt64(b - 64) } }
            low = l; high = h
        }
        func contains(_ b: UInt8) -> Bool { b < 64 ? low >> UInt64(b) & 1 == 1 : b < 128 && high >> UInt64(b - 64) & 1 == 1 }

        static let numeric = ASCIISet("0123456789")
        static let cset82 = ASCIISet(#"!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"#)
        static let cset39 = ASCIISet("#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        static let cset64 = ASCIISet("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz=")
        static func of(_ kind: Component.Kind) -> ASCIISet {
            switch kind {
            case .numeric: numeric
            case .cset82: cset82
            case .cset39: cset39
            case .cset64: cset64
            }
        }
    }

    /// The full check, character by character, with the error that says what is wrong and where.
    static func validateCharacters(ai: String, value: String) throws(GS1Error) {
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

    /// Every set is ASCII, so a Character is in it when it is one ASCII byte in the set ("\r\n", one Character
    /// with an ASCII value, is in none of them).
    static func allowed(_ c: Character, _ kind: Component.Kind) -> Bool {
        guard c.isASCII, let b = c.asciiValue else { return false }
        return ASCIISet.of(kind).contains(b)
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

    public static func compute(_ digits: String) -> Int {
        // ASCII digits by byte; anything else (other scripts' digits count too) by Character.
        if digits.utf8.allSatisfy(ASCII.isDigit) { return compute(asciiDigits: digits.utf8) }
        return compute(digits.compactMap(\.wholeNumberValue))
    }

    /// The check digit for ASCII digit bytes (the caller has checked they are digits).
    public static func compute(asciiDigits: some BidirectionalCollection<UInt8>) -> Int {
        var sum = 0
        for (k, d) in asciiDigits.reversed().enumerated() { sum += Int(d - 0x30) * (k % 2 == 0 ? 3 : 1) }
        return (10 - sum % 10) % 10
    }

    public static func isValid(_ key: String) -> Bool {
        guard key.count >= 2, key.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return compute(String(key.dropLast())) == key.last!.wholeNumberValue
    }
}
