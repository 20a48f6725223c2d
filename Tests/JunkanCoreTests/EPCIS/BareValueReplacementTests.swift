@testable import JunkanCore
import Testing

/// The bare-value table answers the same whether it compares endings directly or indexes them first.
@Suite struct BareValueReplacementTests {
    @Test func directComparisonEqualsTheIndex() {
        let pool = ["https://ref.gs1.org/cbv/BizStep-shipping", "https://ref.gs1.org/cbv/Disp-in_transit", "https://gs1.org/voc/MeasurementType-Temperature",
                    "https://ref.gs1.org/cbv/BTT-po", "https://example.org/po", "https://ref.gs1.org/cbv/SDT-owning_party", "https://x/", "https://y/-"]
        let probes = ["shipping", "BizStep-shipping", "cbv/BizStep-shipping", "in_transit", "po", "Temperature", "", "-", "x", "owning_party",
                      "ref.gs1.org/cbv/BTT-po", "/ref.gs1.org/cbv/BTT-po", "https://ref.gs1.org/cbv/BTT-po", "ping", "Disp-in_transit", "y/-"]
        var rng = SplitMix(seed: 7)
        for _ in 0..<400 {
            let set = Set(pool.filter { _ in rng.next() % 2 == 0 })
            let direct = BareValueReplacement(set, indexedFrom: .max)
            let index = BareValueReplacement(set, indexedFrom: 0)
            for p in probes { #expect(direct(p) == index(p), "\(set) \(p)") }
        }
        #expect(BareValueReplacement(["https://ref.gs1.org/cbv/BTT-po", "https://example.org/po"])("po") == "po")
        #expect(BareValueReplacement(["https://ref.gs1.org/cbv/BTT-po"])("po") == "https://ref.gs1.org/cbv/BTT-po")
    }
}
