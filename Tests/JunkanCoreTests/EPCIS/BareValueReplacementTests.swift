import Testing

@testable import JunkanCore

/// The bare-value table answers the same whether it compares endings directly or indexes them first.
@Suite struct BareValueReplacementTests {
    @Test func directComparisonEqualsTheIndex() {
        let pool = [
            "https://ref.gs1.org/cbv/BizStep-shipping", "https://ref.gs1.org/cbv/Disp-in_transit", "https://gs1.org/voc/MeasurementType-Temperature",
            "https://ref.gs1.org/cbv/BTT-po", "https://example.org/po", "https://ref.gs1.org/cbv/SDT-owning_party", "https://x/", "https://y/-"
        ]
        let probes = [
            "shipping", "BizStep-shipping", "cbv/BizStep-shipping", "in_transit", "po", "Temperature", "", "-", "x", "owning_party",
            "ref.gs1.org/cbv/BTT-po", "/ref.gs1.org/cbv/BTT-po", "https://ref.gs1.org/cbv/BTT-po", "ping", "Disp-in_transit", "y/-"
        ]
        var rng = SplitMix(seed: 7)
        for _ in 0..<400 {
            let set = Set(pool.filter { _ in rng.next() % 2 == 0 })
            let direct = BareValueReplacement(Array(set), indexedFrom: .max)
            let index = BareValueReplacement(Array(set), indexedFrom: 0)
            for p in probes { #expect(direct(p) == index(p), "\(set) \(p)") }
        }
        #expect(BareValueReplacement(["https://ref.gs1.org/cbv/BTT-po", "https://example.org/po"])("po") == "po")
        #expect(BareValueReplacement(["https://ref.gs1.org/cbv/BTT-po"])("po") == "https://ref.gs1.org/cbv/BTT-po")
    }

    /// The expanded values are kept once each, in the order found, below and past the point where a set takes over.
    @Test func distinctKeepsEachValueOnceInOrder() {
        var rng = SplitMix(seed: 11)
        for size in [3, 15, 16, 17, 40] {
            let words = (0..<(size * 3)).map { _ in "https://gs1.org/voc/v-\(rng.next() % UInt64(size))" }
            var d = BareValueExpansion.Distinct()
            for w in words { d.insert(w) }
            var seen = Set<String>()
            #expect(d.values == words.filter { seen.insert($0).inserted }, "size \(size)")
        }
    }

    /// The vocabulary tables are expanded once with the EPCIS context's prefixes; a document that redefines a prefix
    /// their terms use gets its own expansion.
    @Test func aRedefinedPrefixExpandsTheTablesAnew() {
        let event: JSONValue = ["bizStep": "shipping", "disposition": "in_transit", "readPoint": ["id": "urn:epc:id:sgln:4012345.00005.0"]]
        let standard = BareValueExpansion(documentContext: ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"])
        #expect(standard.expandedValues(of: event) == ["https://ref.gs1.org/cbv/BizStep-shipping", "https://ref.gs1.org/cbv/Disp-in_transit"])
        let redefined = BareValueExpansion(documentContext: [["cbv": "https://ref.gs1.org/cbv/2.0/"]])
        #expect(redefined.expandedValues(of: event) == ["https://ref.gs1.org/cbv/2.0/BizStep-shipping", "https://ref.gs1.org/cbv/2.0/Disp-in_transit"])
        let elsewhere = BareValueExpansion(documentContext: ["cbv": "https://example.org/cbv/"])
        #expect(elsewhere.expandedValues(of: event) == [])
        // A prefix the terms do not use leaves the standard tables in place.
        let other = BareValueExpansion(documentContext: ["example": "https://ns.example.com/epcis/"])
        #expect(other.expandedValues(of: event) == standard.expandedValues(of: event))
    }
}
