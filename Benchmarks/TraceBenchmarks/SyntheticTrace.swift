import JunkanCore

/// A large synthetic trace graph, made without capture (the benchmark is the graph, not parsing): `chains` supply
/// chains of `length` steps, each step taking the previous lot of its chain and, one time in four, a second lot from
/// anywhere earlier (shared suppliers, scrap) — so upstream trees fan in and nodes repeat.
enum SyntheticTrace {
    static func graph(chains: Int, length: Int, seed: UInt64 = 42) -> (graph: TraceGraph, finalLots: [String]) {
        var g = TraceGraph()
        var rng = seed
        func next() -> UInt64 { rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return rng >> 33 }
        func lot(_ c: Int, _ i: Int) -> String { "https://id.gs1.org/01/04012345123456/10/C\(c)S\(i)" }
        var event = 0
        func hash() -> String { event += 1; return "ni:///sha-256;\(event)?ver=CBV2.0" }
        for c in 0..<chains {
            let h = hash()
            g.add(TraceRecord(step: nil, declarations: [lot(c, 0): LotDeclaration(eventID: h, eventHash: h, eventTime: 0, massKg: 1000,
                                                                                  emissionFactor: 2, countryOfOrigin: "JP")]))
        }
        for i in 1...length {
            for c in 0..<chains {
                var inputs = [TraceStep.Flow(id: lot(c, i - 1), massKg: 100)]
                if next() % 4 == 0 { inputs.append(.init(id: lot(Int(next() % UInt64(chains)), Int(next() % UInt64(i))), massKg: 10)) }
                let h = hash()
                g.add(TraceRecord(step: TraceStep(kind: .transformation, eventID: h, eventHash: h, eventTime: Int64(i), site: "site-\(c % 97)",
                                                  inputs: inputs, outputs: [.init(id: lot(c, i), massKg: 105)], ghgEmissions: 3),
                                  declarations: [:]))
            }
        }
        return (g, (0..<chains).map { lot($0, length) })
    }
}
