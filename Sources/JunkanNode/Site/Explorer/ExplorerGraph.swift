package import JunkanCore

/// The part of the trace graph one explorer page shows, laid out left to right in time: the lot or item asked for in
/// the middle column, the steps that made it and the lots they used to its left, the steps that used it and what they
/// made to its right, a column per lot and per step. Every shown step brings all its inputs and outputs (the other
/// resin in a compound, the co-products of a step), so each step is drawn whole. The walk stops at `depth` steps from
/// the subject or after `stepLimit` steps; a lot with steps not shown is `collapsed`, and its page continues the walk.
package struct ExplorerGraph: Sendable {
    package enum Direction: String, Sendable, CaseIterable { case both, upstream, downstream }

    package struct Lot: Sendable {
        package var id: String
        package var column: Int
        package var row: Int
        /// It has steps (in the walk's direction from it) that this page does not show.
        package var collapsed: Bool
    }

    package struct Step: Sendable {
        /// The step's number in the trace graph (`TraceGraph.steps`).
        package var index: Int
        package var column: Int
        package var row: Int
    }

    package var subject: String
    package var lots: [Lot] = []
    package var steps: [Step] = []
    /// Lot number → its place in `lots`, for the edges.
    package var lotIndex: [String: Int] = [:]
    /// The walk stopped at the step limit (not only at the depth).
    package var limited = false
    package var columns: ClosedRange<Int> {
        (min(lots.map(\.column).min() ?? 0, steps.map(\.column).min() ?? 0))...(max(lots.map(\.column).max() ?? 0, steps.map(\.column).max() ?? 0))
    }

    /// nil when the graph does not hold `subject`.
    /// `stepLimit` and `lotLimit` bound the page: a step that would take the lots past `lotLimit` (a step of many
    /// inputs) is left for the collapsed lot's own page.
    package init?(graph: TraceGraph, subject: String, direction: Direction, depth: Int, stepLimit: Int, lotLimit: Int) {
        guard graph.contains(subject) else { return nil }
        self.subject = subject
        var rows: [Int: Int] = [:]
        var shownSteps: Set<Int> = []
        func place(_ id: String, column: Int) {
            guard lotIndex[id] == nil else { return }
            lotIndex[id] = lots.count
            lots.append(Lot(id: id, column: column, row: rows[column, default: 0], collapsed: false))
            rows[column, default: 0] += 1
        }
        place(subject, column: 0)
        for upstream in [true, false] where direction == .both || (direction == .upstream) == upstream {
            // Breadth first, so the nearest steps are the ones kept when the limit is reached.
            var frontier = [subject]
            for level in 0..<depth where !frontier.isEmpty {
                var next: [String] = []
                for id in frontier {
                    guard let column = lotIndex[id].map({ lots[$0].column }) else { continue }
                    for s in upstream ? graph.producers(of: id) : graph.consumers(of: id) where !shownSteps.contains(s) {
                        let step = graph.steps[s]
                        guard shownSteps.count < stepLimit, lots.count + step.inputs.count + step.outputs.count <= lotLimit else {
                            limited = true
                            break
                        }
                        shownSteps.insert(s)
                        let stepColumn = column + (upstream ? -1 : 1)
                        steps.append(Step(index: s, column: stepColumn, row: rows[stepColumn, default: 0]))
                        rows[stepColumn, default: 0] += 1
                        for flow in step.inputs { place(flow.id, column: stepColumn - 1) }
                        for flow in step.outputs { place(flow.id, column: stepColumn + 1) }
                        next.append(contentsOf: (upstream ? step.inputs : step.outputs).map(\.id))
                    }
                }
                frontier = level + 1 < depth ? next : []
            }
        }
        // Collapsed: a lot with a step, in a direction the page walks, that the page does not draw.
        for i in lots.indices {
            let id = lots[i].id
            let near = (direction != .downstream ? graph.producers(of: id) : []) + (direction != .upstream ? graph.consumers(of: id) : [])
            lots[i].collapsed = near.contains { !shownSteps.contains($0) }
        }
    }
}
