import Testing

@testable import JunkanCore

@Suite struct PactDecimalTests {
    @Test(arguments: [
        (1.5, "1.5"), (0, "0"), (-0.0, "0"), (1e-7, "0.0000001"), (1.25e-10, "0.000000000125"), (1.2345e20, "123450000000000000000"),
        (-2.5e-3, "-0.0025"), (100, "100"), (0.1 + 0.2, "0.30000000000000004"), (123.456, "123.456")
    ])
    func writesPlainDecimals(_ value: Double, _ text: String) {
        #expect(PactDecimal.string(value) == text)
    }

    @Test func roundTripsAndMatchesThePACTPattern() {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<10_000 {
            let v = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &g))
            guard v.isFinite else { #expect(PactDecimal.string(v) == nil); continue }
            let s = PactDecimal.string(v)!
            #expect(PactDecimal.parse(s) == v, "\(v) → \(s)")
        }
        #expect(PactDecimal.string(.nan) == nil)
        #expect(PactDecimal.parse("1e5") == nil)
        #expect(PactDecimal.parse("1.") == nil)
        #expect(PactDecimal.parse(".5") == nil)
        #expect(PactDecimal.parse("+0.5") == 0.5)
    }
}

@Suite struct PactInputTests {
    @Test func geographyIsToldApartByForm() throws {
        #expect(try PactGeography(parsing: "JP") == .country("JP"))
        #expect(try PactGeography(parsing: "JP-13") == .subdivision("JP-13"))
        #expect(try PactGeography(parsing: "Eastern Asia") == .region("Eastern Asia"))
        for bad in ["XX", "jp", "JP-", "JP-1234", "Asia Pacific", "QQ-1"] {
            #expect(throws: PactInputError.self, "\(bad)") { try PactGeography(parsing: bad) }
        }
    }

    @Test func publicationDefaultsAndErrorsByPointer() throws {
        let p = try PactPublication(
            parsing: ["id": "urn:epc:class:lgtin:4012345.012345.L1", "fossilCarbonContent": 0.857],
            companyName: "Co", defaultCompanyID: "urn:junkan:org:x")
        #expect(p.companyIds == ["urn:junkan:org:x"])
        #expect(p.ipccCharacterizationFactors == ["AR6"])
        #expect(p.referencePeriod == nil)
        func pointer(_ body: JSONValue) -> String? {
            do { _ = try PactPublication(parsing: body, companyName: "Co", defaultCompanyID: "urn:x:y"); return nil } catch { return error.location }
        }
        #expect(pointer(["fossilCarbonContent": 0]) == "/id")
        #expect(pointer(["id": "x"]) == "/fossilCarbonContent")
        #expect(pointer(["id": "x", "fossilCarbonContent": -1]) == "/fossilCarbonContent")
        #expect(pointer(["id": "x", "fossilCarbonContent": 1.2]) == "/fossilCarbonContent")
        #expect(pointer(["id": "x", "fossilCarbonContent": 0.6, "biogenicCarbonContent": 0.5]) == "/biogenicCarbonContent")
        #expect(pointer(["id": "x", "fossilCarbonContent": "1e3"]) == "/fossilCarbonContent")
        #expect(pointer(["id": "x", "fossilCarbonContent": 0, "productIds": ["gtin:1"]]) == "/productIds/0")
        #expect(pointer(["id": "x", "fossilCarbonContent": 0, "referencePeriodStart": "2026-01-01T00:00:00Z"]) == "/referencePeriodEnd")
        #expect(pointer(["id": "x", "fossilCarbonContent": 0, "validityPeriodStart": "2026-01-01"]) == "/validityPeriodStart")
        #expect(pointer(["id": "x", "fossilCarbonContent": 0, "ipccCharacterizationFactors": ["AR six"]]) == "/ipccCharacterizationFactors/0")
        #expect(pointer(["id": "x", "fossilCarbonContent": 0, "colour": "red"]) == "/colour")
    }

    @Test func eventEnvelopeAndPayloadChecks() throws {
        func event(_ type: String, _ data: JSONValue) -> JSONValue {
            ["type": .string(type), "specversion": "1.0", "id": "1", "source": "//a.example/3/events", "time": "2026-01-01T00:00:00Z", "data": data]
        }
        let created = try PactEvent(
            parsing: event(
                "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3",
                ["productId": ["urn:gtin:1"], "geography": ["DE"], "validAfter": "2025-01-01T00:00:00Z"]))
        guard case .requestCreated(let f, _) = created.payload else { Issue.record("not a request"); return }
        #expect(f.productIds == ["urn:gtin:1"] && f.geographies == ["DE"] && f.validAfter != nil)
        func location(_ v: JSONValue) -> String? {
            do { _ = try PactEvent(parsing: v); return nil } catch { return error.location }
        }
        #expect(location(event("org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3", ["requestEventId": "1", "pfs": []])) == "/data/pfs")
        #expect(
            location(event("org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3", ["requestEventId": "1", "error": ["code": "Nope", "message": "m"]]))
                == "/data/error/code")
        #expect(location(event("org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", ["status": "Gone"])) == "/data/status")
        #expect(location(event("com.example.Other", [:])) == "/type")
        var noTime = event("org.wbcsd.pact.ProductFootprint.PublishedEvent.3", ["pfIds": ["a"]]).objectValue!
        noTime["time"] = "yesterday"
        #expect(location(.object(noTime)) == "/time")
        noTime["specversion"] = "0.3"
        #expect(location(.object(noTime)) == "/specversion")
    }

    @Test func filterMatchesORWithinANDAcross() throws {
        let facets = PactFootprintFacets(
            status: "Active", productIds: ["urn:gtin:04012345123456"], companyIds: ["urn:junkan:org:a"],
            classifications: [], geography: "JP", validFrom: 1_000, validTo: 2_000)
        func f(_ q: [(String, String)]) throws -> Bool { try PactFilter(query: q.map { (name: $0.0, value: $0.1) }).matches(facets) }
        #expect(try f([]))
        #expect(try f([("geography", "de"), ("geography", "jp")]))
        #expect(try !f([("geography", "jp"), ("productId", "urn:gtin:0")]))
        #expect(try f([("productid", "URN:GTIN:04012345123456"), ("status", "ACTIVE")]))
        #expect(try !f([("classification", "urn:x:y")]))
        #expect(PactFilter.within("JP-13", "jp") && PactFilter.within("JP", "JP") && !PactFilter.within("JP", "JP-13"))
        #expect(!PactFilter.within("JPN-1", "JP") && !PactFilter.within(nil, "JP"))
        #expect(throws: PactInputError.self) { try f([("validOn", "soon")]) }
        #expect(throws: PactInputError.self) { try f([("sort", "id")]) }
    }
}
