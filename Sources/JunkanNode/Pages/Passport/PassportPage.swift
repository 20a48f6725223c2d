import Foundation
import JunkanCore

/// The passport as a page for a phone (server-side HTML, no script): key figures first, then composition, footprint,
/// substances, durability, end of life and the trail, with charts as inline SVG. Written from a redacted passport
/// only; withheld fields are named, never shown.
package enum PassportPage {
    package static func html(_ p: Passport, resolverURL: String, passportURL: String) throws(PageTemplateError) -> String {
        let e = HTMLText.escape
        let title = e(p.identity.name)
        var body = ""
        body += "<header><p class=\"kind\">Digital product passport · \(p.granularity.rawValue)</p><h1>\(title)</h1>"
        if let d = p.identity.description { body += "<p class=\"lead\">\(e(d))</p>" }
        body += "</header>"
        body += kpis(p)
        body += identity(p, resolverURL: resolverURL)
        if !p.materials.isEmpty { body += materials(p) }
        body += sustainability(p)
        if let s = p.substances { body += substances(s) }
        if p.durability != nil || p.endOfLife != nil { body += care(p) }
        if let t = p.trail { body += trail(t) }
        if !p.withheld.isEmpty {
            body +=
                "<section><h2>Restricted information</h2><p class=\"note\">This view (\(p.level.rawValue)) does not show: "
                + p.withheld.map { "<code>\(e($0.rawValue))</code>" }.joined(separator: ", ")
                + ". Market authorities and the maker see more with their access token.</p></section>"
        }
        body += """
            <footer><p class="note">Other forms: <a href="\(e(passportURL))?format=json">JSON</a> ·
            <a href="\(e(passportURL))?format=ld%2Bjson">verifiable credential (JSON-LD)</a> ·
            <a href="\(e(passportURL))?format=vc%2Bjwt">signed credential (VC-JWT)</a> ·
            <a href="\(e(resolverURL))?linkType=all">links (linkset)</a>.
            Every trail event is in this node's verifiable log; <code>junkan verify-passport</code> checks a saved credential offline.</p></footer>
            """
        // The shared start ends with a newline as a template line; this page continues its <style> on the same line.
        var head = try PageTemplates.render(["title": p.identity.name], "page-head")
        if head.hasSuffix("\n") { head.removeLast() }
        return head + style + "</style>\n</head>\n<body><main>" + body + "</main></body></html>\n"
    }

    package static let style = """
        header .kind { color: var(--muted); text-transform: uppercase; letter-spacing: .05em; font-size: .75rem; margin: 0; }
        dl.facts { display: grid; grid-template-columns: minmax(0, 9rem) minmax(0, 1fr); gap: 4px 12px; margin: 0; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; overflow-wrap: anywhere; }
        .qr { margin: 12px 0 0; display: flex; align-items: center; gap: 12px; }
        .qr svg { width: 112px; height: 112px; flex: none; }
        svg.chart { width: 100%; max-width: 560px; height: auto; display: block; margin: 8px 0; }
        .legend { font-size: .85rem; color: var(--muted); }
        .legend span { display: inline-block; width: .8em; height: .8em; margin: 0 .3em 0 .8em; vertical-align: -.05em; }
        ol.trail { list-style: none; padding: 0; margin: 0; }
        ol.trail li { border-left: 3px solid var(--line); padding: 4px 0 8px 12px; }
        ol.trail .when { color: var(--muted); font-size: .85rem; }
        code.hash { font-size: .75rem; overflow-wrap: anywhere; color: var(--muted); }
        .proof { color: var(--met); font-size: .85rem; }
        footer { margin-top: 2rem; }
        """

    package static func percent(_ x: Double) -> String { String(format: "%.1f %%", x * 100) }
    package static func number(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }

    package static func kpis(_ p: Passport) -> String {
        var items: [(String, String)] = []
        if let c = p.carbon {
            if let total = c.kgCO2e { items.append((number(total, 1) + " kg", p.granularity == .lot ? "CO2e for the lot" : "CO2e cradle-to-gate")) }
            items.append((number(c.kgCO2ePerKg) + " kg", "CO2e per kg"))
        }
        if let r = p.circularity?.recycledContent { items.append((percent(r.preConsumer + r.postConsumer), "recycled content")) }
        if let s = p.durability?.repairabilityScore { items.append((number(s, 1) + " / 10", "repairability")) }
        if let y = p.durability?.expectedLifetimeYears { items.append((number(y, 0) + " years", "expected lifetime")) }
        guard !items.isEmpty else { return "" }
        return "<ul class=\"kpis\">"
            + items.map { "<li><span class=\"value\">\(HTMLText.escape($0.0))</span><span class=\"label\">\($0.1)</span></li>" }.joined() + "</ul>"
    }

    package static func identity(_ p: Passport, resolverURL: String) -> String {
        let e = HTMLText.escape
        var rows: [(String, String)] = [("GTIN", p.identity.gtin)]
        if let s = p.identity.serial { rows.append(("Serial number", s)) }
        if let l = p.identity.lot { rows.append(("Lot", l)) }
        rows.append(("Maker", p.identity.maker.name + (p.identity.maker.gln.map { " (GLN \($0))" } ?? "")))
        if let d = p.identity.productionDate { rows.append(("Produced", d)) }
        if let s = p.identity.productionSite { rows.append(("Site", s)) }
        if let c = p.identity.countryOfProduction { rows.append(("Country", c)) }
        let qr = (try? QRCode(text: resolverURL))?.svg(title: "QR code of \(resolverURL)") ?? ""
        return "<section><h2>Identity</h2><dl class=\"facts\">" + rows.map { "<dt>\(e($0.0))</dt><dd>\(e($0.1))</dd>" }.joined()
            + "</dl><div class=\"qr\">\(qr)<p class=\"note\">Scan to open this passport.</p></div></section>"
    }

    package static let colours = (post: "#1b7f3b", pre: "#7cc48f", virgin: "#c9d1dd")

    /// One bar per part: its share of the mass, split into post-consumer, pre-consumer and virgin material.
    package static func materials(_ p: Passport) -> String {
        let e = HTMLText.escape
        var svg = ""
        let rowHeight = 34, width = 400
        for (i, m) in p.materials.enumerated() {
            let y = i * rowHeight
            let fraction = m.massFraction ?? 0
            let barWidth = Double(width - 10) * fraction
            let post = m.recycledContent?.postConsumer ?? 0, pre = m.recycledContent?.preConsumer ?? 0
            var x = 0.0
            svg +=
                "<text x=\"0\" y=\"\(y + 12)\" font-size=\"13\">\(e(m.part)) · \(e(m.material))"
                + (m.massFraction.map { " · " + percent($0) } ?? "") + "</text>"
            for (share, colour) in [(post, colours.post), (pre, colours.pre), (1 - post - pre, colours.virgin)] where share > 0 && fraction > 0 {
                let w = barWidth * share
                svg += "<rect x=\"\(number(x, 1))\" y=\"\(y + 16)\" width=\"\(number(max(w, 0.5), 1))\" height=\"12\" fill=\"\(colour)\"/>"
                x += w
            }
        }
        let chart =
            p.materials.contains { $0.massFraction != nil }
            ? "<svg class=\"chart\" viewBox=\"0 0 \(width) \(p.materials.count * rowHeight)\" role=\"img\" aria-label=\"Material composition by mass\">\(svg)</svg>"
                + "<p class=\"legend\"><span style=\"background:\(colours.post)\"></span>post-consumer recycled<span style=\"background:\(colours.pre)\"></span>pre-consumer recycled<span style=\"background:\(colours.virgin)\"></span>virgin</p>"
            : ""
        var head = ["Part", "Material"]
        let cols: [(String, (Passport.Material) -> String?)] = [
            ("Grade", { $0.grade }), ("Mass", { $0.massKg.map { number($0, 3) + " kg" } }), ("Share", { $0.massFraction.map(percent) }),
            (
                "Recycled",
                {
                    $0.recycledContent.map {
                        percent($0.preConsumer + $0.postConsumer) + ($0.postConsumer > 0 ? " (post " + percent($0.postConsumer) + ")" : "")
                    }
                }
            ),
            ("Chain of custody", { $0.chainOfCustody?.rawValue }), ("Supplier", { $0.supplier }), ("Lot", { $0.lot })
        ].filter { col in p.materials.contains { col.1($0) != nil } }
        head += cols.map(\.0)
        let rows = p.materials.map { m in
            "<tr><td>\(e(m.part))</td><td>\(e(m.material))</td>" + cols.map { "<td>\(e($0.1(m) ?? "–"))</td>" }.joined() + "</tr>"
        }.joined()
        return "<section><h2>Materials</h2>\(chart)<div class=\"table-wrap\"><table><thead><tr>"
            + head.map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>\(rows)</tbody></table></div></section>"
    }

    package static func sustainability(_ p: Passport) -> String {
        var s = "<section id=\"sustainability\"><h2>Carbon footprint and circularity</h2>"
        if let c = p.carbon {
            s +=
                "<p>Cradle-to-gate: <strong>\(number(c.kgCO2ePerKg)) kg CO2e per kg</strong>"
                + (c.kgCO2e.map { ", \(number($0, 1)) kg CO2e for this \(p.granularity == .lot ? "lot" : "product")" } ?? "")
                + ". Primary data: \(percent(c.primaryDataShare)).</p><p class=\"note\">\(HTMLText.escape(c.method))</p>"
            if let steps = c.byStep, !steps.isEmpty { s += stepChart(steps) }
        } else {
            s +=
                p.granularity == .model
                ? "<p class=\"note\">Footprints are computed per item and lot, from their own trail.</p>"
                : "<p class=\"note\">No footprint: this product is not traced step by step.</p>"
        }
        if let k = p.circularity {
            let r = k.recycledContent
            s +=
                "<p>Recycled content: \(percent(r.preConsumer + r.postConsumer)) (post-consumer \(percent(r.postConsumer)), pre-consumer \(percent(r.preConsumer))).</p>"
            s += recycledBar(r)
            if let y = k.fiscalYear, let t = k.productType {
                s +=
                    "<p>Collection of \(HTMLText.escape(t)) products in fiscal \(y): \(number(k.collectedTonnes ?? 0, 1)) t collected"
                    + (k.recyclingRate.map { ", \(percent($0)) reused or recycled" } ?? "")
                    + (k.resourceReuseRate.map { ", \(percent($0)) back as parts or material" } ?? "") + ".</p>"
            }
        }
        return s + "</section>"
    }

    package static func recycledBar(_ r: LotDeclaration.RecycledContent) -> String {
        let w = 400.0, post = w * r.postConsumer, pre = w * r.preConsumer
        return "<svg class=\"chart\" viewBox=\"0 0 400 16\" role=\"img\" aria-label=\"Recycled share\">"
            + "<rect width=\"400\" height=\"16\" fill=\"\(colours.virgin)\"/>"
            + "<rect width=\"\(number(post, 1))\" height=\"16\" fill=\"\(colours.post)\"/>"
            + "<rect x=\"\(number(post, 1))\" width=\"\(number(pre, 1))\" height=\"16\" fill=\"\(colours.pre)\"/></svg>"
    }

    /// Horizontal bars, one per step, scaled to the largest contribution.
    package static func stepChart(_ steps: [Passport.StepContribution]) -> String {
        let top = max(steps.map { abs($0.kgCO2ePerKg) }.max() ?? 1, 1e-9)
        var svg = ""
        for (i, step) in steps.enumerated() {
            let y = i * 34
            svg += "<text x=\"0\" y=\"\(y + 12)\" font-size=\"13\">\(HTMLText.escape(step.label)) · \(number(step.kgCO2ePerKg, 3)) kg CO2e/kg</text>"
            svg += "<rect x=\"0\" y=\"\(y + 16)\" width=\"\(number(max(390 * abs(step.kgCO2ePerKg) / top, 0.5), 1))\" height=\"12\" fill=\"#3b6fb6\"/>"
        }
        return
            "<h3>Footprint by step</h3><svg class=\"chart\" viewBox=\"0 0 400 \(steps.count * 34)\" role=\"img\" aria-label=\"Footprint by step\">\(svg)</svg>"
    }

    package static func substances(_ list: [ProductClass.SubstanceOfConcern]) -> String {
        let e = HTMLText.escape
        guard !list.isEmpty else { return "<section><h2>Substances of concern</h2><p>None declared above 0.1 % w/w.</p></section>" }
        let rows = list.map {
            "<tr><td>\(e($0.name))</td><td>\(e($0.cas ?? "–"))</td><td>\(number($0.concentrationPercent, 3)) %</td><td>\(e($0.location))</td></tr>"
        }.joined()
        return
            "<section><h2>Substances of concern</h2><div class=\"table-wrap\"><table><thead><tr><th>Substance</th><th>CAS</th><th>Concentration</th><th>Where</th></tr></thead><tbody>\(rows)</tbody></table></div></section>"
    }

    package static func care(_ p: Passport) -> String {
        let e = HTMLText.escape
        var s = "<section><h2>Durability, repair and end of life</h2><dl class=\"facts\">"
        if let d = p.durability {
            if let y = d.expectedLifetimeYears { s += "<dt>Expected lifetime</dt><dd>\(number(y, 0)) years</dd>" }
            if let y = d.warrantyYears { s += "<dt>Warranty</dt><dd>\(number(y, 0)) years</dd>" }
            if let y = d.sparePartsYears { s += "<dt>Spare parts</dt><dd>for \(number(y, 0)) years</dd>" }
            if let r = d.repairabilityScore { s += "<dt>Repairability</dt><dd>\(number(r, 1)) / 10</dd>" }
            if let u = d.repairInformation { s += "<dt>Repair</dt><dd><a href=\"\(e(u))\">\(e(u))</a></dd>" }
        }
        if let eol = p.endOfLife {
            s += "<dt>End of life</dt><dd>\(e(eol.instructions))</dd>"
            for t in eol.takeBack {
                s += "<dt>Take-back</dt><dd>" + (t.url.map { "<a href=\"\(e($0))\">\(e(t.name))</a>" } ?? e(t.name)) + "</dd>"
            }
        }
        return s + "</dl></section>"
    }

    package static func trail(_ entries: [Passport.TrailEntry]) -> String {
        let e = HTMLText.escape
        let items = entries.map { t in
            "<li><div class=\"when\">\(e(Passport.isoTime(t.eventTime)))</div><div><strong>\(e(t.what))</strong>"
                + (t.site.map { " at \(e($0))" } ?? "") + (t.organisation.map { " by \(e($0))" } ?? "") + "</div>"
                + "<code class=\"hash\">\(e(t.eventHash))</code>"
                + (t.logProof != nil ? " <span class=\"proof\">✓ in the log, proof included</span>" : " <span class=\"note\">log proof pending</span>")
                + "</li>"
        }.joined()
        return "<section><h2>Trail</h2><ol class=\"trail\">\(items)</ol></section>"
    }
}
