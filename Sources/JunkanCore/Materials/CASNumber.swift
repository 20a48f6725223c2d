/// A CAS Registry Number (`50-00-0`): 2–7 digits, 2 digits and a check digit, the sum of each digit times its
/// position from the right, modulo 10 (CAS, "Check Digit Verification of CAS Registry Numbers").
public enum CASNumber {
    public enum Problem: Equatable { case malformed, wrongCheckDigit(expected: Int) }

    /// Nil when `s` is a well-formed number with a right check digit.
    public static func problem(_ s: String) -> Problem? {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, (2...7).contains(parts[0].count), parts[1].count == 2, parts[2].count == 1,
            parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) })
        else { return .malformed }
        let digits = (parts[0] + parts[1]).compactMap(\.wholeNumberValue)
        let sum = digits.reversed().enumerated().reduce(0) { $0 + ($1.offset + 1) * $1.element }
        return sum % 10 == parts[2].first!.wholeNumberValue! ? nil : .wrongCheckDigit(expected: sum % 10)
    }

    public static func isValid(_ s: String) -> Bool { problem(s) == nil }
}
