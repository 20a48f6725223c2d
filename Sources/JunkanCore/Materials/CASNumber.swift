/// A CAS Registry Number (`50-00-0`): 2–7 digits, 2 digits and a check digit, the sum of each digit times its
/// position from the right, modulo 10 (CAS, "Check Digit Verification of CAS Registry Numbers").
public enum CASNumber {
    public enum Problem: Equatable { case malformed, wrongCheckDigit(expected: Int) }

    /// Nil when `s` is a well-formed number with a right check digit.
    public static func problem(_ s: String) -> Problem? {
        // Over the UTF-8 bytes: every substance of every declaration read passes here.
        let bytes = Array(s.utf8)
        guard let first = bytes.firstIndex(of: UInt8(ascii: "-")), let last = bytes.lastIndex(of: UInt8(ascii: "-")), first != last,
            (2...7).contains(first), last == first + 3, bytes.count == last + 2,
            bytes.enumerated().allSatisfy({ i, b in i == first || i == last || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) })
        else { return .malformed }
        let digits = bytes[..<last].filter { $0 != UInt8(ascii: "-") }.map { Int($0 - UInt8(ascii: "0")) }
        let sum = digits.reversed().enumerated().reduce(0) { $0 + ($1.offset + 1) * $1.element }
        return sum % 10 == Int(bytes[last + 1] - UInt8(ascii: "0")) ? nil : .wrongCheckDigit(expected: sum % 10)
    }

    public static func isValid(_ s: String) -> Bool { problem(s) == nil }
}
