/// The parts of the graph one product class or one polymer moves through (`/flows?product=` and `?polymer=`).
extension TraceGraph {
    /// The steps upstream and downstream of the nodes (by number): everything its lots and items were made from and
    /// everything made from them, to the ends of the graph. And the nodes on those steps.
    public func loop(of starts: [Int]) -> (steps: Set<Int>, nodes: Set<Int>) {
        var steps: Set<Int> = []
        var nodes = Set(starts)
        // Upstream and downstream are walked apart: going up from a lot and then down again would take in every
        // sibling of every input (the whole node at a large compounder).
        for upstream in [true, false] {
            var queue = starts
            var seen = Set(starts)
            while let n = queue.popLast() {
                for t in upstream ? made[n] : used[n] {
                    steps.insert(t)
                    let f = facts[t]
                    for k in upstream ? f.inputs : f.outputs {
                        let m = upstream ? inputNode[k] : outputNode[k]
                        if seen.insert(m).inserted {
                            nodes.insert(m)
                            queue.append(m)
                        }
                    }
                }
            }
        }
        return (steps, nodes)
    }

    /// The steps that make or use any of the nodes.
    public func steps(touching nodes: Set<Int>) -> Set<Int> {
        var steps: Set<Int> = []
        for n in nodes {
            steps.formUnion(made[n])
            steps.formUnion(used[n])
        }
        return steps
    }

    /// The movements (indexes into `movements`) that name any of the nodes.
    public func movements(touching nodes: Set<Int>) -> Set<Int> {
        var found: Set<Int> = []
        for n in nodes { found.formUnion(moved[n]) }
        return found
    }

    /// The nodes whose identifier is of the GTIN (its items, its lots and the class itself), by GS1 Digital Link.
    public func nodes(ofGTIN gtin: String) -> [Int] {
        let base = "https://id.gs1.org/01/" + gtin
        return ids.indices.filter { ids[$0] == base || ids[$0].hasPrefix(base + "/") }
    }

    /// The nodes whose creating event declares one of the grades.
    public func nodes(ofGrades grades: Set<String>) -> [Int] {
        declared.indices.filter { declared[$0]?.materialGrade.map(grades.contains) ?? false }
    }
}
