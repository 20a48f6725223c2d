import JunkanCore
import Testing

@Suite struct ProductClassTests {
    static let minimal: JSONValue = ["gtin": "4912345000071", "name": "N", "parts": [["part": "Housing", "material": "PC+ABS", "massKg": 0.4]]]

    func error(_ patch: (inout JSONObject) -> Void) -> MaterialError? {
        var o = Self.minimal.objectValue!
        patch(&o)
        do throws(MaterialError) { _ = try ProductClass.parse(.object(o)); return nil } catch { return error }
    }

    @Test func readsAndNormalises() throws {
        let p = try ProductClass.parse(Self.minimal)
        #expect(p.gtin == "04912345000071" && p.totalMassKg == 0.4 && p.access.level(of: .materialSupplier) == .owner)
        #expect(p.access.level(of: .footprint) == .public && p.access.level(of: .trailOrganisation) == .authority)
    }

    @Test func errorsPointAtTheMember() {
        #expect(error { $0["gtin"] = "4912345000072" }?.pointer == "/gtin")
        #expect(error { $0["parts"] = [] }?.pointer == "/parts")
        #expect(error { $0["parts"] = [["part": "x", "material": "PC", "massKg": 0]] }?.pointer == "/parts/0/massKg")
        #expect(
            error { $0["parts"] = [["part": "x", "material": "PC", "massKg": 1, "recycledContent": ["preConsumer": 0.6, "postConsumer": 0.6]]] }?.pointer
                == "/parts/0/recycledContent")
        #expect(error { $0["parts"] = [["part": "x", "material": "PC", "massKg": 1, "chainOfCustody": "trust-me"]] }?.pointer == "/parts/0/chainOfCustody")
        #expect(
            error { $0["substances"] = [["name": "Lead", "cas": "7439-92-2", "concentrationPercent": 0.1, "location": "solder"]] }?.pointer
                == "/substances/0/cas")
        #expect(error { $0["access"] = ["trail.site": "everyone"] }?.pointer == "/access/trail.site")
        #expect(error { $0["grants"] = [["organisation": "org-1", "level": "public"]] }?.pointer == "/grants/0/level")
        #expect(error { $0["colour"] = "red" }?.pointer == "/colour")
        #expect(error { $0["countryOfProduction"] = "XX" }?.pointer == "/countryOfProduction")
    }
}
