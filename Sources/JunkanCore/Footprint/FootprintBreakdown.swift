/// A cradle-to-gate footprint split by where its emissions arise: each upstream step's own emissions, and the declared
/// emission factors of the raw materials no traced step makes. The footprint is linear in those sources, so each part
/// is the footprint computed with every other source set to zero, and the parts add up to the whole (a test checks).
public enum FootprintBreakdown {
    public struct Part: Sendable, Equatable {
        /// The step, or nil for the declared raw materials.
        public var step: TraceStep?
        public var kgCO2ePerKg: Double
    }

    /// nil when `id` is not in the graph or its upstream has more than `maxSteps` steps (one solve per step).
    public static func parts(of id: String, in graph: TraceGraph, maxSteps: Int = 40) -> [Part]? {
        guard let n = graph.node(id) else { return nil }
        let (nodes, _) = FootprintCalculator(graph: graph).closure(of: n)
        var stepIndexes: [Int] = []
        var seen: Set<Int> = []
        for node in nodes { for t in graph.made[node] where seen.insert(t).inserted { stepIndexes.append(t) } }
        guard stepIndexes.count <= maxSteps else { return nil }
        var declarations: [String: LotDeclaration] = [:]
        for node in nodes { if let d = graph.declared[node] { declarations[graph.ids[node]] = d } }
        // Inputs of cut-off steps are outside the closure but still nodes of the step: keep their declarations out
        // (their burdens stay behind either way).

        func footprint(keepStep: Int?, keepDeclared: Bool) -> Double {
            var sub = TraceGraph()
            var remaining = declarations
            for t in stepIndexes {
                var s = graph.steps[t]
                if t != keepStep { s.ghgEmissions = 0 }
                // A declaration made by the same event as the step goes in the same record (the graph skips an event twice).
                var own: [String: LotDeclaration] = [:]
                for (lot, d) in remaining where d.eventHash == s.eventHash {
                    own[lot] = zeroed(d, keepDeclared)
                    remaining[lot] = nil
                }
                sub.add(TraceRecord(step: s, declarations: own))
            }
            var byEvent: [String: [String: LotDeclaration]] = [:]
            for (lot, d) in remaining { byEvent[d.eventHash, default: [:]][lot] = zeroed(d, keepDeclared) }
            for (_, decls) in byEvent.sorted(by: { $0.key < $1.key }) { sub.add(TraceRecord(step: nil, declarations: decls)) }
            return FootprintCalculator(graph: sub).footprint(of: id)?.kgCO2ePerKg ?? 0
        }
        func zeroed(_ d: LotDeclaration, _ keep: Bool) -> LotDeclaration {
            var d = d
            if !keep, d.emissionFactor != nil { d.emissionFactor = 0 }
            return d
        }

        var parts = [Part(step: nil, kgCO2ePerKg: footprint(keepStep: nil, keepDeclared: true))]
        for t in stepIndexes {
            parts.append(Part(step: graph.steps[t], kgCO2ePerKg: footprint(keepStep: t, keepDeclared: false)))
        }
        return parts
    }
}
