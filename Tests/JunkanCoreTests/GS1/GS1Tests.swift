import JunkanCore
import Testing

@Suite struct CheckDigitTests {
    @Test(arguments: ["09506000134352", "4012345000009", "00614141123452", "106141411234567897", "96385074"])
    func acceptsValidKeys(key: String) { #expect(CheckDigit.isValid(key)) }

    @Test func rejectsGTINWithWrongCheckDigit() throws {
        #expect(throws: GS1Error.badCheckDigit(ai: "01", expected: "2", got: "3")) {
            try GS1SyntaxDictionary.validate(ai: "01", value: "09506000134353")
        }
    }

    @Test func rejectsGLNOfWrongLength() {
        #expect(throws: GS1Error.wrongLength(ai: "414", expected: "13", got: 12)) {
            try GS1SyntaxDictionary.validate(ai: "414", value: "401234500000")
        }
    }
}

@Suite struct DigitalLinkTests {
    @Test func parsesAndCanonicalisesShortGTIN() throws {
        let dl = try DigitalLink.parse("https://example.com/shop/01/9506000134352/10/ABC%2F1?17=251231&linkType=gs1:pip")
        #expect(dl.canonicalURI == "https://id.gs1.org/01/09506000134352/10/ABC%2F1")
        #expect(dl.qualifier("10") == "ABC/1")
        #expect(dl.attributes == [.init(ai: "17", value: "251231")])
    }

    @Test func rejectsBadQualifierOrder() {
        #expect(throws: GS1Error.badQualifierOrder(primaryKey: "01", qualifier: "10", allowed: [["22", "10", "21"], ["235"]])) {
            try DigitalLink.parse("https://id.gs1.org/01/09506000134352/21/1/10/A")
        }
    }

    @Test func rejectsBadCheckDigitWithReason() {
        do {
            _ = try DigitalLink.parse("https://id.gs1.org/414/4012345000008")
            Issue.record("accepted a bad GLN")
        } catch {
            #expect(error.description.contains("check digit"))
        }
    }

    /// Found by schemathesis (issue 25, item 9): a query member with an empty name (`?=x`, `?=`) crashed the parser.
    @Test func queryMembersWithoutANameAreNotDataAttributes() throws {
        let dl = try DigitalLink.parse("https://id.gs1.org/01/09506000134352?=x&=&17=251231&&=")
        #expect(dl.attributes.map(\.ai) == ["17"])
    }

    @Test func acceptsTrailingSlashAndShortNames() throws {
        #expect(try DigitalLink.parse("https://id.gs1.org/gtin/09506000134352/ser/7/").canonicalURI == "https://id.gs1.org/01/09506000134352/21/7")
    }
}

@Suite struct EPCURITests {
    static let pairs: [(String, String, Int)] = [
        ("urn:epc:id:sgtin:0614141.112345.400", "https://id.gs1.org/01/10614141123459/21/400", 7),
        ("urn:epc:class:lgtin:4012345.012345.998877", "https://id.gs1.org/01/04012345123456/10/998877", 7),
        ("urn:epc:id:sscc:0614141.1234567890", "https://id.gs1.org/00/106141412345678908", 7),
        ("urn:epc:id:sgln:0614141.12345.400", "https://id.gs1.org/414/0614141123452/254/400", 7),
        ("urn:epc:id:sgln:4012345.00005.0", "https://id.gs1.org/414/4012345000054", 7),
        ("urn:epc:id:grai:0614141.12345.400", "https://id.gs1.org/8003/00614141123452400", 7),
        ("urn:epc:id:giai:0614141.12345400", "https://id.gs1.org/8004/061414112345400", 7),
        ("urn:epc:id:pgln:0614141.00002", "https://id.gs1.org/417/0614141000029", 7),
        ("urn:epc:idpat:sgtin:4012345.012345.*", "https://id.gs1.org/01/04012345123456", 7)
    ]

    @Test(arguments: pairs.indices)
    func convertsBothWays(index: Int) throws {
        let (urn, dl, cp) = Self.pairs[index]
        let link = try EPCURI.digitalLink(urn)
        #expect(link.canonicalURI == dl)
        #expect(try EPCURI.urn(try DigitalLink.parse(dl), companyPrefixLength: cp) == urn)
    }

    @Test func agreesWithTheEventHashNormaliser() throws {
        // The CBV 2.0 hash normalises EPC URIs the same way for these schemes.
        for (urn, dl, _) in Self.pairs where !urn.contains("idpat") {
            let doc: JSONValue = [
                "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"], "type": "EPCISDocument",
                "epcisBody": [
                    "eventList": [
                        [
                            "type": "ObjectEvent", "eventTime": "2020-01-01T00:00:00Z", "eventTimeZoneOffset": "+00:00", "action": "OBSERVE",
                            "epcList": [.string(urn)]
                        ]
                    ]
                ]
            ]
            let pre = try EventHash.preHashes(document: doc)[0]
            #expect(pre.contains("epc=" + dl))
        }
    }

    @Test func rejectsSGTINWithWrongLength() {
        #expect(throws: GS1Error.self) { try EPCURI.digitalLink("urn:epc:id:sgtin:0614141.11234.400") }
    }
}
