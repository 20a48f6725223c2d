import JunkanCore

/// A synthetic loop of `chains` × 8 events over `days` days, made without capture (as `SyntheticTrace`): per chain a
/// virgin lot created, compounded with the previous chain's recyclate, moulded, assembled with a supplied part, and
/// used products collected, dismantled, recycled and partly disposed of — every stage of `/flows`.
enum SyntheticLoop {
    static func graph(chains: Int, days: Int) -> TraceGraph {
        var g = TraceGraph()
        var event = 0
        func hash() -> String { event += 1; return "ni:///sha-256;\(event)?ver=CBV2.0" }
        func lot(_ kind: String, _ c: Int) -> String { "https://id.gs1.org/01/04012345123456/10/\(kind)\(c)" }
        func flow(_ kind: String, _ c: Int, _ kg: Double) -> TraceStep.Flow { .init(id: lot(kind, c), massKg: kg) }
        for c in 0..<chains {
            let day = Int64(c * days / chains)
            func time(_ offset: Int64) -> Int64 { (day + offset) * 86_400_000 }
            func step(_ offset: Int64, _ kind: ProcessKind, _ inputs: [TraceStep.Flow], _ outputs: [TraceStep.Flow], cutOff: Bool = false) {
                let h = hash()
                g.add(
                    TraceRecord(
                        step: TraceStep(
                            kind: .transformation, eventID: h, eventHash: h, eventTime: time(offset), inputs: inputs, outputs: outputs,
                            ghgEmissions: 1, cutOff: cutOff, processKind: kind), declarations: [:]))
            }
            func movement(_ offset: Int64, _ role: MaterialMovement.Role, _ flows: [TraceStep.Flow]) {
                let h = hash()
                let declarations = flows.reduce(into: [String: LotDeclaration]()) {
                    $0[$1.id] = LotDeclaration(eventID: h, eventHash: h, eventTime: time(offset), massKg: $1.massKg)
                }
                g.add(
                    TraceRecord(
                        step: nil, declarations: role == .treats(.disposal) ? [:] : declarations,
                        movement: MaterialMovement(eventHash: h, eventTime: time(offset), role: role, flows: flows)))
            }
            movement(0, .creates(.extraction), [flow("V", c, 1000)])
            step(1, .compounding, [flow("V", c, 600)] + (c > 0 ? [flow("R", c - 1, 300)] : []), [flow("C", c, 880)])
            step(2, .moulding, [flow("C", c, 800)], [flow("M", c, 760)])
            step(3, .assembly, [flow("M", c, 700), flow("S", c, 50)], [flow("P", c, 750)])
            movement(4, .creates(.collection), [flow("U", c, 700)])
            step(5, .dismantling, [flow("U", c, 680)], [flow("F", c, 650)])
            step(6, .recycling, [flow("F", c, 650)], [flow("R", c, 560)], cutOff: true)
            movement(7, .treats(.disposal), [flow("U", c, 20)])
        }
        return g
    }
}
