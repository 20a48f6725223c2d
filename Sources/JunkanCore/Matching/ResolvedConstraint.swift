/// A request's property constraint bound to the key table: canonical bounds and the key lots are looked up by.
struct ResolvedConstraint: Sendable {
    let constraint: PropertyConstraint
    let key: Int32?
    let thickness: Double?
    let lo: Double?
    let hi: Double?

    init(_ c: PropertyConstraint, keys: PropertyKeys) {
        constraint = c
        key = keys.lookup(c.property, c.conditions)
        if case .number(let t)? = c.conditions[TestConditions.Key.thickness.rawValue] {
            thickness = t
        } else {
            thickness = c.property == "UL94" ? .infinity : nil
        }
        lo = c.canonicalMin
        hi = c.canonicalMax
    }

    var label: String { constraint.label }
    var unit: MaterialUnit { constraint.unit }

    func entry(_ p: LotProfile) -> LotProfile.Entry? { key.flatMap { p.value($0, thickness: thickness) } }

    /// The value in the constraint's unit, as people read it.
    func show(_ canonical: Double) -> String { constraint.bound(unit.fromCanonical(canonical)) }

    /// How far outside the range `p`'s value is, relative to the bound (infinity when it has none); nil when it holds.
    /// Numbers only: matching calls it for every lot and words the few it shows (`failure`).
    func gap(_ p: LotProfile) -> Double? {
        guard let e = entry(p) else { return .infinity }
        let scale = max(abs(hi ?? 0), abs(lo ?? 0), 1e-9)
        if let lo, e.value < lo - 1e-12 * scale { return (lo - e.value) / scale }
        if let hi, e.value > hi + 1e-12 * scale { return (e.value - hi) / scale }
        return nil
    }

    /// Why `p` fails this constraint, and by how much relative to the range (for ranking near misses); nil when it holds.
    func failure(_ p: LotProfile) -> (reason: String, gap: Double)? {
        guard let gap = gap(p) else { return nil }
        guard let e = entry(p) else {
            return ("no \(constraint.property) value" + (constraint.conditions.isEmpty ? "" : " at \(constraint.conditions.label)"), gap)
        }
        if let lo, e.value < lo { return ("\(constraint.property) \(show(e.value)) is below the minimum \(show(lo))", gap) }
        return ("\(constraint.property) \(show(e.value)) is above the maximum \(show(hi ?? e.value))", gap)
    }

    /// How well `v` sits in the range, 0–1 (docs/materials.md): a two-sided range scores 1 − |v − middle| / half-width; a
    /// one-sided bound scores the headroom beyond it, full at 10% of the bound; a UL 94 class that holds scores 1.
    func closeness(_ v: Double) -> Double {
        if constraint.unit == .classification { return 1 }
        switch (lo, hi) {
        case let (lo?, hi?):
            let half = (hi - lo) / 2
            return half <= 0 ? 1 : max(0, 1 - abs(v - (lo + half)) / half)
        case let (lo?, nil): return min(1, max(0, (v - lo) / max(0.1 * abs(lo), 1e-9)))
        case let (nil, hi?): return min(1, max(0, (hi - v) / max(0.1 * abs(hi), 1e-9)))
        default: return 1
        }
    }
}
