import Foundation
import JunkanCore

/// The Sankey diagram of `/flows`: the loop's stages as columns in its order (extraction to recycling, the exits last),
/// each stage as tall as the larger of its mass in and out, each band as wide as its mass. A band that goes back
/// (recycling into compounding, reuse into use) returns under the diagram. The recycled part of a band is hatched, so
/// it reads in grey as well as in colour.
enum FlowsSankey {
    static let width = 1040.0, height = 460.0
    static let nodeWidth = 14.0, top = 24.0, gap = 22.0
    /// Room under the stages for the bands that go back.
    static let returnRoom = 70.0

    static func svg(_ report: MaterialFlowReport) -> String {
        let title = "Material flows by stage of the loop"
        let stages = report.stages
        guard !stages.isEmpty else {
            return ChartFrame.empty(id: "flows", title: title, text: "No mass moved through a traced step in this window")
        }
        let desc =
            "A Sankey diagram: \(stages.count) stages from extraction to recycling, exits last; each band's width is its mass. "
            + "Hatched bands are recycled material re-entering the loop. The table below gives every number."
        let columns = 9
        let columnX = { (c: Int) in 10 + Double(c) * (width - 190 - nodeWidth) / Double(columns - 1) }
        var byColumn: [[MaterialFlowReport.Stage]] = Array(repeating: [], count: columns)
        for s in stages { byColumn[s.kind.column].append(s) }
        let usable = height - top - returnRoom
        let scale =
            byColumn.map { col -> Double in
                let total = col.reduce(0) { $0 + $1.throughputKg }
                return total > 0 ? (usable - gap * Double(max(col.count - 1, 0))) / total : .infinity
            }.min() ?? 1
        var y: [ProcessKind: Double] = [:]
        for col in byColumn {
            var at = top
            for s in col {
                y[s.kind] = at
                at += max(s.throughputKg * scale, 2) + gap
            }
        }

        // The bands that go back run under the stages, one below the other: the picture grows to hold them.
        let returning = report.flows.filter { $0.link.from != $0.link.to && $0.link.to.column <= $0.link.from.column }
        let returnDepth = returning.reduce(0) { $0 + max($1.massKg * scale, 1) + 4 }
        var svg = ChartFrame.open(
            id: "flows", title: title, desc: desc, width: width, height: max(height, height - returnRoom + 12 + returnDepth + 8))
        svg += "<defs><pattern id=\"recycled-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
        svg +=
            "<rect width=\"6\" height=\"6\" fill=\"#4f9a5b\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#fff\" stroke-width=\"2.5\"/></pattern></defs>"
        var outAt: [ProcessKind: Double] = [:], inAt: [ProcessKind: Double] = [:]
        var returnAt = height - returnRoom + 12
        for f in report.flows where f.link.from != f.link.to {
            guard let y0 = y[f.link.from], let y1 = y[f.link.to] else { continue }
            let thickness = max(f.massKg * scale, 1)
            let a = y0 + outAt[f.link.from, default: 0], b = y1 + inAt[f.link.to, default: 0]
            outAt[f.link.from, default: 0] += f.massKg * scale
            inAt[f.link.to, default: 0] += f.massKg * scale
            let x0 = columnX(f.link.from.column) + nodeWidth, x1 = columnX(f.link.to.column)
            let recycled = min(f.recycledKg / f.massKg, 1) * thickness
            let tip = XMLText.content(
                "\(f.link.from.label) → \(f.link.to.label): \(LotFigures.mass(f.massKg))"
                    + (f.recycledKg > 0 ? ", of which recycled \(LotFigures.mass(f.recycledKg))" : ""))
            let parts: [(offset: Double, width: Double, fill: String, cls: String)] = [
                (0, recycled, "url(#recycled-hatch)", "band recycled"),
                (recycled, thickness - recycled, colour(f.link.from), "band")
            ]
            if f.link.to.column > f.link.from.column {
                let mid = (x0 + x1) / 2
                for p in parts where p.width > 0.01 {
                    let t0 = a + p.offset, t1 = b + p.offset, h = p.width
                    svg +=
                        "<path class=\"\(p.cls)\" fill=\"\(p.fill)\" d=\"M\(n(x0)),\(n(t0)) C\(n(mid)),\(n(t0)) \(n(mid)),\(n(t1)) \(n(x1)),\(n(t1)) "
                        + "L\(n(x1)),\(n(t1 + h)) C\(n(mid)),\(n(t1 + h)) \(n(mid)),\(n(t0 + h)) \(n(x0)),\(n(t0 + h)) Z\"><title>\(tip)</title></path>"
                }
            } else {
                // Back round under the stages: out of the right side, down, left, and up into the left side.
                let base = returnAt
                returnAt += thickness + 4
                for p in parts where p.width > 0.01 {
                    let s0 = a + p.offset + p.width / 2, s1 = b + p.offset + p.width / 2, l = base + p.offset + p.width / 2
                    let stroke = p.fill
                    svg +=
                        "<path class=\"\(p.cls) return\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(n(p.width))\" "
                        + "d=\"M\(n(x0)),\(n(s0)) C\(n(x0 + 40)),\(n(s0)) \(n(x0 + 40)),\(n(l)) \(n(x0)),\(n(l)) L\(n(x1)),\(n(l)) "
                        + "C\(n(x1 - 40)),\(n(l)) \(n(x1 - 40)),\(n(s1)) \(n(x1)),\(n(s1))\"><title>\(tip)</title></path>"
                }
            }
        }
        for s in stages {
            guard let top = y[s.kind] else { continue }
            let x = columnX(s.kind.column), h = max(s.throughputKg * scale, 2)
            svg += "<g class=\"stage\"><rect x=\"\(n(x))\" y=\"\(n(top))\" width=\"\(n(nodeWidth))\" height=\"\(n(h))\" fill=\"\(colour(s.kind))\"/>"
            svg += "<text class=\"legend\" x=\"\(n(x + nodeWidth + 4))\" y=\"\(n(top + 11))\">\(short(s.kind))</text>"
            svg += "<text class=\"axis\" x=\"\(n(x + nodeWidth + 4))\" y=\"\(n(top + 24))\">\(LotFigures.mass(s.throughputKg))</text></g>"
        }
        return svg + "</svg>"
    }

    /// A stage's name in the picture, where a column is about 90 points wide (the tables give the full names).
    static func short(_ k: ProcessKind) -> String {
        switch k {
        case .extraction: "Extraction"
        case .sourced: "Supplied"
        case .processing: "Processing"
        case .dismantling: "Dismantling"
        case .losses: "Losses"
        default: k.label
        }
    }

    /// Each stage's colour: distinct in lightness as well as hue, so that the stages also part in grey; exits are greys.
    static func colour(_ k: ProcessKind) -> String {
        switch k {
        case .extraction: "#7a4b2a"
        case .sourced: "#b08968"
        case .compounding: "#2f5d9c"
        case .moulding: "#6f95cf"
        case .processing: "#9aa7bd"
        case .assembly: "#3b3f8f"
        case .use: "#c98a1c"
        case .collection: "#8a5fb0"
        case .dismantling: "#c7a3e0"
        case .recycling: "#2f7d3a"
        case .losses: "#9e9e9e"
        case .energyRecovery: "#6b6b6b"
        case .disposal: "#3a3a3a"
        }
    }

    static func n(_ d: Double) -> String { String(format: "%.1f", d) }
}
