/// Why a GS1 key, EPC URI or Digital Link is not valid. Each case says enough to fix the input.
public enum GS1Error: Error, Sendable, Equatable, CustomStringConvertible {
    case wrongLength(ai: String, expected: String, got: Int)
    case badCharacter(ai: String, character: Character, position: Int)
    case badCheckDigit(ai: String, expected: Character, got: Character)
    case unknownApplicationIdentifier(String)
    case notAPrimaryKey(String)
    case badQualifierOrder(primaryKey: String, qualifier: String, allowed: [[String]])
    case missingValue(ai: String)
    case notADigitalLink(String)
    case notAnEPCURI(String)
    case badCompanyPrefixLength(Int)

    public var description: String {
        switch self {
        case .wrongLength(let ai, let expected, let got): "AI (\(ai)) must have \(expected) characters, found \(got)"
        case .badCharacter(let ai, let c, let p): "AI (\(ai)) has a character not allowed here: '\(c)' at position \(p + 1)"
        case .badCheckDigit(let ai, let expected, let got): "AI (\(ai)) has a bad check digit: expected \(expected), found \(got)"
        case .unknownApplicationIdentifier(let ai): "unknown GS1 Application Identifier (\(ai))"
        case .notAPrimaryKey(let ai): "AI (\(ai)) is not a GS1 Digital Link primary key"
        case .badQualifierOrder(let pk, let q, let allowed):
            "key qualifier (\(q)) is not allowed at this place after primary key (\(pk)); allowed in this order: "
                + allowed.map { $0.isEmpty ? "none" : $0.joined(separator: ",") }.joined(separator: " or ")
        case .missingValue(let ai): "AI (\(ai)) has no value"
        case .notADigitalLink(let why): "not a GS1 Digital Link URI: \(why)"
        case .notAnEPCURI(let why): "not a valid EPC URI: \(why)"
        case .badCompanyPrefixLength(let n): "a GS1 Company Prefix has 6 to 12 digits, not \(n)"
        }
    }
}
