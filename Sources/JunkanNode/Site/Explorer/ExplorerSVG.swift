import Foundation
import JunkanCore

/// The explorer's picture: lots as boxes coloured by the company that owns their identifier, steps as smaller boxes
/// between them, flows as curves as thick as their mass. Every lot links to its own explorer page (and, where it has one,
/// its passport); every step to its row in the table below. Inline SVG drawn on the server: no script needed to read it.
enum ExplorerSVG {
    /// What a lot box shows, gathered by `ExplorerPage`.
    struct LotView {
        var label: String
        var company: String
        var figures: String
        var footprint: String
        var companyIndex: Int?
        var explore: String
        var passport: String?
        var collapsed: Bool
        var subject: Bool
    }

    struct StepView {
        var label: String
        var date: String
        var anchor: String
        var proofMark: String
    }

    /// Company colours: distinct hues of distinct lightness (readable in grey, with the name in the box as well).
    static let palette = ["#1f5fa8", "#c2570c", "#16805e", "#6a4fb0", "#b3246b", "#4d7a12", "#8a6212", "#4a4a4a"]
    static let slot = 215.0, lotWidth = 196.0, lotHeight = 84.0, stepWidth = 150.0, stepHeight = 48.0, rowHeight = 106.0
    static let top = 30.0

    static func draw(
        _ g: ExplorerGraph, graph: TraceGraph, lots: [LotView], steps: [StepView], title: String, description: String
    ) -> String {
        let first = g.columns.lowerBound
        let rows = max(1, (g.lots.map(\.row) + g.steps.map(\.row)).max().map { $0 + 1 } ?? 1)
        let width = Double(g.columns.count) * slot + 20
        let height = Double(rows) * rowHeight + top + 10
        func x(_ column: Int) -> Double { 10 + Double(column - first) * slot }
        func y(_ row: Int) -> Double { top + Double(row) * rowHeight }
        var out = "<svg class=\"chart explorer\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" "
        out += "width=\"\(n(width))\" height=\"\(n(height))\" role=\"group\" aria-labelledby=\"graph-title graph-desc\">"
        out += "<title id=\"graph-title\">\(escape(title))</title><desc id=\"graph-desc\">\(escape(description))</desc>"
        // Column captions: upstream to the left, downstream to the right.
        for c in g.columns where c % 2 == 0 {
            let caption = c == 0 ? "this lot" : c < 0 ? "\(-c / 2) step\(c == -2 ? "" : "s") upstream" : "\(c / 2) step\(c == 2 ? "" : "s") downstream"
            out += "<text class=\"caption\" x=\"\(n(x(c) + lotWidth / 2))\" y=\"16\" text-anchor=\"middle\">\(caption)</text>"
        }
        // Flows first, under the boxes.
        let maxKg = g.steps.flatMap { s in (graph.steps[s.index].inputs + graph.steps[s.index].outputs).compactMap(\.massKg) }.max() ?? 0
        for (k, s) in g.steps.enumerated() {
            let step = graph.steps[s.index]
            let sx = x(s.column), sy = y(s.row) + stepHeight / 2
            for flow in step.inputs {
                guard let i = g.lotIndex[flow.id] else { continue }
                let lot = g.lots[i]
                out += curve(
                    from: (x(lot.column) + lotWidth, y(lot.row) + lotHeight / 2), to: (sx, sy), kg: flow.massKg, maxKg: maxKg,
                    name: "\(lots[i].label) into \(steps[k].label)")
            }
            for flow in step.outputs {
                guard let i = g.lotIndex[flow.id] else { continue }
                let lot = g.lots[i]
                out += curve(
                    from: (sx + stepWidth, sy), to: (x(lot.column), y(lot.row) + lotHeight / 2), kg: flow.massKg, maxKg: maxKg,
                    name: "\(steps[k].label) made \(lots[i].label)")
            }
        }
        for (k, s) in g.steps.enumerated() {
            let v = steps[k]
            let (sx, sy) = (x(s.column), y(s.row))
            out += "<a href=\"#\(v.anchor)\"><g class=\"step\"><title>\(escape(v.label + ", " + v.date + ", " + v.proofMark))</title>"
            out += "<rect x=\"\(n(sx))\" y=\"\(n(sy))\" width=\"\(n(stepWidth))\" height=\"\(n(stepHeight))\" rx=\"4\"/>"
            out += "<text x=\"\(n(sx + 8))\" y=\"\(n(sy + 19))\" class=\"name\">\(escape(clip(v.label, 20)))</text>"
            out += "<text x=\"\(n(sx + 8))\" y=\"\(n(sy + 37))\">\(escape(v.date + " " + v.proofMark))</text></g></a>"
        }
        for (i, lot) in g.lots.enumerated() {
            let v = lots[i]
            let (lx, ly) = (x(lot.column), y(lot.row))
            let colour = v.companyIndex.map { palette[$0 % palette.count] } ?? "#777777"
            let tip = [v.label, v.company, v.figures, v.footprint].joined(separator: " · ")
            out += "<a href=\"\(escape(v.explore))\"><g class=\"lot\(v.subject ? " subject" : "")\"><title>\(escape(tip))</title>"
            out += "<rect x=\"\(n(lx))\" y=\"\(n(ly))\" width=\"\(n(lotWidth))\" height=\"\(n(lotHeight))\" rx=\"6\" style=\"stroke:\(colour)\"/>"
            out += "<rect x=\"\(n(lx))\" y=\"\(n(ly))\" width=\"6\" height=\"\(n(lotHeight))\" style=\"fill:\(colour);stroke:none\"/>"
            out += "<text x=\"\(n(lx + 12))\" y=\"\(n(ly + 18))\" class=\"name\">\(escape(clip(v.label, 22)))</text>"
            out += "<text x=\"\(n(lx + 12))\" y=\"\(n(ly + 36))\">\(escape(clip(v.company, 30)))</text>"
            out += "<text x=\"\(n(lx + 12))\" y=\"\(n(ly + 54))\">\(escape(clip(v.figures, 30)))</text>"
            out += "<text x=\"\(n(lx + 12))\" y=\"\(n(ly + 72))\">\(escape(clip(v.footprint, 30)))</text></g></a>"
            if let passport = v.passport {
                out += "<a href=\"\(escape(passport))\"><text class=\"more\" x=\"\(n(lx + 12))\" y=\"\(n(ly + lotHeight + 13))\">passport ›</text></a>"
            }
            if v.collapsed {
                out +=
                    "<a href=\"\(escape(v.explore))\"><text class=\"more\" x=\"\(n(lx + lotWidth - 4))\" y=\"\(n(ly + lotHeight + 13))\" text-anchor=\"end\">more steps ›</text></a>"
            }
        }
        return out + "</svg>"
    }

    static func curve(from a: (Double, Double), to b: (Double, Double), kg: Double?, maxKg: Double, name: String) -> String {
        let width = kg.map { maxKg > 0 ? 1.5 + 10 * ($0 / maxKg).squareRoot() : 1.5 } ?? 1.5
        let dx = max(20, (b.0 - a.0) / 2)
        let mass = kg.map { DisplayFormat.number($0, decimals: $0 < 10 ? 2 : 0) + " kg" } ?? "mass not given"
        return
            "<path class=\"flow\(kg == nil ? " unknown" : "")\" d=\"M\(n(a.0)) \(n(a.1)) C\(n(a.0 + dx)) \(n(a.1)) \(n(b.0 - dx)) \(n(b.1)) \(n(b.0)) \(n(b.1))\" "
            + "style=\"stroke-width:\(n(width))\"><title>\(escape(name + ": " + mass))</title></path>"
    }

    static func clip(_ s: String, _ limit: Int) -> String { s.count <= limit ? s : String(s.prefix(limit - 1)) + "…" }

    static func n(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(format: "%.1f", d) }

    /// Text for SVG content and attribute values (XML: escaped, and no character XML cannot carry).
    static func escape(_ s: String) -> String { XMLText.attribute(s) }
}
