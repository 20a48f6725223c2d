import Testing

@testable import JunkanCore

@Suite struct FootprintBreakdownTests {
    /// A (declared 2 kg CO2e/kg, 100 kg) → step 1 (40 kg CO2e) → B 80 kg → step 2 (10 kg CO2e) → C 60 kg + D 20 kg.
    static var graph: TraceGraph {
        var g = TraceGraph()
        g.add(TraceRecord(step: nil, declarations: ["A": LotDeclaration(eventID: "e0", eventHash: "h0", eventTime: 0, massKg: 100, emissionFactor: 2)]))
        g.add(
            TraceRecord(
                step: TraceStep(
                    kind: .transformation, eventID: "e1", eventHash: "h1", eventTime: 1, inputs: [.init(id: "A", massKg: 100)],
                    outputs: [.init(id: "B", massKg: 80)], ghgEmissions: 40), declarations: [:]))
        g.add(
            TraceRecord(
                step: TraceStep(
                    kind: .transformation, eventID: "e2", eventHash: "h2", eventTime: 2, inputs: [.init(id: "B", massKg: 80)],
                    outputs: [.init(id: "C", massKg: 60), .init(id: "D", massKg: 20)], ghgEmissions: 10), declarations: [:]))
        return g
    }

    @Test func partsAreEachSourcesShareAndAddUpToTheFootprint() throws {
        let g = Self.graph
        let parts = try #require(FootprintBreakdown.parts(of: "C", in: g))
        // B: (200 + 40) / 80 = 3; C: (80 · 3 + 10) / 80 = 3.125, of which 2.5 declared, 0.5 step 1, 0.125 step 2.
        #expect(parts.map(\.step?.eventID) == [nil, "e2", "e1"] || parts.map(\.step?.eventID) == [nil, "e1", "e2"])
        let byEvent = Dictionary(uniqueKeysWithValues: parts.map { ($0.step?.eventID ?? "declared", $0.kgCO2ePerKg) })
        #expect(abs(byEvent["declared"]! - 2.5) < 1e-12 && abs(byEvent["e1"]! - 0.5) < 1e-12 && abs(byEvent["e2"]! - 0.125) < 1e-12)
        let total = try #require(FootprintCalculator(graph: g).footprint(of: "C")).kgCO2ePerKg
        #expect(abs(parts.reduce(0) { $0 + $1.kgCO2ePerKg } - total) < 1e-12)
    }

    @Test func randomGraphsStillAddUp() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            var g = TraceGraph()
            for i in 0..<4 {
                g.add(
                    TraceRecord(
                        step: nil,
                        declarations: [
                            "raw\(i)": LotDeclaration(
                                eventID: "d\(i)", eventHash: "d\(i)", eventTime: 0, massKg: 50,
                                emissionFactor: Double.random(in: 0...5, using: &rng))
                        ]))
            }
            for t in 0..<8 {
                let inputs = (0..<2).map { _ -> TraceStep.Flow in
                    let k = Int.random(in: 0..<(4 + t), using: &rng)
                    return .init(id: k < 4 ? "raw\(k)" : "lot\(k - 4)", massKg: Double.random(in: 1...10, using: &rng))
                }
                let step = TraceStep(
                    kind: .transformation, eventID: "s\(t)", eventHash: "s\(t)", eventTime: Int64(t), inputs: inputs,
                    outputs: [.init(id: "lot\(t)", massKg: inputs.reduce(0) { $0 + $1.massKg! } * 0.9)],
                    ghgEmissions: Double.random(in: 0...20, using: &rng))
                g.add(TraceRecord(step: step, declarations: [:]))
            }
            let total = try #require(FootprintCalculator(graph: g).footprint(of: "lot7")).kgCO2ePerKg
            let parts = try #require(FootprintBreakdown.parts(of: "lot7", in: g))
            #expect(abs(parts.reduce(0) { $0 + $1.kgCO2ePerKg } - total) < 1e-9 * max(1, total))
            // Split into groups (one solve each): each group is the sum of its steps' parts, and the groups add up.
            let group = { (s: TraceStep) in Int(s.eventHash.dropFirst())! % 3 }
            let split = try #require(FootprintBreakdown.split(of: "lot7", in: g, groups: 4, declaredGroup: 3, group: group))
            #expect(abs(split.reduce(0, +) - total) < 1e-9 * max(1, total))
            for k in 0..<3 {
                let expected = parts.filter { $0.step.map(group) == k }.reduce(0) { $0 + $1.kgCO2ePerKg }
                #expect(abs(split[k] - expected) < 1e-9 * max(1, total))
            }
            #expect(abs(split[3] - parts[0].kgCO2ePerKg) < 1e-9 * max(1, total))
        }
    }
}
