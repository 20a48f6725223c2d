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
        guard let upstream = Upstream(id: id, graph: graph), upstream.stepIndexes.count <= maxSteps else { return nil }
        var parts = [Part(step: nil, kgCO2ePerKg: upstream.footprint(keepStep: { _ in false }, keepDeclared: true))]
        for t in upstream.stepIndexes {
            parts.append(Part(step: graph.steps[t], kgCO2ePerKg: upstream.footprint(keepStep: { $0 == t }, keepDeclared: false)))
        }
        return parts
    }

    /// The footprint of `id` split into `groups` sums, one solve each whatever the size of the upstream: each step's own
    /// emissions go to `group(step)`, the declared factors of raw materials to `declaredGroup`. The sums add up to the
    /// footprint. nil when `id` is not in the graph.
    public static func split(
        of id: String, in graph: TraceGraph, groups: Int, declaredGroup: Int, group: (TraceStep) -> Int
    ) -> [Double]? {
        guard let upstream = Upstream(id: id, graph: graph) else { return nil }
        var of: [Int: Int] = [:]
        for t in upstream.stepIndexes { of[t] = group(graph.steps[t]) }
        return (0..<groups).map { g in upstream.footprint(keepStep: { of[$0] == g }, keepDeclared: g == declaredGroup) }
    }

    /// The upstream of one lot: the steps that made it and its inputs, and what its raw materials declared.
    struct Upstream {
        let id: String
        let graph: TraceGraph
        var stepIndexes: [Int] = []
        var declarations: [String: LotDeclaration] = [:]

        init?(id: String, graph: TraceGraph) {
            guard let n = graph.node(id) else { return nil }
            self.id = id
            self.graph = graph
            let (nodes, _) = FootprintCalculator(graph: graph).closure(of: n)
            var seen: Set<Int> = []
            for node in nodes { for t in graph.made[node] where seen.insert(t).inserted { stepIndexes.append(t) } }
            for node in nodes { if let d = graph.declared[node] { declarations[graph.ids[node]] = d } }
            // Inputs of cut-off steps are outside the closure but still nodes of the step: keep their declarations out
            // (their burdens stay behind either way).
        }

        /// The footprint with only the steps `keepStep` accepts emitting (and the declared factors when `keepDeclared`).
        func footprint(keepStep: (Int) -> Bool, keepDeclared: Bool) -> Double {
            var sub = TraceGraph()
            var remaining = declarations
            for t in stepIndexes {
                var s = graph.steps[t]
                if !keepStep(t) { s.ghgEmissions = 0 }
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
    }
}
