import Foundation
package import JunkanCore

/// The passport as a page for a phone (server-side HTML, no script): key figures first, then composition, footprint,
/// substances, durability, end of life and the trail, with charts as inline SVG. Written from a redacted passport
/// only; withheld fields are named, never shown. The markup is `passport.mustache` and its partials; this type only
/// says what goes in (formatted, not escaped: the templates escape).
package enum PassportPage {
    package static func html(_ p: Passport, resolverURL: String, passportURL: String) throws(PageTemplateError) -> String {
        var context: [String: Any] = [
            "title": p.identity.name, "name": p.identity.name, "granularity": p.granularity.rawValue,
            "identity": identityRows(p), "passportURL": passportURL, "resolverURL": resolverURL,
            "qr": (try? QRCode(text: resolverURL))?.svg(title: "QR code of \(resolverURL)") ?? ""
        ]
        if let d = p.identity.description { context["description"] = d }
        let kpis = kpis(p)
        if !kpis.isEmpty {
            context["hasKpis"] = true
            context["kpis"] = kpis
        }
        if !p.materials.isEmpty { context["materials"] = materials(p) }
        context.merge(sustainability(p)) { a, _ in a }
        if let s = p.substances { context["substances"] = substances(s) }
        if let c = p.substanceCompliance { context["compliance"] = compliance(c, publicByLaw: p.substancesPublicByLaw) }
        if p.durability != nil || p.endOfLife != nil { context["care"] = ["facts": care(p)] }
        if let t = p.trail { context["trail"] = ["entries": t.map(trailEntry)] }
        if !p.withheld.isEmpty {
            context["withheld"] = [
                "level": p.level.rawValue,
                "fields": p.withheld.enumerated().map { i, f -> [String: Any] in ["name": f.rawValue, "first": i == 0] }
            ]
        }
        return try PageTemplates.render(context, "passport")
    }

    package static func percent(_ x: Double) -> String { String(format: "%.1f %%", x * 100) }
    package static func number(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }

    static func kpis(_ p: Passport) -> [[String: Any]] {
        var items: [(String, String)] = []
        if let c = p.carbon {
            if let total = c.kgCO2e { items.append((number(total, 1) + " kg", p.granularity == .lot ? "CO2e for the lot" : "CO2e cradle-to-gate")) }
            items.append((number(c.kgCO2ePerKg) + " kg", "CO2e per kg"))
        }
        if let r = p.circularity?.recycledContent { items.append((percent(r.preConsumer + r.postConsumer), "recycled content")) }
        if let s = p.durability?.repairabilityScore { items.append((number(s, 1) + " / 10", "repairability")) }
        if let y = p.durability?.expectedLifetimeYears { items.append((number(y, 0) + " years", "expected lifetime")) }
        return items.map { ["value": $0.0, "label": $0.1] }
    }

    static func identityRows(_ p: Passport) -> [[String: Any]] {
        var rows: [(String, String)] = [("GTIN", p.identity.gtin)]
        if let s = p.identity.serial { rows.append(("Serial number", s)) }
        if let l = p.identity.lot { rows.append(("Lot", l)) }
        rows.append(("Maker", p.identity.maker.name + (p.identity.maker.gln.map { " (GLN \($0))" } ?? "")))
        if let d = p.identity.productionDate { rows.append(("Produced", d)) }
        if let s = p.identity.productionSite {
            rows.append(("Site", [p.identity.productionSiteName, p.identity.productionSiteAddress, s].compactMap { $0 }.joined(separator: " — ")))
        }
        if let c = p.identity.countryOfProduction { rows.append(("Country", c)) }
        return rows.map { ["label": $0.0, "value": $0.1] }
    }

    package static let colours = (post: "#1b7f3b", pre: "#7cc48f", virgin: "#c9d1dd")

    /// One bar per part (its share of the mass, split into post-consumer, pre-consumer and virgin material), and the
    /// table of parts with the columns some part has a value for.
    static func materials(_ p: Passport) -> [String: Any] {
        let rowHeight = 34, width = 400
        var out: [String: Any] = [:]
        if p.materials.contains(where: { $0.massFraction != nil }) {
            let rows = p.materials.enumerated().map { i, m -> [String: Any] in
                let y = i * rowHeight
                let fraction = m.massFraction ?? 0
                let barWidth = Double(width - 10) * fraction
                let post = m.recycledContent?.postConsumer ?? 0, pre = m.recycledContent?.preConsumer ?? 0
                var x = 0.0
                var bars: [[String: Any]] = []
                for (share, colour) in [(post, colours.post), (pre, colours.pre), (1 - post - pre, colours.virgin)] where share > 0 && fraction > 0 {
                    let w = barWidth * share
                    bars.append(["x": number(x, 1), "y": y + 16, "width": number(max(w, 0.5), 1), "colour": colour])
                    x += w
                }
                let label = "\(m.part) · \(m.material)" + (m.massFraction.map { " · " + percent($0) } ?? "")
                return ["textY": y + 12, "label": label, "bars": bars]
            }
            out["chart"] = [
                "width": width, "height": p.materials.count * rowHeight, "rows": rows,
                "post": colours.post, "pre": colours.pre, "virgin": colours.virgin
            ]
        }
        let cols: [(String, (Passport.Material) -> String?)] = [
            ("Grade", { $0.grade }), ("Mass", { $0.massKg.map { number($0, 3) + " kg" } }), ("Share", { $0.massFraction.map(percent) }),
            ("Recycled", { $0.recycledContent.map(recycledText) }),
            ("Chain of custody", { $0.chainOfCustody?.rawValue }), ("Supplier", { $0.supplier }), ("Lot", { $0.lot })
        ].filter { col in p.materials.contains { col.1($0) != nil } }
        out["columns"] = ["Part", "Material"] + cols.map(\.0)
        out["rows"] = p.materials.map { m -> [String: Any] in ["cells": [m.part, m.material] + cols.map { $0.1(m) ?? "–" }] }
        return out
    }

    static func recycledText(_ r: LotDeclaration.RecycledContent) -> String {
        percent(r.preConsumer + r.postConsumer) + (r.postConsumer > 0 ? " (post " + percent(r.postConsumer) + ")" : "")
    }

    /// The footprint (with a bar per step) and the recycled content and collection figures.
    static func sustainability(_ p: Passport) -> [String: Any] {
        var out: [String: Any] = [:]
        if let c = p.carbon {
            var carbon: [String: Any] = [
                "perKg": number(c.kgCO2ePerKg), "unit": p.granularity == .lot ? "lot" : "product", "primary": percent(c.primaryDataShare),
                "method": c.method
            ]
            if let total = c.kgCO2e { carbon["total"] = number(total, 1) }
            if let steps = c.byStep, !steps.isEmpty { carbon["steps"] = stepChart(steps) }
            out["carbon"] = carbon
        } else {
            out["noCarbon"] =
                p.granularity == .model
                ? "Footprints are computed per item and lot, from their own trail." : "No footprint: this product is not traced step by step."
        }
        if let k = p.circularity {
            let r = k.recycledContent
            var circularity: [String: Any] = [
                "recycled": percent(r.preConsumer + r.postConsumer), "post": percent(r.postConsumer), "pre": percent(r.preConsumer),
                "postWidth": number(400 * r.postConsumer, 1), "preWidth": number(400 * r.preConsumer, 1),
                "postColour": colours.post, "preColour": colours.pre, "virginColour": colours.virgin
            ]
            if let y = k.fiscalYear, let t = k.productType {
                var collection: [String: Any] = ["productType": t, "fiscalYear": y, "collected": number(k.collectedTonnes ?? 0, 1)]
                if let rate = k.recyclingRate { collection["rate"] = percent(rate) }
                if let reuse = k.resourceReuseRate { collection["reuse"] = percent(reuse) }
                circularity["collection"] = collection
            }
            out["circularity"] = circularity
        }
        return out
    }

    /// Horizontal bars, one per step, scaled to the largest contribution.
    static func stepChart(_ steps: [Passport.StepContribution]) -> [String: Any] {
        let top = max(steps.map { abs($0.kgCO2ePerKg) }.max() ?? 1, 1e-9)
        let bars = steps.enumerated().map { i, step -> [String: Any] in
            [
                "textY": i * 34 + 12, "y": i * 34 + 16, "label": "\(step.label) · \(number(step.kgCO2ePerKg, 3)) kg CO2e/kg",
                "width": number(max(390 * abs(step.kgCO2ePerKg) / top, 0.5), 1)
            ]
        }
        return ["height": steps.count * 34, "bars": bars]
    }

    static func compliance(_ c: Passport.Compliance, publicByLaw: String?) -> [String: Any] {
        var context: [String: Any] = [
            "checkedOn": c.checkedOn, "hasFound": !c.found.isEmpty,
            "lists": c.lists.map { l -> [String: Any] in
                [
                    "name": l.name, "version": l.version, "date": l.date, "isExcerpt": l.isExcerpt, "status": l.status, "failing": l.failing,
                    "duties": l.duties
                ]
            },
            "found": c.found.map { f -> [String: Any] in
                [
                    "name": f.name, "cas": f.cas ?? "–", "concentration": number(f.concentration * 100, 4),
                    "where": f.article + (f.material.map { " › " + $0 } ?? ""), "rule": f.list + ": " + f.entry
                ]
            }
        ]
        if let publicByLaw { context["publicByLaw"] = publicByLaw }
        return context
    }

    static func substances(_ list: [ProductClass.SubstanceOfConcern]) -> [String: Any] {
        guard !list.isEmpty else { return ["none": true] }
        return [
            "none": false,
            "rows": list.map { s -> [String: Any] in
                ["name": s.name, "cas": s.cas ?? "–", "concentration": number(s.concentrationPercent, 3), "location": s.location]
            }
        ]
    }

    static func care(_ p: Passport) -> [[String: Any]] {
        var facts: [[String: Any]] = []
        func fact(_ label: String, _ value: String, link: String? = nil) {
            var f: [String: Any] = ["label": label, "value": value]
            if let link { f["link"] = link }
            facts.append(f)
        }
        if let d = p.durability {
            if let y = d.expectedLifetimeYears { fact("Expected lifetime", "\(number(y, 0)) years") }
            if let y = d.warrantyYears { fact("Warranty", "\(number(y, 0)) years") }
            if let y = d.sparePartsYears { fact("Spare parts", "for \(number(y, 0)) years") }
            if let r = d.repairabilityScore { fact("Repairability", "\(number(r, 1)) / 10") }
            if let u = d.repairInformation { fact("Repair", u, link: u) }
        }
        if let eol = p.endOfLife {
            fact("End of life", eol.instructions)
            for t in eol.takeBack { fact("Take-back", t.name, link: t.url) }
        }
        return facts
    }

    static func trailEntry(_ t: Passport.TrailEntry) -> [String: Any] {
        var entry: [String: Any] = ["when": Passport.isoTime(t.eventTime), "what": t.what, "eventHash": t.eventHash, "proved": t.logProof != nil]
        if let s = t.site { entry["site"] = t.siteName.map { "\($0) (\(s))" } ?? s }
        entry["recordedBy"] = t.organisation ?? (t.byMaker ? "the maker" : "another organisation")
        if !t.byMaker { entry["others"] = true }
        if let n = t.node { entry["node"] = n }
        return entry
    }
}
