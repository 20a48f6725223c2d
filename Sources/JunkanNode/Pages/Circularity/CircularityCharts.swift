import Foundation
import JunkanCore

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

    /// Waste by category per fiscal year as stacked bars, with the recycling rate as a line on a 0–100% axis.
    package static func wasteTrend(_ years: [WasteReport]) -> String {
        let width = 640.0, height = 300.0, left = 64.0, right = 48.0, top = 16.0, bottom = 72.0
        let plotW = width - left - right, plotH = height - top - bottom
        let maxTotal = years.map { $0.all.totalT }.max() ?? 0
        let step = tickStep(maxTotal)
        let axisMax = max(step, (maxTotal / step).rounded(.up) * step)
        let slot = plotW / Double(max(years.count, 1))
        let barW = min(48, slot * 0.6)
        var svg = """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="trend-title trend-desc" xmlns="http://www.w3.org/2000/svg">
            <title id="trend-title">Waste by category per fiscal year, with the recycling rate</title>
            <desc id="trend-desc">Stacked bars: tonnes of general, industrial, specially controlled industrial and overseas waste; line: recycling rate in percent.</desc>

            """
        var tick = 0.0
        while tick <= axisMax + step / 2 {
            let y = top + plotH - tick / axisMax * plotH
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(left + plotW))\" y1=\"\(f(y))\" y2=\"\(f(y))\" class=\"grid\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\" class=\"axis\">\(DisplayFormat.number(tick))</text>\n"
            tick += step
        }
        for pct in stride(from: 0, through: 100, by: 25) {
            let y = top + plotH - Double(pct) / 100 * plotH
            svg += "<text x=\"\(f(left + plotW + 6))\" y=\"\(f(y + 4))\" class=\"axis\">\(pct)%</text>\n"
        }
        svg +=
            "<text x=\"12\" y=\"\(f(top + plotH / 2))\" transform=\"rotate(-90 12 \(f(top + plotH / 2)))\" text-anchor=\"middle\" class=\"axis\">tonnes</text>\n"
        var line: [String] = []
        for (i, w) in years.enumerated() {
            let x = left + slot * (Double(i) + 0.5)
            var y = top + plotH
            for c in WasteReport.Category.allCases {
                let t = w[c].totalT
                guard t > 0 else { continue }
                let h = t / axisMax * plotH
                y -= h
                svg +=
                    "<rect x=\"\(f(x - barW / 2))\" y=\"\(f(y))\" width=\"\(f(barW))\" height=\"\(f(h))\" fill=\"\(categoryColours[c]!)\">"
                    + "<title>FY\(w.fiscalYear) \(label(c)): \(DisplayFormat.tonnes(t))</title></rect>\n"
            }
            svg += "<text x=\"\(f(x))\" y=\"\(f(top + plotH + 16))\" text-anchor=\"middle\" class=\"axis\">FY\(w.fiscalYear)</text>\n"
            if let rate = w.all.recyclingRate { line.append("\(f(x)),\(f(top + plotH - rate * plotH))") }
        }
        if !line.isEmpty {
            svg += "<polyline points=\"\(line.joined(separator: " "))\" class=\"rate\"/>\n"
            for p in line {
                let xy = p.split(separator: ",")
                svg += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"3.5\" class=\"rate-point\"/>\n"
            }
        }
        // Legend, in two rows below the axis so it fits a phone's width.
        var lx = left, ly = height - 30
        for (i, c) in WasteReport.Category.allCases.enumerated() {
            if i == 3 { lx = left; ly += 16 }
            svg +=
                "<rect x=\"\(f(lx))\" y=\"\(f(ly - 9))\" width=\"10\" height=\"10\" fill=\"\(categoryColours[c]!)\"/>"
                + "<text x=\"\(f(lx + 14))\" y=\"\(f(ly))\" class=\"legend\">\(label(c))</text>\n"
            lx += 150
        }
        svg +=
            "<line x1=\"\(f(lx))\" x2=\"\(f(lx + 18))\" y1=\"\(f(ly - 4))\" y2=\"\(f(ly - 4))\" class=\"rate\"/>"
            + "<text x=\"\(f(lx + 24))\" y=\"\(f(ly))\" class=\"legend\">Recycling rate</text>\n"
        return svg + "</svg>"
    }

    /// Waste flows of one year from the four categories (left) to the treatments (right), band widths proportional
    /// to tonnes.
    package static func wasteSankey(_ w: WasteReport) -> String {
        let width = 640.0, height = 340.0, top = 10.0, gap = 10.0, nodeW = 12.0
        let leftX = 150.0, rightX = width - 150.0 - nodeW
        let categories = WasteReport.Category.allCases.filter { w[$0].totalT > 0 }
        let all = w.all
        let treatments = WasteTreatment.allCases.filter { all[$0] > 0 }
        var svg = """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="sankey-title sankey-desc" xmlns="http://www.w3.org/2000/svg">
            <title id="sankey-title">Waste of fiscal year \(w.fiscalYear) from category to treatment</title>
            <desc id="sankey-desc">Each band joins a waste category to a treatment; its width is proportional to the tonnes.</desc>

            """
        let total = all.totalT
        guard total > 0 else {
            return svg + "<text x=\"\(f(width / 2))\" y=\"\(f(height / 2))\" text-anchor=\"middle\" class=\"axis empty\">No waste recorded</text></svg>"
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
        let mid = (leftX + nodeW + rightX) / 2
        for (ti, t) in treatments.enumerated() {
            for (ci, c) in categories.enumerated() {
                let m = w[c][t]
                guard m > 0 else { continue }
                let h = m * scale
                let y0 = leftY[ci] + leftOffset[ci], y1 = rightY[ti] + rightOffset[ti]
                leftOffset[ci] += h; rightOffset[ti] += h
                let x0 = leftX + nodeW, x1 = rightX
                svg +=
                    "<path d=\"M\(f(x0)),\(f(y0)) C\(f(mid)),\(f(y0)) \(f(mid)),\(f(y1)) \(f(x1)),\(f(y1)) L\(f(x1)),\(f(y1 + h)) "
                    + "C\(f(mid)),\(f(y1 + h)) \(f(mid)),\(f(y0 + h)) \(f(x0)),\(f(y0 + h)) Z\" fill=\"\(categoryColours[c]!)\" class=\"band\">"
                    + "<title>\(label(c)) → \(label(t)): \(DisplayFormat.tonnes(m))</title></path>\n"
            }
        }
        for (ci, c) in categories.enumerated() {
            let h = w[c].totalT * scale
            svg +=
                "<rect x=\"\(f(leftX))\" y=\"\(f(leftY[ci]))\" width=\"\(f(nodeW))\" height=\"\(f(max(h, 1)))\" fill=\"\(categoryColours[c]!)\"/>"
                + "<text x=\"\(f(leftX - 6))\" y=\"\(f(leftY[ci] + h / 2 - 2))\" text-anchor=\"end\" class=\"legend\">\(label(c))</text>"
                + "<text x=\"\(f(leftX - 6))\" y=\"\(f(leftY[ci] + h / 2 + 11))\" text-anchor=\"end\" class=\"axis\">\(DisplayFormat.tonnes(w[c].totalT))</text>\n"
        }
        for (ti, t) in treatments.enumerated() {
            let h = all[t] * scale
            svg +=
                "<rect x=\"\(f(rightX))\" y=\"\(f(rightY[ti]))\" width=\"\(f(nodeW))\" height=\"\(f(max(h, 1)))\" fill=\"\(treatmentColours[t]!)\"/>"
                + "<text x=\"\(f(rightX + nodeW + 6))\" y=\"\(f(rightY[ti] + h / 2 - 2))\" class=\"legend\">\(label(t))</text>"
                + "<text x=\"\(f(rightX + nodeW + 6))\" y=\"\(f(rightY[ti] + h / 2 + 11))\" class=\"axis\">\(DisplayFormat.tonnes(all[t]))</text>\n"
        }
        return svg + "</svg>"
    }
}
