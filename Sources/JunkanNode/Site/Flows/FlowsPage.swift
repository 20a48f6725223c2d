import Foundation
package import JunkanCore
package import JunkanStore

/// `GET /flows?from=…&to=…`: mass through the loop by stage over a time window (`MaterialFlowLedger` counts it, and
/// `FlowsSankey` draws it), for the whole node or for one product class's loop or one polymer; the same numbers as
/// JSON and CSV.
package struct FlowsPage: Sendable {
    package struct Query: Sendable {
        /// UTC days since 1970-01-01, both included; nil: from the first, or to the last, day with a band.
        package var fromDay: Int32?
        package var toDay: Int32?
        /// A GTIN-14: the steps upstream and downstream of its lots and items.
        package var product: String?
        /// The steps that make or use a lot whose grade is of this polymer (or of its family, `PolymerCode.admits`).
        package var polymer: PolymerCode?

        package init(fromDay: Int32? = nil, toDay: Int32? = nil, product: String? = nil, polymer: PolymerCode? = nil) {
            self.fromDay = fromDay; self.toDay = toDay; self.product = product; self.polymer = polymer
        }
    }

    let store: any NodeStore
    let flows: MaterialFlowIndex
    var today: @Sendable () -> Int32 = { MaterialFlowLedger.day(ofEpochMilliseconds: Int64(Date().timeIntervalSince1970 * 1000)) }

    package init(store: any NodeStore, flows: MaterialFlowIndex) { self.store = store; self.flows = flows }

    package func report(_ q: Query) async throws -> MaterialFlowReport {
        let (whole, graph) = try await flows.current()
        var ledger = whole
        if let gtin = q.product {
            let (steps, nodes) = graph.loop(of: graph.nodes(ofGTIN: gtin))
            let movements = graph.movements(touching: nodes)
            ledger = MaterialFlowLedger(graph: graph, steps: { steps.contains($0) }, movements: { movements.contains($0) })
        }
        if let polymer = q.polymer {
            var grades: Set<String> = []
            for r in try await store.materials(.grade) {
                if let json = try? JSONParser.parse(r.json), let g = try? Grade.decode(json), polymer.admits(g.polymer) { grades.insert(g.id) }
            }
            var nodes = Set(graph.nodes(ofGrades: grades))
            if q.product != nil {
                // Both filters: this polymer within that product's loop.
                nodes.formIntersection(graph.loop(of: graph.nodes(ofGTIN: q.product ?? "")).nodes)
            }
            let steps = graph.steps(touching: nodes)
            let movements = graph.movements(touching: nodes)
            ledger = MaterialFlowLedger(graph: graph, steps: { steps.contains($0) }, movements: { movements.contains($0) })
        }
        let range = ledger.dayRange ?? whole.dayRange
        let from = q.fromDay ?? range?.lowerBound ?? today()
        let to = q.toDay ?? max(range?.upperBound ?? today(), from)
        return MaterialFlowReport(
            fromDay: from, toDay: to, product: q.product, polymer: q.polymer?.description, flows: ledger.flows(fromDay: from, toDay: to))
    }

    package static func html(_ r: MaterialFlowReport) throws -> String {
        var params = ["from=\(MaterialFlowReport.date(r.fromDay))", "to=\(MaterialFlowReport.date(r.toDay))"]
        if let p = r.product { params.append("product=\(p)") }
        if let p = r.polymer { params.append("polymer=\(PercentEncoding.encode(p))") }
        let link = { (format: String) in "/flows?" + (params + ["format=\(format)"]).joined(separator: "&") }
        let t = LotFigures.mass
        var view: [String: Any] = [
            "title": "Material flows",
            "from": MaterialFlowReport.date(r.fromDay), "to": MaterialFlowReport.date(r.toDay),
            "product": r.product ?? "", "polymer": r.polymer ?? "",
            "svg": FlowsSankey.svg(r),
            "json": link("json"), "csv": link("csv"),
            "kpis": [
                ["value": t(r.totalKg), "label": "moved between stages"],
                ["value": t(r.recycledKg), "label": "recycled material re-entering the loop"],
                ["value": t(r.exitKg(.losses)), "label": "process losses"],
                ["value": t(r.exitKg(.energyRecovery)), "label": "to energy recovery"],
                ["value": t(r.exitKg(.disposal)), "label": "to disposal"]
            ],
            "bands": r.flows.map { f in
                [
                    "from": f.link.from.label, "to": f.link.to.label, "mass": t(f.massKg),
                    "recycled": f.recycledKg > 0 ? t(f.recycledKg) : "—", "exit": f.link.to.isExit
                ] as [String: Any]
            },
            "stages": r.stages.map { s in
                ["label": s.kind.label, "in": s.inKg > 0 ? t(s.inKg) : "—", "out": s.outKg > 0 ? t(s.outKg) : "—"]
            },
            "hasBands": !r.flows.isEmpty
        ]
        if let p = r.product { view["forProduct"] = p }
        if let p = r.polymer { view["forPolymer"] = p }
        return try PageTemplates.render(view, "flows")
    }
}
