import JunkanCore
import Testing

/// Who owns a GS1 identifier: the longest registered prefix of its key's company digits, and grants by the owner.
@Suite struct IdentifierOwnershipTests {
    static let registry = IdentifierOwnership(
        registrations: [.init(prefix: "4912345", organisationID: "brand"), .init(prefix: "491234599", organisationID: "other")],
        grants: [
            .init(id: 1, grantor: "brand", grantee: "cm", scope: .serials(gtin: "04912345000071", first: "100", last: "199")),
            .init(id: 2, grantor: "brand", grantee: "recycler", scope: .gtin("04912345000033")),
            .init(id: 3, grantor: "brand", grantee: "site", scope: .gln("4912345000101")),
            // Made by an organisation that does not own the key: never counts.
            .init(id: 4, grantor: "other", grantee: "cm", scope: .gtin("04912345000057"))
        ])

    @Test(
        arguments: [
            ("https://id.gs1.org/01/04912345000071/21/1", "brand"),
            ("urn:epc:id:sgtin:4912345.000007.1", "brand"),  // the same key as an EPC URI
            ("https://id.gs1.org/01/14912345000078", "brand"),  // the indicator digit is not part of the prefix
            ("https://id.gs1.org/00/049123450000000019", "brand"),  // SSCC: after its extension digit
            ("https://id.gs1.org/414/4912345000101", "brand"),  // GLN: from its first digit
            ("https://id.gs1.org/01/04912345990013/10/L", "other"),  // the longer registration wins
            ("https://id.gs1.org/01/04999999000015", nil),
            ("urn:uuid:3f2a1c5e-0000-4000-8000-000000000000", nil)
        ] as [(String, String?)])
    func theOwnerIsTheLongestRegisteredPrefix(identifier: String, owner: String?) {
        #expect(Self.registry.owner(of: identifier)?.organisationID == owner)
    }

    @Test func grantsCoverWhatTheyNameAndLapseWithoutTheirGrantorsOwnership() {
        func allowed(_ org: String, _ id: String) -> Bool { Self.registry.decide(organisationID: org, identifier: id).allowed }
        #expect(allowed("cm", "https://id.gs1.org/01/04912345000071/21/100"))
        #expect(allowed("cm", "https://id.gs1.org/01/04912345000071/21/199"))
        #expect(!allowed("cm", "https://id.gs1.org/01/04912345000071/21/99"))
        #expect(!allowed("cm", "https://id.gs1.org/01/04912345000071/21/1000"))  // a longer number is a larger one
        #expect(!allowed("cm", "https://id.gs1.org/01/04912345000071/10/LOT"))  // a serial range holds no lots
        #expect(allowed("recycler", "https://id.gs1.org/01/04912345000033/10/R-1"))
        #expect(!allowed("recycler", "https://id.gs1.org/01/04912345000040/10/R-1"))
        #expect(allowed("site", "https://id.gs1.org/414/4912345000101/254/7"))
        #expect(!allowed("cm", "https://id.gs1.org/01/04912345000057/10/X"))
        #expect(allowed("anyone", "https://id.gs1.org/01/04999999000015/10/X"))  // no one here owns it
        #expect(!Self.registry.speaksForOwner(organisationID: "anyone", identifier: "https://id.gs1.org/01/04999999000015/10/X"))
    }

    @Test func serialsOrderAsNumbersWhenBothAreDigits() {
        #expect(GrantScope.serialOrder("99", "100"))
        #expect(!GrantScope.serialOrder("100", "99"))
        #expect(GrantScope.serialOrder("A10", "A9"))  // not digits: by characters
        #expect(GrantScope.serialOrder("010", "011"))
    }

    @Test(arguments: ["4912", "49123456789012", "49A2345", ""])
    func aPrefixHasSixToTwelveDigits(bad: String) {
        #expect(!IdentifierOwnership.validPrefix(bad))
    }
}
