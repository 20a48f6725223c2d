import Foundation

/// A search over lots on offer (`GET /materials/lots?polymer=PP&MFR=10..25&kind=recycled`): every stated condition
/// must hold; property ranges are read like a request's constraints (same conditions, same units).
public struct LotFilter: Sendable {
    public var polymer: PolymerCode?
    public var kinds: Set<MaterialKind>?
    public var grade: String?
    public var producer: String?
    public var constraints: [PropertyConstraint] = []
    public var minRecycledShare: Double?
    public var maxKgCO2ePerKg: Double?
    public var near: GeoPoint?
    public var withinKm: Double?
    public var minMassKg: Double?
    public var minDataQualityLevel: Int?

    public init() {}

    /// `MFR=10..25`, `density=..920`, `tensileModulus=1200..`: bounds in the property's canonical unit, under the
    /// conditions the polymer's standards prescribe (so MFR needs `polymer`).
    public mutating func addRange(property: String, range: String) throws(MaterialError) {
        guard let def = PropertyDefinition.named(property) else { throw MaterialError(property, "unknown property") }
        let parts = range.components(separatedBy: "..")
        guard parts.count == 2, !(parts[0].isEmpty && parts[1].isEmpty) else {
            throw MaterialError(property, "a range is min..max, min.. or ..max, found \"\(range)\"")
        }
        var o = JSONObject([("property", .string(property)), ("unit", .string(def.dimension.canonical.rawValue))])
        for (key, text) in [("min", parts[0]), ("max", parts[1])] where !text.isEmpty {
            if def.dimension == .classification {
                o[key] = .string(text)
            } else {
                guard let d = PactDecimal.parse(text) else { throw MaterialError(property, "\(key) must be a number, found \"\(text)\"") }
                o[key] = .number(JSONNumber(d))
            }
        }
        let polymer = self.polymer ?? PolymerCode(polymers: [], fillers: [])
        do { constraints.append(try PropertyConstraint.decode(.object(o), polymer: polymer)) } catch {
            if error.pointer == "/conditions" {
                throw MaterialError(property, "\(property) is compared under the standard conditions of a polymer: add polymer=… to the search")
            }
            throw MaterialError(property, error.reason)
        }
    }

    /// The profiles the filter admits, in their order (the polymer and the property keys resolved once, not per lot).
    public func filter(_ profiles: [LotProfile], keys: PropertyKeys) -> [LotProfile] {
        matching(profiles, keys: keys).map { profiles[$0] }
    }

    /// The positions in `profiles` of the lots that pass, in order: a search pages them without copying every profile
    /// that passes (a node's whole index, for a search with no condition).
    public func matching(_ profiles: [LotProfile], keys: PropertyKeys) -> [Int] {
        let admitted = polymer.map { keys.admitted(by: $0) }
        let resolved = constraints.map { ResolvedConstraint($0, keys: keys) }
        return profiles.indices.filter { i in
            if let admitted, !admitted[Int(profiles[i].polymerID)] { return false }
            return admits(profiles[i], resolved)
        }
    }

    func admits(_ p: LotProfile, _ resolved: [ResolvedConstraint]) -> Bool {
        if let kinds, !kinds.contains(p.kind) { return false }
        if let grade, p.lot.grade != grade { return false }
        if let producer, p.producer.range(of: producer, options: .caseInsensitive) == nil { return false }
        if let minRecycledShare, p.recycledShare < minRecycledShare - 1e-12 { return false }
        if let maxKgCO2ePerKg, (p.footprint ?? .infinity) > maxKgCO2ePerKg + 1e-12 { return false }
        if let minMassKg, p.lot.massKg < minMassKg { return false }
        if let minDataQualityLevel, (p.qualityLevel ?? 0) < minDataQualityLevel { return false }
        if let near, let withinKm, p.lot.location.distanceKm(to: near) > withinKm { return false }
        return resolved.allSatisfy { $0.gap(p) == nil }
    }
}
