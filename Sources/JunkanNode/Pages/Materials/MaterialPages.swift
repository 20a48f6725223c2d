import Foundation
package import JunkanCore
import Mustache

/// The offers list and a request's page (matches and blend), server-rendered.
package enum MaterialPages {
    package static let shown = 200
    package static let rangeFields = [
        ("MFR", "MFR g/10min"), ("density", "Density kg/m3"), ("tensileModulus", "Tensile modulus MPa"),
        ("charpyNotched", "Charpy notched kJ/m2")
    ]

    package static func mass(_ kg: Double) -> String {
        kg >= 1000 ? DisplayFormat.number(kg / 1000, decimals: kg >= 100_000 ? 0 : 1) + " t" : DisplayFormat.number(kg, decimals: 0) + " kg"
    }
    package static func pct(_ d: Double) -> String { DisplayFormat.percent(d) }
    package static func href(_ lotID: String) -> String { MaterialPaths.lot(lotID) }
    package static func lotNumber(_ id: String) -> String { id.components(separatedBy: "/10/").last.flatMap(PercentEncoding.decode) ?? id }

    /// The value of `property` under the polymer's standard conditions, as shown in the list.
    package static func value(_ p: LotProfile, _ property: String, keys: PropertyKeys) -> String {
        guard let def = PropertyDefinition.named(property), let conditions = def.defaultConditions(for: p.polymer),
            let key = keys.lookup(property, conditions), let e = p.value(key)
        else { return "–" }
        return DisplayFormat.number(e.value, decimals: e.value < 10 ? 1 : 0)
    }

    package static func offers(_ profiles: [LotProfile], keys: PropertyKeys, query: [String: String], error: String?) throws(PageTemplateError) -> String {
        var context: [String: Any] = [
            "title": "Offers", "count": profiles.count, "one": profiles.count == 1, "error": error as Any,
            "jsonLink": "/materials/lots"
                + (query.isEmpty
                    ? ""
                    : "?"
                        + query.sorted { $0.key < $1.key }
                        .map { "\(PercentEncoding.encode($0.key))=\(PercentEncoding.encode($0.value))" }.joined(separator: "&")),
            "polymer": query["polymer"] ?? "", "minRecycledShare": query["minRecycledShare"] ?? "", "maxKgCO2ePerKg": query["maxKgCO2ePerKg"] ?? "",
            "minDQL": query["minDQL"] ?? "",
            "kinds": [("", "any"), ("recycled", "recycled"), ("virgin", "virgin"), ("bio-based", "bio-based")].map { v, l in
                ["value": v, "label": l, "selected": (query["kind"] ?? "") == v] as [String: Any]
            },
            "ranges": rangeFields.map { name, label in ["name": name, "label": label, "value": query[name] ?? ""] },
            "more": profiles.count > shown, "shown": shown
        ]
        context["lots"] = profiles.prefix(shown).map { p -> [String: Any] in
            var row: [String: Any] = [
                "href": href(p.id), "lotNumber": lotNumber(p.id), "grade": p.gradeName, "producer": p.producer, "polymer": p.polymer.description,
                "kind": p.kind.rawValue, "mass": mass(p.lot.massKg), "recycled": pct(p.recycledShare),
                "footprint": p.footprint.map { DisplayFormat.number($0, decimals: 2) } ?? "–", "dql": p.qualityLevel.map { "\($0)" } ?? "–",
                "mfr": value(p, "MFR", keys: keys), "density": value(p, "density", keys: keys), "modulus": value(p, "tensileModulus", keys: keys),
                "place": p.lot.location.name
                    ?? "\(DisplayFormat.number(p.lot.location.lat, decimals: 2)), \(DisplayFormat.number(p.lot.location.lon, decimals: 2))"
            ]
            row["price"] = p.lot.price.map { "\(DisplayFormat.number($0.perKg, decimals: 2)) \($0.currency)/kg" } ?? "–"
            return row
        }
        return try PageTemplates.render(context, "offers")
    }

    package static func request(_ r: MaterialRequest, matches: LotMatcher.Report, blend b: BlendOptimizer.Result) throws(PageTemplateError) -> String {
        var limits = r.constraints.map(\.label)
        if let s = r.minRecycledShare { limits.append("recycled share ≥ \(pct(s))") }
        if let f = r.maxKgCO2ePerKg { limits.append("footprint ≤ \(DisplayFormat.number(f, decimals: 2)) kg CO2e/kg") }
        if let d = r.maxDistanceKm, let place = r.deliveryPlace {
            limits.append("within \(DisplayFormat.number(d, decimals: 0)) km of \(place.name ?? "\(place.lat), \(place.lon)")")
        }
        let blend: [String: Any] = [
            "feasible": b.feasible, "recycled": pct(b.recycledShare), "footprint": b.kgCO2ePerKg.map { DisplayFormat.number($0, decimals: 2) } ?? "–",
            "lots": b.components.count, "binding": b.binding.joined(separator: "; "), "hasBinding": !b.binding.isEmpty,
            "components": b.components.map { c in
                ["href": href(c.lot), "lot": lotNumber(c.lot), "mass": mass(c.massKg), "share": pct(c.massKg / r.massKg), "recycled": pct(c.recycledShare)]
            },
            "predicted": b.predicted.map { p -> [String: Any] in
                [
                    "property": p.property, "constraint": p.constraint, "rule": p.rule.rawValue, "needsTest": p.needsTest,
                    "value": p.unit == .classification
                        ? PropertyDefinition.ul94Classes[Int(p.value.rounded())]
                        : "\(DisplayFormat.number(p.value, decimals: p.value < 10 ? 2 : 0)) \(p.unit.rawValue)"
                ]
            }
        ]
        let context: [String: Any] = [
            "title": "Request \(r.name ?? r.id)", "name": r.name ?? r.id, "id": r.id, "idPath": PercentEncoding.encode(r.id),
            "mass": mass(r.massKg), "polymer": r.polymer.description, "constraints": limits, "blend": blend,
            "candidates": matches.candidates, "passed": matches.passed, "hasMatches": !matches.matches.isEmpty,
            "matches": matches.matches.enumerated().map { i, m -> [String: Any] in
                [
                    "rank": i + 1, "href": href(m.profile.id), "lotNumber": lotNumber(m.profile.id), "grade": m.profile.gradeName,
                    "score": DisplayFormat.number(m.score, decimals: 1), "mass": mass(m.profile.lot.massKg), "recycled": pct(m.profile.recycledShare),
                    "explanation": m.explanation
                ]
            },
            "hasNearMisses": !matches.nearMisses.isEmpty,
            "nearMisses": matches.nearMisses.map { m in
                ["href": href(m.profile.id), "lotNumber": lotNumber(m.profile.id), "grade": m.profile.gradeName, "reason": "\(m.fails): \(m.reason)"]
            }
        ]
        return try PageTemplates.render(context, "request")
    }
}
