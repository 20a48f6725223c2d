import JunkanCore
import Testing

/// CAS Registry Numbers: 2–7 digits, 2 digits, a check digit (Σ digit × position from the right, mod 10).
@Suite struct CASNumberTests {
    @Test(arguments: ["50-00-0", "7439-92-1", "1163-19-5", "7732-18-5", "1336-36-3", "10-00-4", "1234567-89-5"])
    func wellFormedNumbersWithTheirCheckDigitPass(_ cas: String) {
        #expect(CASNumber.problem(cas) == nil, "\(cas)")
    }

    @Test(arguments: [
        "", "-", "--", "1-00-0", "12345678-00-0", "50-0-0", "50-000-0", "50-00-00", "50--00-0", "5a-00-0", "-50-00-0", "50-00-0-", "50 00 0",
        "50-00-", "٥٠-00-0", "50-00-0\n"
    ])
    func malformedNumbersAreMalformed(_ cas: String) {
        #expect(CASNumber.problem(cas) == .malformed, "\(cas)")
    }

    @Test func aWrongCheckDigitNamesTheRightOne() {
        #expect(CASNumber.problem("7439-92-2") == .wrongCheckDigit(expected: 1))
        #expect(CASNumber.problem("50-00-9") == .wrongCheckDigit(expected: 0))
    }
}
