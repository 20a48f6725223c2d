/// Ranks single lots for a request (docs/materials.md). Hard constraints filter: polymer, every property range,
/// minimum recycled share, maximum footprint, mass available, distance. The lots that pass are ordered by
///
///     score = 100 · (0.4·C + 0.2·Q + 0.2·F + 0.2·D) / (sum of the weights that apply)
///
/// C: mean closeness of the lot's values to the middle of each range (`ResolvedConstraint.closeness`; 1 with no
/// property constraints); Q: DIN SPEC 91446 data-quality level / 4 for recyclates, 1 for virgin and bio-based grades
/// (a producer's data sheet); F: 1 − footprint / reference, the reference being the request's maximum or else the
/// largest footprint among passing lots (an unknown footprint scores 0); D: 1 − distance / reference, likewise, and
/// left out when the request names no delivery place. Ties go to the lot id. Lots that fail exactly one hard
/// constraint are near misses, listed with the constraint and by how much.
///
/// Every lot is checked with numbers only; words (explanations, reasons) are made for the lots shown.
public enum LotMatcher {
    public struct Component: Sendable, Equatable {
        public var constraint: String
        public var value: String
        public var measuredOnLot: Bool
        public var closeness: Double
    }

    public struct Match: Sendable {
        public var profile: LotProfile
        public var score: Double
        public var closeness: Double
        public var quality: Double
        public var footprintScore: Double
        public var distanceScore: Double?
        public var distanceKm: Double?
        public var components: [Component]
        public var explanation: String
    }

    public struct NearMiss: Sendable {
        public var profile: LotProfile
        public var fails: String
        public var reason: String
        /// How far outside, relative to the bound (0.05: 5% beyond it); infinity when the value is missing.
        public var gap: Double
        public var distanceKm: Double?
    }

    public struct Report: Sendable {
        public var candidates: Int
        public var passed: Int
        public var matches: [Match]
        public var nearMisses: [NearMiss]
    }

    static let weights = (closeness: 0.4, quality: 0.2, footprint: 0.2, distance: 0.2)

    /// The request's limits other than property ranges, numbered after the property constraints.
    enum Limit: Int, CaseIterable { case recycledShare, footprint, mass, distance }

    public static func match(
        _ request: MaterialRequest, profiles: [LotProfile], keys: PropertyKeys, limit: Int = 50,
        nearMissLimit: Int = 10
    ) -> Report {
        let constraints = request.constraints.map { ResolvedConstraint($0, keys: keys) }
        let admitted = keys.admitted(by: request.polymer)
        var passing: [(index: Int, distance: Double?)] = []
        var misses: [(index: Int, which: Int, gap: Double, distance: Double?)] = []
        var candidates = 0
        for index in profiles.indices {
            let p = profiles[index]
            guard admitted[Int(p.polymerID)] else { continue }
            candidates += 1
            let distance = request.deliveryPlace.map { p.lot.location.distanceKm(to: $0) }
            var failures = 0
            var first = (which: 0, gap: 0.0)
            for (i, c) in constraints.enumerated() {
                guard let gap = c.gap(p) else { continue }
                failures += 1
                if failures > 1 { break }
                first = (i, gap)
            }
            if failures <= 1 {
                for limit in Limit.allCases {
                    guard let gap = gap(limit, request, p, distance) else { continue }
                    failures += 1
                    if failures > 1 { break }
                    first = (constraints.count + limit.rawValue, gap)
                }
            }
            if failures <= 1 {
                for (j, limit) in request.maxSubstances.enumerated() {
                    guard let gap = gap(limit, p, keys) else { continue }
                    failures += 1
                    if failures > 1 { break }
                    first = (constraints.count + Limit.allCases.count + j, gap)
                }
            }
            if failures == 0 {
                passing.append((index, distance))
            } else if failures == 1 {
                misses.append((index, first.which, first.gap, distance))
            }
        }
        let footprintRef = request.maxKgCO2ePerKg ?? passing.compactMap { profiles[$0.index].footprint }.max() ?? 0
        let distanceRef = request.maxDistanceKm ?? passing.compactMap(\.distance).max() ?? 0
        var scored = passing.map { index, distance in
            (
                index: index, distance: distance,
                parts: parts(profiles[index], constraints, distance: distance, footprintRef: footprintRef, distanceRef: distanceRef)
            )
        }
        scored.sort { $0.parts.score != $1.parts.score ? $0.parts.score > $1.parts.score : profiles[$0.index].id < profiles[$1.index].id }
        let matches = scored.prefix(limit).enumerated().map { rank, s in
            describe(profiles[s.index], constraints, s.parts, distance: s.distance, rank: rank + 1, of: scored.count)
        }
        misses.sort { $0.gap != $1.gap ? $0.gap < $1.gap : profiles[$0.index].id < profiles[$1.index].id }
        let nearMisses = misses.prefix(nearMissLimit).map { m -> NearMiss in
            let p = profiles[m.index]
            let (fails, reason): (String, String)
            if m.which < constraints.count {
                fails = constraints[m.which].label
                reason = constraints[m.which].failure(p)?.reason ?? ""
            } else if m.which >= constraints.count + Limit.allCases.count {
                (fails, reason) = words(request.maxSubstances[m.which - constraints.count - Limit.allCases.count], p, keys)
            } else {
                (fails, reason) = words(Limit(rawValue: m.which - constraints.count)!, request, p, m.distance)
            }
            return NearMiss(profile: p, fails: fails, reason: reason, gap: m.gap, distanceKm: m.distance)
        }
        return Report(candidates: candidates, passed: scored.count, matches: matches, nearMisses: nearMisses)
    }

    /// How far `p` is beyond one of the request's limits, relative to it; nil when within.
    static func gap(_ limit: Limit, _ r: MaterialRequest, _ p: LotProfile, _ distance: Double?) -> Double? {
        switch limit {
        case .recycledShare:
            guard let min = r.minRecycledShare, p.recycledShare < min - 1e-12 else { return nil }
            return (min - p.recycledShare) / Swift.max(min, 1e-9)
        case .footprint:
            guard let max = r.maxKgCO2ePerKg else { return nil }
            guard let f = p.footprint else { return .infinity }
            return f > max + 1e-12 ? (f - max) / Swift.max(max, 1e-9) : nil
        case .mass:
            return p.lot.massKg < r.massKg - 1e-9 ? (r.massKg - p.lot.massKg) / r.massKg : nil
        case .distance:
            guard let max = r.maxDistanceKm, let d = distance, d > max else { return nil }
            return (d - max) / max
        }
    }

    /// How far `p`'s concentration is above a substance limit, relative to it; infinite when the lot gives none (it
    /// cannot be shown to meet it); nil when within.
    static func gap(_ limit: SubstanceLimit, _ p: LotProfile, _ keys: PropertyKeys) -> Double? {
        guard let f = p.fraction(for: limit, keys: keys) else { return .infinity }
        return f > limit.maxFraction * (1 + 1e-9) ? (f - limit.maxFraction) / Swift.max(limit.maxFraction, 1e-12) : nil
    }

    static func words(_ limit: SubstanceLimit, _ p: LotProfile, _ keys: PropertyKeys) -> (String, String) {
        guard let f = p.fraction(for: limit, keys: keys) else {
            return (limit.label, "no measured or declared \(limit.name) concentration to show it meets the limit")
        }
        return (limit.label, "\(limit.name) \(limit.amount(f)) is above \(limit.amount(limit.maxFraction))")
    }

    /// The limit `p` breaks, and why, in words.
    static func words(_ limit: Limit, _ r: MaterialRequest, _ p: LotProfile, _ distance: Double?) -> (String, String) {
        switch limit {
        case .recycledShare:
            let min = r.minRecycledShare ?? 0
            return ("minRecycledShare \(percent(min))", "recycled share \(percent(p.recycledShare)) is below \(percent(min))")
        case .footprint:
            let max = r.maxKgCO2ePerKg ?? 0
            guard let f = p.footprint else {
                return ("maxKgCO2ePerKg \(number(max))", "no footprint known: the lot is not traced and its grade declares no emission factor")
            }
            return ("maxKgCO2ePerKg \(number(max))", "footprint \(number(f)) kg CO2e/kg is above \(number(max))")
        case .mass:
            return ("massKg \(number(r.massKg))", "only \(number(p.lot.massKg)) kg available of \(number(r.massKg)) kg")
        case .distance:
            let max = r.maxDistanceKm ?? 0
            return ("maxDistanceKm \(number(max))", "\(number((distance ?? 0).rounded())) km from the delivery place, more than \(number(max)) km")
        }
    }

    struct Parts {
        var score: Double
        var closeness: Double
        var quality: Double
        var footprint: Double
        var distance: Double?
    }

    static func parts(_ p: LotProfile, _ constraints: [ResolvedConstraint], distance: Double?, footprintRef: Double, distanceRef: Double) -> Parts {
        var sum = 0.0
        for c in constraints { sum += c.closeness(c.entry(p)!.value) }
        let closeness = constraints.isEmpty ? 1 : sum / Double(constraints.count)
        let quality = p.qualityLevel.map { Double($0) / 4 } ?? 1
        let footprint = p.footprint.map { f in footprintRef > 0 ? max(0, 1 - f / footprintRef) : 1 } ?? 0
        let distanceScore = distance.map { d in distanceRef > 0 ? max(0, 1 - d / distanceRef) : 1 }
        var total = weights.closeness * closeness + weights.quality * quality + weights.footprint * footprint
        var weight = weights.closeness + weights.quality + weights.footprint
        if let distanceScore { total += weights.distance * distanceScore; weight += weights.distance }
        return Parts(score: 100 * total / weight, closeness: closeness, quality: quality, footprint: footprint, distance: distanceScore)
    }

    static func describe(_ p: LotProfile, _ constraints: [ResolvedConstraint], _ parts: Parts, distance: Double?, rank: Int, of total: Int) -> Match {
        let components = constraints.map { c in
            let e = c.entry(p)!
            return Component(constraint: c.label, value: c.show(e.value), measuredOnLot: e.measured, closeness: c.closeness(e.value))
        }
        var why = ["closeness \(number2(parts.closeness))"]
        if let q = p.qualityLevel { why.append("DQL \(q)/4") } else { why.append("\(p.kind.rawValue) data sheet") }
        why.append(p.footprint.map { "\(number2($0)) kg CO2e/kg (\(p.footprintSource!.rawValue))" } ?? "footprint unknown")
        if let distance { why.append("\(number(distance.rounded())) km away") }
        return Match(
            profile: p, score: parts.score, closeness: parts.closeness, quality: parts.quality, footprintScore: parts.footprint,
            distanceScore: parts.distance, distanceKm: distance, components: components,
            explanation: "rank \(rank) of \(total): " + why.joined(separator: ", "))
    }

    static func number(_ d: Double) -> String { JSONNumber(d).literal }
    static func number2(_ d: Double) -> String { JSONNumber((d * 100).rounded() / 100).literal }
    static func percent(_ d: Double) -> String { JSONNumber((d * 1000).rounded() / 10).literal + "%" }
}
