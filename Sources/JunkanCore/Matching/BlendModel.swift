import Foundation

/// The linear programme of one blend: its rows in groups (one per bound, the recycled share, the footprint and the
/// lots' availability), so an infeasible request can be explained by the groups that conflict.
struct BlendModel {
    let request: MaterialRequest
    let lots: [LotProfile]
    let linear: [ResolvedConstraint]
    /// By lot, then by the request's substance limit: the lot's concentration (every lot here has one).
    let substanceFractions: [[Double]]

    enum Group: Hashable { case lower(Int), upper(Int), recycledShare, footprint, substance(Int), availability }

    var allGroups: [Group] {
        var g: [Group] = []
        for (i, c) in linear.enumerated() {
            if c.lo != nil { g.append(.lower(i)) }
            if c.hi != nil { g.append(.upper(i)) }
        }
        if request.minRecycledShare != nil { g.append(.recycledShare) }
        if request.maxKgCO2ePerKg != nil { g.append(.footprint) }
        g += request.maxSubstances.indices.map { .substance($0) }
        g.append(.availability)
        return g
    }

    func groupLabel(_ g: Group) -> String {
        switch g {
        case .lower(let i): return bound(linear[i], "≥", linear[i].lo!)
        case .upper(let i): return bound(linear[i], "≤", linear[i].hi!)
        case .recycledShare: return "minRecycledShare \(LotMatcher.percent(request.minRecycledShare!))"
        case .footprint: return "maxKgCO2ePerKg \(LotMatcher.number(request.maxKgCO2ePerKg!))"
        case .substance(let i): return request.maxSubstances[i].label
        case .availability:
            return "massKg \(LotMatcher.number(request.massKg)): the eligible lots hold \(LotMatcher.number(lots.reduce(0) { $0 + $1.lot.massKg })) kg"
        }
    }

    /// "MFR ≤ 20 g/10min (230 °C, 2.16 kg)".
    func bound(_ c: ResolvedConstraint, _ relation: String, _ value: Double) -> String {
        "\(c.constraint.property) \(relation) \(c.show(value))" + (c.constraint.conditions.isEmpty ? "" : " (\(c.constraint.conditions.label))")
    }

    /// g(v) of the property's rule: the blend's g is the mass-weighted mean of the components' (ln for melt flow, 1/v
    /// for density, v otherwise).
    func transformed(_ c: ResolvedConstraint, _ v: Double) -> Double {
        switch c.constraint.definition.rule {
        case .logLinear: log(v)
        case .reciprocalLinear: 1 / v
        default: v
        }
    }

    /// The rows of `groups`, in mass fractions w (Σ w = 1 always).
    func program(groups: [Group]) -> LinearProgram {
        var rows: [LinearProgram.Row] = [.init(Array(repeating: 1, count: lots.count), .equal, 1)]
        var bounds: [Double?] = Array(repeating: nil, count: lots.count)
        for g in groups {
            switch g {
            case .lower(let i), .upper(let i):
                let c = linear[i]
                let isLower: Bool = if case .lower = g { true } else { false }
                let bound = transformed(c, isLower ? c.lo! : c.hi!)
                let coefficients = lots.map { transformed(c, c.entry($0)!.value) - bound }
                // 1/ρ falls as ρ rises: a lower bound on density is an upper bound on Σ wᵢ/ρᵢ.
                let reversed = c.constraint.definition.rule == .reciprocalLinear
                rows.append(.init(Self.scaled(coefficients), isLower != reversed ? .greaterOrEqual : .lessOrEqual, 0))
            case .recycledShare:
                rows.append(.init(Self.scaled(lots.map { $0.recycledShare - request.minRecycledShare! }), .greaterOrEqual, 0))
            case .footprint:
                rows.append(.init(Self.scaled(lots.map { $0.footprint! - request.maxKgCO2ePerKg! }), .lessOrEqual, 0))
            case .substance(let i):
                let max = request.maxSubstances[i].maxFraction
                rows.append(.init(Self.scaled(substanceFractions.map { $0[i] - max }), .lessOrEqual, 0))
            case .availability:
                bounds = lots.map { $0.lot.massKg / request.massKg >= 1 ? nil : $0.lot.massKg / request.massKg }
            }
        }
        return LinearProgram(objective: lots.map(\.recycledShare), rows: rows, upperBounds: bounds)
    }

    /// A row divided by its largest coefficient (its right-hand side is 0): 1/ρ differences of 1e-5 and modulus
    /// differences of 1e3 then meet the solver's tolerance on the same footing.
    static func scaled(_ row: [Double]) -> [Double] {
        let m = row.reduce(0) { max($0, abs($1)) }
        return m > 0 ? row.map { $0 / m } : row
    }

    /// An irreducible set of groups that cannot all hold (the deletion filter of Chinneck & Dravnieks 1991): each group
    /// is dropped in turn and stays dropped if the rest is still infeasible; what remains conflicts, and every member
    /// is needed for the conflict.
    func conflict() -> [Group] {
        var kept = allGroups
        for g in allGroups {
            let without = kept.filter { $0 != g }
            if case .infeasible = SimplexSolver.solve(program(groups: without)) { kept = without }
        }
        return kept
    }

    func result(_ w: [Double], worst: [ResolvedConstraint], excluded: [BlendOptimizer.Exclusion]) -> BlendOptimizer.Result {
        let used = w.indices.filter { w[$0] > 1e-9 }
        let components = used.map { BlendOptimizer.Component(lot: lots[$0].id, massKg: w[$0] * request.massKg, recycledShare: lots[$0].recycledShare) }
            .sorted { $0.massKg > $1.massKg }
        var predicted: [BlendOptimizer.Prediction] = []
        for c in linear {
            let g = used.reduce(0) { $0 + w[$1] * transformed(c, c.entry(lots[$1])!.value) }
            let v: Double =
                switch c.constraint.definition.rule {
                case .logLinear: exp(g)
                case .reciprocalLinear: 1 / g
                default: g
                }
            predicted.append(
                .init(
                    property: c.constraint.property, value: c.unit.fromCanonical(v), unit: c.unit, constraint: c.label,
                    rule: c.constraint.definition.rule, needsTest: false))
        }
        for c in worst {
            let values = used.map { c.entry(lots[$0])!.value }
            let v = c.constraint.definition.higherIsBetter ? values.min()! : values.max()!
            predicted.append(
                .init(
                    property: c.constraint.property, value: c.unit.fromCanonical(v), unit: c.unit, constraint: c.label,
                    rule: .worstComponent, needsTest: used.count > 1))
        }
        var binding: [String] = []
        let x = w
        for g in allGroups where g != .availability {
            let row = program(groups: [g]).rows[1]
            if abs(row.activity(x) - row.rhs) <= 1e-7 { binding.append(groupLabel(g)) }
        }
        for i in used where lots[i].lot.massKg <= w[i] * request.massKg * (1 + 1e-9) {
            binding.append("lot \(lots[i].id): all \(LotMatcher.number(lots[i].lot.massKg)) kg used")
        }
        let footprint = used.allSatisfy { lots[$0].footprint != nil } ? used.reduce(0) { $0 + w[$1] * lots[$1].footprint! } : nil
        let substances = request.maxSubstances.enumerated().map { j, limit in
            BlendOptimizer.SubstancePrediction(limit: limit, fraction: used.reduce(0) { $0 + w[$1] * substanceFractions[$1][j] })
        }
        return BlendOptimizer.Result(
            feasible: true, recycledShare: used.reduce(0) { $0 + w[$1] * lots[$1].recycledShare },
            components: components, predicted: predicted, kgCO2ePerKg: footprint, binding: binding,
            excluded: excluded, considered: lots.count, substances: substances)
    }
}
