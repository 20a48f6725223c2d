/// What a declaration names: a GS1 Digital Link (of an item, a lot or a product class) or a GTIN alone (8, 12, 13 or
/// 14 digits), read as its canonical Digital Link so it matches the identifiers of events and passports.
public enum DeclarationSubject {
    public struct Problem: Error, Sendable, Equatable {
        public var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    public static func canonical(_ text: String) -> Result<String, Problem> {
        let t = text.trimmingXMLWhitespace
        if t.contains("://") {
            do { return .success(try DigitalLink.parse(t).description) } catch { return .failure(Problem("\"\(t)\" is not a GS1 Digital Link: \(error)")) }
        }
        guard [8, 12, 13, 14].contains(t.count), t.allSatisfy(\.isASCIIDigit) else {
            return .failure(Problem("\"\(t)\" is neither a GS1 Digital Link nor a GTIN (8, 12, 13 or 14 digits)"))
        }
        do {
            return .success(try DigitalLink(primaryKey: .init(ai: "01", value: try DigitalLink.gtin14(t))).description)
        } catch { return .failure(Problem("\"\(t)\" is not a GTIN: \(error)")) }
    }
}
