import Foundation
package import JunkanCore

/// The data book's charts as inline SVG, drawn on the server (no script): they scale to the page's width through their
/// viewBox, and each carries a title and a description for screen readers.
package enum CircularityCharts {
    package static let categoryColours: [WasteReport.Category: String] = [
        .general: "#4e79a7", .industrial: "#f28e2b", .speciallyControlledIndustrial: "#e15759", .overseas: "#59a14f"
    ]
    package static let treatmentColours: [WasteTreatment: String] = [
        .reuse: "#76b7b2", .materialRecycling: "#59a14f", .thermalRecycling: "#edc948", .incineration: "#b07aa1",
        .landfill: "#9c755f", .otherDisposal: "#bab0ac"
    ]

    package static func label(_ c: WasteReport.Category) -> String {
        switch c {
        case .general: "General"
        case .industrial: "Industrial"
        case .speciallyControlledIndustrial: "Specially controlled"
        case .overseas: "Overseas"
        }
    }

    package static func label(_ t: WasteTreatment) -> String {
        switch t {
        case .reuse: "Reuse"
        case .materialRecycling: "Material recycling"
        case .thermalRecycling: "Thermal recycling"
        case .incineration: "Incineration"
        case .landfill: "Landfill"
        case .otherDisposal: "Other disposal"
        }
    }

    /// A step of 1, 2 or 5 × 10ⁿ that splits `max` into at most five intervals.
    package static func tickStep(_ max: Double) -> Double {
        guard max > 0 else { return 1 }
        let raw = max / 5
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        for m in [1.0, 2, 5, 10] where m * magnitude >= raw { return m * magnitude }
        return 10 * magnitude
    }

    /// A coordinate: one decimal is finer than any screen needs.
    package static func f(_ d: Double) -> String { String(format: "%.1f", d) }

    /// Waste by category per fiscal year as stacked bars, with the recycling rate as a line on a 0–100% axis
    /// (`chart-waste-trend.mustache`).
    package static func wasteTrend(_ years: [WasteReport]) throws(PageTemplateError) -> String {
        let width = 640.0, height = 300.0, left = 64.0, right = 48.0, top = 16.0, bottom = 72.0
        let plotW = width - left - right, plotH = height - top - bottom
        let maxTotal = years.map { $0.all.totalT }.max() ?? 0
        let step = tickStep(maxTotal)
        let axisMax = max(step, (maxTotal / step).rounded(.up) * step)
        let slot = plotW / Double(max(years.count, 1))
        let barW = min(48, slot * 0.6)
        var ticks: [[String: Any]] = []
        var tick = 0.0
        while tick <= axisMax + step / 2 {
            let y = top + plotH - tick / axisMax * plotH
            ticks.append(["x1": f(left), "x2": f(left + plotW), "y": f(y), "textX": f(left - 6), "textY": f(y + 4), "label": DisplayFormat.number(tick)])
            tick += step
        }
        let percentTicks = stride(from: 0, through: 100, by: 25).map { pct -> [String: Any] in
            ["x": f(left + plotW + 6), "y": f(top + plotH - Double(pct) / 100 * plotH + 4), "label": pct]
        }
        var points: [(x: String, y: String)] = []
        let bars = years.enumerated().map { i, w -> [String: Any] in
            let x = left + slot * (Double(i) + 0.5)
            var y = top + plotH
            var stack: [[String: Any]] = []
            for c in WasteReport.Category.allCases {
                let t = w[c].totalT
                guard t > 0 else { continue }
                let h = t / axisMax * plotH
                y -= h
                stack.append([
                    "x": f(x - barW / 2), "y": f(y), "width": f(barW), "height": f(h), "colour": categoryColours[c]!, "label": label(c),
                    "tonnes": DisplayFormat.tonnes(t)
                ])
            }
            if let rate = w.all.recyclingRate { points.append((f(x), f(top + plotH - rate * plotH))) }
            return ["x": f(x), "labelY": f(top + plotH + 16), "year": w.fiscalYear, "bars": stack]
        }
        // Legend, in two rows below the axis so it fits a phone's width.
        var lx = left, ly = height - 30
        var legend: [[String: Any]] = []
        for (i, c) in WasteReport.Category.allCases.enumerated() {
            if i == 3 { lx = left; ly += 16 }
            legend.append(["x": f(lx), "boxY": f(ly - 9), "colour": categoryColours[c]!, "textX": f(lx + 14), "y": f(ly), "label": label(c)])
            lx += 150
        }
        var context: [String: Any] = [
            "width": Int(width), "height": Int(height), "ticks": ticks, "percentTicks": percentTicks, "middle": f(top + plotH / 2),
            "years": bars, "legend": legend,
            "rateLegend": ["x1": f(lx), "x2": f(lx + 18), "lineY": f(ly - 4), "textX": f(lx + 24), "y": f(ly)]
        ]
        if !points.isEmpty {
            context["rate"] = [
                "points": points.map { "\($0.x),\($0.y)" }.joined(separator: " "), "dots": points.map { ["x": $0.x, "y": $0.y] }
            ]
        }
        return try PageTemplates.render(context, "chart-waste-trend")
    }

    /// Waste flows of one year from the four categories (left) to the treatments (right), band widths proportional
    /// to tonnes (`chart-waste-sankey.mustache`).
    package static func wasteSankey(_ w: WasteReport) throws(PageTemplateError) -> String {
        let width = 640.0, height = 340.0, top = 10.0, gap = 10.0, nodeW = 12.0
        let leftX = 150.0, rightX = width - 150.0 - nodeW
        let categories = WasteReport.Category.allCases.filter { w[$0].totalT > 0 }
        let all = w.all
        let treatments = WasteTreatment.allCases.filter { all[$0] > 0 }
        var context: [String: Any] = ["width": Int(width), "height": Int(height), "fiscalYear": w.fiscalYear]
        let total = all.totalT
        guard total > 0 else {
            context["empty"] = ["x": f(width / 2), "y": f(height / 2)]
            return try PageTemplates.render(context, "chart-waste-sankey")
        }
        let usable = height - 2 * top - gap * Double(max(categories.count, treatments.count) - 1)
        let scale = usable / total
        func positions(_ masses: [Double]) -> [Double] {
            var y = top, out: [Double] = []
            for m in masses { out.append(y); y += m * scale + gap }
            return out
        }
        let leftY = positions(categories.map { w[$0].totalT })
        let rightY = positions(treatments.map { all[$0] })
        var leftOffset = Array(repeating: 0.0, count: categories.count)
        var rightOffset = Array(repeating: 0.0, count: treatments.count)
        let mid = f((leftX + nodeW + rightX) / 2)
        var bands: [[String: Any]] = []
        for (ti, t) in treatments.enumerated() {
            for (ci, c) in categories.enumerated() {
                let m = w[c][t]
                guard m > 0 else { continue }
                let h = m * scale
                let y0 = leftY[ci] + leftOffset[ci], y1 = rightY[ti] + rightOffset[ti]
                leftOffset[ci] += h; rightOffset[ti] += h
                bands.append([
                    "x0": f(leftX + nodeW), "x1": f(rightX), "y0": f(y0), "y1": f(y1), "y0h": f(y0 + h), "y1h": f(y1 + h), "mid": mid,
                    "colour": categoryColours[c]!, "from": label(c), "to": label(t), "tonnes": DisplayFormat.tonnes(m)
                ])
            }
        }
        context["bands"] = bands
        context["sources"] = categories.enumerated().map { ci, c -> [String: Any] in
            let h = w[c].totalT * scale
            return [
                "x": f(leftX), "y": f(leftY[ci]), "width": f(nodeW), "height": f(max(h, 1)), "colour": categoryColours[c]!, "textX": f(leftX - 6),
                "labelY": f(leftY[ci] + h / 2 - 2), "tonnesY": f(leftY[ci] + h / 2 + 11), "label": label(c), "tonnes": DisplayFormat.tonnes(w[c].totalT)
            ]
        }
        context["treatments"] = treatments.enumerated().map { ti, t -> [String: Any] in
            let h = all[t] * scale
            return [
                "x": f(rightX), "y": f(rightY[ti]), "width": f(nodeW), "height": f(max(h, 1)), "colour": treatmentColours[t]!,
                "textX": f(rightX + nodeW + 6), "labelY": f(rightY[ti] + h / 2 - 2), "tonnesY": f(rightY[ti] + h / 2 + 11), "label": label(t),
                "tonnes": DisplayFormat.tonnes(all[t])
            ]
        }
        return try PageTemplates.render(context, "chart-waste-sankey")
    }
}
