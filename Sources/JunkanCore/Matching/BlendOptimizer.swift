import Foundation

/// Proposes masses of several lots that together meet a request with the largest recycled share (docs/materials.md).
/// With wᵢ the mass fraction of lot i in the blend, the rules are linear in w:
///
///     ln MFR = Σ wᵢ ln MFRᵢ (and MVR)    1/ρ = Σ wᵢ/ρᵢ    E = Σ wᵢ Eᵢ (moduli; ash, moisture, volatiles exactly)
///     recycled share = Σ wᵢ rᵢ            footprint = Σ wᵢ fᵢ (kg CO2e/kg, mass-weighted)
///
/// so each bound is one row of a linear programme: maximise Σ wᵢ rᵢ subject to Σ wᵢ = 1, 0 ≤ wᵢ ≤ availableᵢ / mass,
/// and the rows; a substance limit is Σ wᵢ cᵢ ≤ max (concentrations mix by mass). Properties without a valid rule (elongation, impact, HDT, UL 94, odour …) are bounded by the worst
/// component: only lots that meet such a constraint on their own take part, and the blend "needs a test". Among
/// blends of the largest recycled share the one of the lowest footprint is chosen (a second programme).
public enum BlendOptimizer {
    public struct Component: Sendable, Equatable {
        public var lot: String
        public var massKg: Double
        public var recycledShare: Double
    }
    public struct Prediction: Sendable, Equatable {
        public var property: String
        public var value: Double
        public var unit: MaterialUnit
        public var constraint: String
        public var rule: PropertyDefinition.BlendRule
        public var needsTest: Bool
    }
    public struct SubstancePrediction: Sendable, Equatable {
        public var limit: SubstanceLimit
        public var fraction: Double
    }
    public struct Exclusion: Sendable, Equatable {
        public var lot: String
        public var reason: String
    }
    public struct Result: Sendable {
        public var feasible: Bool
        public var recycledShare: Double
        public var components: [Component]
        public var predicted: [Prediction]
        public var kgCO2ePerKg: Double?
        public var binding: [String]
        public var excluded: [Exclusion]
        /// Lots of the polymer that took part in the programme.
        public var considered: Int
        /// The blend's concentration of each limited substance (mass-weighted), beside its limit.
        public var substances: [SubstancePrediction] = []
    }

    /// At most this many lots enter the programme (the highest recycled share first, then the lowest footprint): a
    /// dense tableau stays small, and a buyer never blends more than a handful.
    public static let maxLots = 200

    public static func blend(_ request: MaterialRequest, profiles: [LotProfile], keys: PropertyKeys) -> Result {
        let constraints = request.constraints.map { ResolvedConstraint($0, keys: keys) }
        let linear = constraints.filter { $0.constraint.definition.rule != .worstComponent }
        let worst = constraints.filter { $0.constraint.definition.rule == .worstComponent }
        var lots: [LotProfile] = []
        var excluded: [Exclusion] = []
        var exclusionReasons: [String: Int] = [:]
        func exclude(_ p: LotProfile, _ reason: String, _ group: String) {
            excluded.append(Exclusion(lot: p.id, reason: reason))
            exclusionReasons[group, default: 0] += 1
        }
        let admitted = keys.admitted(by: request.polymer)
        candidates: for p in profiles where admitted[Int(p.polymerID)] {
            if let max = request.maxDistanceKm, let place = request.deliveryPlace, p.lot.location.distanceKm(to: place) > max {
                exclude(p, "more than \(LotMatcher.number(max)) km from the delivery place", "maxDistanceKm \(LotMatcher.number(max))")
                continue
            }
            for c in worst {
                if let f = c.failure(p) { exclude(p, f.reason + " (no blending rule: each component must meet it)", c.label); continue candidates }
            }
            for c in linear where c.entry(p) == nil {
                exclude(p, "no \(c.constraint.property) value at \(c.constraint.conditions.label) to predict the blend from", c.label)
                continue candidates
            }
            for limit in request.maxSubstances where p.fraction(for: limit, keys: keys) == nil {
                exclude(p, "no measured or declared \(limit.name) concentration to show it meets \(limit.label)", limit.label)
                continue candidates
            }
            if let max = request.maxKgCO2ePerKg, p.footprint == nil {
                exclude(p, "no footprint known", "maxKgCO2ePerKg \(LotMatcher.number(max))")
                continue
            }
            lots.append(p)
        }
        if lots.count > maxLots {
            lots.sort { ($0.recycledShare, -($0.footprint ?? .infinity), $1.id) > ($1.recycledShare, -($1.footprint ?? .infinity), $0.id) }
            for p in lots[maxLots...] { excluded.append(Exclusion(lot: p.id, reason: "beyond the \(maxLots) lots of highest recycled share")) }
            lots = Array(lots.prefix(maxLots))
        }
        let empty = Result(
            feasible: false, recycledShare: 0, components: [], predicted: [], kgCO2ePerKg: nil, binding: [], excluded: excluded,
            considered: lots.count)
        guard !lots.isEmpty else {
            var r = empty
            r.binding = exclusionReasons.isEmpty ? ["polymer \(request.polymer): no lot on offer"] : exclusionReasons.keys.sorted()
            return r
        }
        let fractions = lots.map { p in request.maxSubstances.map { p.fraction(for: $0, keys: keys)! } }
        let model = BlendModel(request: request, lots: lots, linear: linear, substanceFractions: fractions)
        let solved = SimplexSolver.solve(model.program(groups: model.allGroups))
        guard case .optimal(var w, let best) = solved else {
            var r = empty
            r.binding =
                solved == .iterationLimit
                ? ["the solver stopped at its pivot limit: no blend is proposed"]
                : model.conflict().map { model.groupLabel($0) }
            return r
        }
        // Among the blends of this recycled share, the lowest footprint.
        if lots.allSatisfy({ $0.footprint != nil }) {
            var second = model.program(groups: model.allGroups)
            second.rows.append(.init(lots.map(\.recycledShare), .greaterOrEqual, best - 1e-9))
            second.objective = lots.map { -$0.footprint! }
            if case .optimal(let x, _) = SimplexSolver.solve(second) { w = x }
        }
        return model.result(w, worst: worst, excluded: excluded)
    }
}
