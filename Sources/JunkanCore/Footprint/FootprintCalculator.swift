/// Cradle-to-gate footprints and recycled content over the trace graph (attributional, ISO 14067 / PACT):
///
///     s_n = Σ_t a_tn · (Σ_j m_jt · s_j + E_t) / M_n
///
/// for a lot n made by steps t, where m_jt is the mass of input j into t, E_t the step's emissions, a_tn the share of
/// the step allocated to n (by mass, or by value × mass when the step declares economic allocation) and M_n the mass
/// of n made. A `cutOff` step carries none of its inputs' burdens. A lot no traced step makes uses its declared
/// emission factor. Recycled content follows input mass proportions; a cut-off step's outputs are post-consumer
/// recycled unless their ILMD declares otherwise. Loops make this a linear system, solved exactly (`FlowSystem`).
public struct FootprintCalculator: Sendable {
    let graph: TraceGraph

    public init(graph: TraceGraph) { self.graph = graph }

    /// The result for `id`, computed over its upstream closure only.
    public func footprint(of id: String) -> Footprint? {
        guard let n = graph.node(id) else { return nil }
        let (nodes, position) = closure(of: n)
        return footprints(of: nodes, position: position, results: 1)[0]
    }

    /// The results for each of `ids` the graph holds, from one solve over their joint upstream closure (the explorer
    /// shows a footprint on every lot of a page: one system, not one per lot).
    public func footprints(of ids: [String]) -> [String: Footprint] {
        var seen = Set<Int>()
        let starts = ids.compactMap { graph.node($0) }.filter { seen.insert($0).inserted }
        guard !starts.isEmpty else { return [:] }
        let (nodes, position) = closure(of: starts)
        let count = starts.count
        var found: [String: Footprint] = [:]
        for (node, f) in zip(nodes.prefix(count), footprints(of: nodes, position: position, results: count)) { found[graph.ids[node]] = f }
        return found
    }

    /// The nodes upstream of `node` (`node` first), not through the inputs of cut-off steps, and each node's place in
    /// that list by node number (-1 outside it): an array rather than a hash map, as every edge is looked up.
    func closure(of node: Int) -> (nodes: [Int], position: [Int32]) { closure(of: [node]) }

    /// The same for several starting nodes, which come first, in their order (each once).
    func closure(of starts: [Int]) -> (nodes: [Int], position: [Int32]) {
        var position = [Int32](repeating: -1, count: graph.nodeCount)
        var order: [Int] = []
        for s in starts where position[s] < 0 {
            position[s] = Int32(order.count)
            order.append(s)
        }
        var i = 0
        while i < order.count {
            let made = graph.made[order[i]]
            for q in made.indices {
                let step = graph.facts[made[q]]  // one copy of the step's facts, not one per field read
                guard !step.cutOff else { continue }
                for k in step.inputs {
                    let input = graph.inputNode[k]
                    guard position[input] < 0 else { continue }
                    position[input] = Int32(order.count)
                    order.append(input)
                }
            }
            i += 1
        }
        return (order, position)
    }

    /// Footprints over `nodes`, which must be closed upstream as `closure` makes them. `results`: how many of `nodes`,
    /// from the first, to build results for (the system is solved for all of them).
    func footprints(of nodes: [Int], position: [Int32], results: Int) -> [Footprint] {
        var issues = Set<DataQualityIssue>()
        // Column 0: total kg CO2e/kg; column 1: the part from traced steps. Recycled: pre-, post-consumer.
        // Most lots are made by one step from two or three inputs.
        var carbon = FlowSystem(size: nodes.count, columns: 2, expectedEntries: 3 * nodes.count)
        var recycled = FlowSystem(size: nodes.count, columns: 2, expectedEntries: 3 * nodes.count)
        var masses = [Double?](repeating: nil, count: nodes.count)

        for (i, node) in nodes.enumerated() {
            if graph.made[node].isEmpty {
                masses[i] = addBoundary(node, row: i, carbon: &carbon, recycled: &recycled, issues: &issues)
            } else {
                masses[i] = addMade(node, row: i, position: position, carbon: &carbon, recycled: &recycled, issues: &issues)
            }
        }
        // Each step once: when its first output that is in `nodes` comes up.
        for node in nodes {
            for t in graph.made[node] where graph.facts[t].outputs.first(where: { position[graph.outputNode[$0]] >= 0 }).map({ graph.outputNode[$0] }) == node {
                checkMassBalance(t, issues: &issues)
            }
        }

        let solvedCarbon: [Double], solvedRecycled: [Double]
        do {
            // Both systems get their coefficients at the same places (added side by side above): one grouping, one SCC pass.
            (solvedCarbon, solvedRecycled) = try carbon.solve(with: recycled)
        } catch {
            return unsolved(nodes, results: results, error: error, issues: issues)
        }
        let sorted = Self.sorted(issues)
        return (0..<results).map { i in
            let total = solvedCarbon[2 * i], primary = solvedCarbon[2 * i + 1]
            return Footprint(
                id: graph.ids[nodes[i]], kgCO2ePerKg: total, massKg: masses[i],
                recycledContent: .init(preConsumer: solvedRecycled[2 * i], postConsumer: solvedRecycled[2 * i + 1]),
                // With nothing emitted there is nothing declared either: all of it (nothing) is primary.
                primaryDataShare: total > 0 ? primary / total : 1, issues: sorted)
        }
    }

    /// A lot no traced step makes: its declared emission factor and recycled content are its whole footprint. Its mass.
    func addBoundary(_ node: Int, row: Int, carbon: inout FlowSystem, recycled: inout FlowSystem, issues: inout Set<DataQualityIssue>) -> Double? {
        if let ef = graph.declared[node]?.emissionFactor {
            carbon.addRHS(row: row, column: 0, ef)
            // Column 1, the primary part, stays 0 for a declared factor; a supplier's PACT footprint is primary data.
            if graph.declared[node]?.pactFootprintID != nil { carbon.addRHS(row: row, column: 1, ef) }
        } else {
            let id = graph.ids[node]
            issues.insert(
                DataQualityIssue(
                    kind: .missingEmissionFactor, id: id,
                    detail: "\(id) is not made by any traced step and declares no junkan:emissionFactor; counted as 0 kg CO2e/kg"))
        }
        if let rc = graph.declared[node]?.recycledContent {
            recycled.addRHS(row: row, column: 0, rc.preConsumer)
            recycled.addRHS(row: row, column: 1, rc.postConsumer)
        }
        return graph.declared[node]?.massKg
    }

    /// A lot made by traced steps: each step's emissions and inputs, allocated to it. The mass its steps made.
    func addMade(
        _ node: Int, row: Int, position: [Int32], carbon: inout FlowSystem, recycled: inout FlowSystem,
        issues: inout Set<DataQualityIssue>
    ) -> Double {
        let made = graph.made[node]
        // M_n, the mass of n all of its producing steps made (reporting outputs without a mass once).
        var madeMass = 0.0
        for t in made {
            let (mass, complete) = outputMass(of: node, in: graph.facts[t])
            madeMass += mass
            if !complete { reportMissingMass(of: node, in: t, issues: &issues) }
        }
        guard madeMass > 0 else { return madeMass }
        for t in made {
            let step = graph.facts[t]
            let mass = outputMass(of: node, in: step).kg
            guard mass > 0 else { continue }
            let share = allocationShare(of: node, mass: mass, in: step)
            carbon.addRHS(row: row, column: 0, share * step.ghg / madeMass)
            carbon.addRHS(row: row, column: 1, share * step.ghg / madeMass)
            if step.cutOff {
                // Post-consumer by definition, unless the ILMD of the creating event said otherwise.
                let declared = graph.declared[node]
                let rc = declared?.eventID == graph.steps[t].eventID ? declared?.recycledContent : nil
                recycled.addRHS(row: row, column: 0, mass / madeMass * (rc?.preConsumer ?? 0))
                recycled.addRHS(row: row, column: 1, mass / madeMass * (rc?.postConsumer ?? 1))
                continue
            }
            for k in step.inputs {
                let j = Int(position[graph.inputNode[k]]), m = graph.inputKg[k]
                guard j >= 0, m > 0 else { continue }  // NaN (no mass) is not > 0
                carbon.add(row: row, column: j, share * m / madeMass)
                recycled.add(row: row, column: j, mass / madeMass * m / step.inputMassKg)
            }
        }
        return madeMass
    }

    /// Every footprint NaN when a loop returns all of its material (the system has no unique solution), with the loop named.
    func unsolved(_ nodes: [Int], results: Int, error: FlowSystem.Failure, issues: Set<DataQualityIssue>) -> [Footprint] {
        var issues = issues
        let loop: [Int]
        switch error {
        case .singularLoop(let n): loop = n
        }
        issues.insert(
            DataQualityIssue(
                kind: .singularLoop,
                detail: "the loop through "
                    + loop.map { graph.ids[nodes[$0]] }.sorted().joined(separator: ", ")
                    + " returns all of its material, so its footprint has no unique value"))
        let sorted = Self.sorted(issues)
        return nodes.prefix(results).map {
            Footprint(
                id: graph.ids[$0], kgCO2ePerKg: .nan, massKg: nil, recycledContent: .init(preConsumer: .nan, postConsumer: .nan),
                primaryDataShare: .nan, issues: sorted)
        }
    }

    static func sorted(_ issues: Set<DataQualityIssue>) -> [DataQualityIssue] {
        issues.sorted { ($0.kind.rawValue, $0.id ?? "", $0.eventID ?? "") < ($1.kind.rawValue, $1.id ?? "", $1.eventID ?? "") }
    }

    /// The mass of `node` step `t` outputs (an assembly's parent weighs what its parts weigh), and whether every flow
    /// it counted had a mass.
    private func outputMass(of node: Int, in step: StepFacts) -> (kg: Double, complete: Bool) {
        if !step.transformation {
            return (step.inputMassKg, !step.inputs.contains { graph.inputKg[$0].isNaN })
        }
        var total = 0.0, complete = true
        for k in step.outputs where graph.outputNode[k] == node {
            let m = graph.outputKg[k]
            if m.isNaN { complete = false } else { total += m }
        }
        return (total, complete)
    }

    private func reportMissingMass(of node: Int, in t: Int, issues: inout Set<DataQualityIssue>) {
        let step = graph.steps[t]
        if step.kind != .transformation {
            for c in step.inputs where c.massKg == nil {
                issues.insert(
                    DataQualityIssue(
                        kind: .missingMass, id: c.id, eventID: step.eventID,
                        detail: "part \(c.id) of \(graph.ids[node]) has no mass in kg in event \(step.eventID)"))
            }
            return
        }
        issues.insert(
            DataQualityIssue(
                kind: .missingMass, id: graph.ids[node], eventID: step.eventID,
                detail: "output \(graph.ids[node]) of event \(step.eventID) has no mass in kg (KGM, TNE or GRM)"))
    }

    /// a_tn: mass allocation (n's share of the step's output mass), or economic (n's share of value × mass).
    private func allocationShare(of node: Int, mass: Double, in step: StepFacts) -> Double {
        guard step.transformation else { return 1 }
        guard step.economic else { return step.outputMassKg > 0 ? mass / step.outputMassKg : 0 }
        guard step.outputValue > 0, let k = step.outputs.first(where: { graph.outputNode[$0] == node }) else { return 0 }
        return mass * graph.outputValue[k] / step.outputValue
    }

    private func checkMassBalance(_ t: Int, issues: inout Set<DataQualityIssue>) {
        let facts = graph.facts[t]
        guard facts.transformation else { return }
        let input = facts.inputMassKg, output = facts.outputMassKg
        let missing = facts.inputs.contains { graph.inputKg[$0].isNaN }
        guard missing || output > input * 1.005 else { return }
        let step = graph.steps[t]
        for f in step.inputs where f.massKg == nil {
            issues.insert(
                DataQualityIssue(
                    kind: .missingMass, id: f.id, eventID: step.eventID,
                    detail: "input \(f.id) of event \(step.eventID) has no mass in kg (KGM, TNE or GRM)"))
        }
        if output > input * 1.005 {
            issues.insert(
                DataQualityIssue(
                    kind: .massGain, eventID: step.eventID, inputKg: input, outputKg: output,
                    detail: "event \(step.eventID) outputs \(output) kg from \(input) kg of input: \(output - input) kg more out than in (over 0.5%)"))
        }
    }
}
