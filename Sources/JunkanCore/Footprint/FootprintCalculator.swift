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
        guard graph.contains(id) else { return nil }
        return footprints(of: graph.upstreamClosure(of: id, throughCutOff: false))[0]
    }

    /// Results for `nodes`, which must be closed upstream (every input of every producer of a node is in `nodes`, but for
    /// the inputs of cut-off steps).
    public func footprints(of nodes: [String]) -> [Footprint] {
        var position: [String: Int] = [:]
        for (i, n) in nodes.enumerated() { position[n] = i }
        var issues = Set<DataQualityIssue>()
        // Column 0: total kg CO2e/kg; column 1: the part from traced steps. Recycled: pre-, post-consumer.
        var carbon = FlowSystem(size: nodes.count, columns: 2)
        var recycled = FlowSystem(size: nodes.count, columns: 2)
        var masses = [Double?](repeating: nil, count: nodes.count)

        for (i, node) in nodes.enumerated() {
            let made = graph.producers[node] ?? []
            let declared = graph.declarations[node]
            if made.isEmpty {
                masses[i] = declared?.massKg
                if let ef = declared?.emissionFactor {
                    carbon.rhs[i][0] = ef
                } else {
                    issues.insert(DataQualityIssue(kind: .missingEmissionFactor, id: node,
                        detail: "\(node) is not made by any traced step and declares no junkan:emissionFactor; counted as 0 kg CO2e/kg"))
                }
                if let rc = declared?.recycledContent { recycled.rhs[i] = [rc.preConsumer, rc.postConsumer] }
                continue
            }
            // M_n: the mass of n all its producing steps made.
            var madeMass = 0.0
            for t in made { madeMass += outputMass(of: node, in: graph.steps[t], issues: &issues) }
            masses[i] = madeMass
            guard madeMass > 0 else { continue }
            for t in made {
                let step = graph.steps[t]
                let mass = outputMass(of: node, in: step, issues: &issues)
                guard mass > 0 else { continue }
                let share = allocationShare(of: node, mass: mass, in: step)
                let inputMass = step.inputMassKg
                carbon.rhs[i][0] += share * step.ghgEmissions / madeMass
                carbon.rhs[i][1] += share * step.ghgEmissions / madeMass
                if step.cutOff {
                    // Post-consumer by definition, unless the ILMD of the creating event said otherwise.
                    let rc = declared?.eventID == step.eventID ? declared?.recycledContent : nil
                    recycled.rhs[i][0] += mass / madeMass * (rc?.preConsumer ?? 0)
                    recycled.rhs[i][1] += mass / madeMass * (rc?.postConsumer ?? 1)
                    continue
                }
                for input in step.inputs {
                    guard let m = input.massKg, m > 0, let j = position[input.id] else { continue }
                    carbon.coefficients[i].append((j, share * m / madeMass))
                    if inputMass > 0 { recycled.coefficients[i].append((j, mass / madeMass * m / inputMass)) }
                }
            }
        }
        for t in Set(nodes.flatMap { graph.producers[$0] ?? [] }) { checkMassBalance(graph.steps[t], issues: &issues) }

        let solvedCarbon: [[Double]], solvedRecycled: [[Double]]
        do {
            solvedCarbon = try carbon.solve()
            solvedRecycled = try recycled.solve()
        } catch {
            let loop: [Int]
            switch error { case .singularLoop(let n): loop = n }
            issues.insert(DataQualityIssue(kind: .singularLoop, detail: "the loop through " + loop.map { nodes[$0] }.sorted().joined(separator: ", ")
                + " returns all of its material, so its footprint has no unique value"))
            let sorted = issues.sorted { ($0.kind.rawValue, $0.id ?? "", $0.eventID ?? "") < ($1.kind.rawValue, $1.id ?? "", $1.eventID ?? "") }
            return nodes.map { Footprint(id: $0, kgCO2ePerKg: .nan, massKg: nil, recycledContent: .init(preConsumer: .nan, postConsumer: .nan),
                                         primaryDataShare: .nan, issues: sorted) }
        }
        let sorted = issues.sorted { ($0.kind.rawValue, $0.id ?? "", $0.eventID ?? "") < ($1.kind.rawValue, $1.id ?? "", $1.eventID ?? "") }
        return nodes.indices.map { i in
            let total = solvedCarbon[i][0], primary = solvedCarbon[i][1]
            return Footprint(id: nodes[i], kgCO2ePerKg: total, massKg: masses[i],
                             recycledContent: .init(preConsumer: solvedRecycled[i][0], postConsumer: solvedRecycled[i][1]),
                             // With nothing emitted there is nothing declared either: all of it (nothing) is primary.
                             primaryDataShare: total > 0 ? primary / total : 1, issues: sorted)
        }
    }

    /// The mass of `node` a step outputs. An assembly's parent weighs what its parts weigh.
    private func outputMass(of node: String, in step: TraceStep, issues: inout Set<DataQualityIssue>) -> Double {
        if step.kind != .transformation {
            for c in step.inputs where c.massKg == nil {
                issues.insert(DataQualityIssue(kind: .missingMass, id: c.id, eventID: step.eventID,
                                               detail: "part \(c.id) of \(node) has no mass in kg in event \(step.eventID)"))
            }
            return step.inputMassKg
        }
        var total = 0.0
        for out in step.outputs where out.id == node {
            if let m = out.massKg { total += m } else {
                issues.insert(DataQualityIssue(kind: .missingMass, id: node, eventID: step.eventID,
                                               detail: "output \(node) of event \(step.eventID) has no mass in kg (KGM, TNE or GRM)"))
            }
        }
        return total
    }

    /// a_tn: mass allocation (n's share of the step's output mass), or economic (n's share of value × mass).
    private func allocationShare(of node: String, mass: Double, in step: TraceStep) -> Double {
        guard step.kind == .transformation else { return 1 }
        switch step.allocation {
        case .mass:
            let all = step.outputMassKg
            return all > 0 ? mass / all : 0
        case .economic:
            let value = step.outputs.reduce(0.0) { $0 + ($1.massKg ?? 0) * (step.economicValues[$1.id] ?? 0) }
            return value > 0 ? mass * (step.economicValues[node] ?? 0) / value : 0
        }
    }

    private func checkMassBalance(_ step: TraceStep, issues: inout Set<DataQualityIssue>) {
        guard step.kind == .transformation else { return }
        for f in step.inputs where f.massKg == nil {
            issues.insert(DataQualityIssue(kind: .missingMass, id: f.id, eventID: step.eventID,
                                           detail: "input \(f.id) of event \(step.eventID) has no mass in kg (KGM, TNE or GRM)"))
        }
        let input = step.inputMassKg, output = step.outputMassKg
        if output > input * 1.005 {
            issues.insert(DataQualityIssue(kind: .massGain, eventID: step.eventID, inputKg: input, outputKg: output,
                detail: "event \(step.eventID) outputs \(output) kg from \(input) kg of input: \(output - input) kg more out than in (over 0.5%)"))
        }
    }
}
