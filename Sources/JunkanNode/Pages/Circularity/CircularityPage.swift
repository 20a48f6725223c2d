import Foundation
package import JunkanCore
import Mustache

/// The data-book page (`GET /reports/circularity.html`): tables and server-drawn SVG charts, no script, readable on a
/// phone and printable. Figures are rounded here only; the JSON and CSV carry them unrounded.
package enum CircularityPage {

    package static func render(_ r: CircularityReport, trend: [WasteReport]) throws(PageTemplateError) -> String {
        var context = try waste(r, trend: trend)
        context.merge(collection(r)) { a, _ in a }
        context.merge(targetsAndPRTR(r)) { a, _ in a }
        return try PageTemplates.render(context, "circularity")
    }

    static func t(_ d: Double) -> String { DisplayFormat.tonnes(d) }
    static func pct(_ d: Double?) -> String { DisplayFormat.percent(d) }

    /// The key figures, the waste trend and its chart, the Sankey diagram and the table by category.
    static func waste(_ r: CircularityReport, trend: [WasteReport]) throws(PageTemplateError) -> [String: Any] {
        let w = r.waste, all = w.all, c = r.collection.total
        return [
            "title": "Circularity data book · FY\(r.fiscalYear)",
            "fiscalYear": r.fiscalYear,
            "trendFrom": trend.first?.fiscalYear ?? r.fiscalYear,
            "kpis": [
                ["label": "Waste generated", "value": t(all.totalT)],
                ["label": "Waste recycling rate", "value": pct(all.recyclingRate)],
                ["label": "Landfill rate", "value": DisplayFormat.percent(all.landfillRate, decimals: 2)],
                ["label": "Collected products", "value": t(c.collectedT)],
                ["label": "Collection recycling rate", "value": pct(c.recyclingRate)],
                ["label": "Resource-reuse rate", "value": pct(c.resourceReuseRate)]
            ],
            "trendChart": try CircularityCharts.wasteTrend(trend),
            "sankey": try CircularityCharts.wasteSankey(w),
            "trend": trend.map { y -> [String: Any] in
                let a = y.all
                return [
                    "year": y.fiscalYear, "total": t(a.totalT), "general": t(y[.general].totalT), "industrial": t(y[.industrial].totalT),
                    "special": t(y[.speciallyControlledIndustrial].totalT), "overseas": t(y[.overseas].totalT),
                    "recycled": t(a.recycledT), "rate": pct(a.recyclingRate), "current": y.fiscalYear == r.fiscalYear
                ]
            },
            "categories": WasteReport.Category.allCases.map { cat -> [String: Any] in
                let f = w[cat]
                return [
                    "name": CircularityCharts.label(cat), "total": t(f.totalT), "material": t(f.materialRecycledT),
                    "materialRate": pct(f.materialRecyclingRate), "thermal": t(f.thermalRecycledT),
                    "thermalRate": pct(f.thermalRecyclingRate), "rate": pct(f.recyclingRate), "landfill": t(f.landfillT)
                ]
            },
            "hasWaste": !w.isEmpty
        ]
    }

    /// Collected products by product type, and where the figures come from.
    static func collection(_ r: CircularityReport) -> [String: Any] {
        let c = r.collection.total
        return [
            "hasCollection": !r.collection.isEmpty,
            "collectionSource": r.collectionSource == .trace ? "captured trace events" : "imported records (collection.csv)",
            "collection": r.collection.byProductType.keys.sorted().map { type -> [String: Any] in
                let f = r.collection.byProductType[type]!
                return [
                    "type": type, "collected": t(f.collectedT), "reused": t(f.reusedT), "partsReused": t(f.partsReusedT),
                    "material": t(f.materialRecycledT), "thermal": t(f.thermalRecycledT), "disposed": t(f.disposedT),
                    "rate": pct(f.recyclingRate), "reuseRate": pct(f.resourceReuseRate)
                ]
            },
            "collectionTotal": [
                "collected": t(c.collectedT), "reused": t(c.reusedT), "partsReused": t(c.partsReusedT),
                "material": t(c.materialRecycledT), "thermal": t(c.thermalRecycledT), "disposed": t(c.disposedT),
                "rate": pct(c.recyclingRate), "reuseRate": pct(c.resourceReuseRate)
            ],
            "collectionIssues": r.collectionIssues.prefix(20).map { $0 },
            "plastic": r.plasticWaste.map { p -> [String: Any] in
                [
                    "scope": p.scope, "mass": t(p.massT),
                    "perSales": p.perSales.map { DisplayFormat.number($0 * 1000, decimals: 3) + " kg per million JPY" } ?? "—"
                ]
            },
            "hasPlastic": !r.plasticWaste.isEmpty
        ]
    }

    /// Targets against results, and the PRTR substances.
    static func targetsAndPRTR(_ r: CircularityReport) -> [String: Any] {
        [
            "hasTargets": !r.targets.isEmpty,
            "targets": r.targets.map { e -> [String: Any] in
                let unit = e.target.indicator == .wasteRecyclingRate ? " pt" : "%"
                return [
                    "indicator": e.target.indicator.rawValue.replacingOccurrences(of: "_", with: " "), "scope": e.target.scope,
                    "basis": e.target.basis == .perSales ? "per net sales" : "absolute",
                    "base": e.target.baseYear, "targetYear": e.target.targetYear,
                    "target": DisplayFormat.number(e.target.targetChangePct, decimals: 1) + unit,
                    "actual": e.actualChangePct.map { DisplayFormat.number($0, decimals: 1) + unit } ?? "—",
                    "mark": e.met.map { $0 ? "✔ met" : "✘ not met" } ?? "— no data",
                    "markClass": e.met.map { $0 ? "met" : "missed" } ?? "unknown",
                    "missing": e.missing.joined(separator: "; ")
                ]
            },
            "hasPRTR": !r.prtr.substances.isEmpty,
            "prtr": r.prtr.substances.map { s -> [String: Any] in prtrRow(s.name, s.cas, s.figures) },
            "prtrTotal": prtrRow("Total", "", r.prtr.total),
            "prtrUnbalanced": r.prtr.unbalanced.map { u -> [String: Any] in
                [
                    "site": u.site, "substance": u.substance, "cas": u.cas, "handled": DisplayFormat.number(u.handledKg, decimals: 1),
                    "outputs": DisplayFormat.number(u.outputsKg, decimals: 1)
                ]
            }
        ]
    }

    package static func prtrRow(_ name: String, _ cas: String, _ f: PRTRReport.Figures) -> [String: Any] {
        func kg(_ d: Double) -> String { DisplayFormat.number(d, decimals: 1) }
        return [
            "name": name, "cas": cas, "handled": kg(f.handledKg), "consumed": kg(f.consumedKg), "recycled": kg(f.recycledKg),
            "air": kg(f.emittedAirKg), "water": kg(f.emittedWaterKg), "transferred": kg(f.transferredWasteKg), "treated": kg(f.treatedKg)
        ]
    }
}
