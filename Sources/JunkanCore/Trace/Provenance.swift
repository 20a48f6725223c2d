/// Upstream (where a lot came from) or downstream (where it went) as a tree of lots and the steps between them, to a
/// depth limit. Each node is expanded once per tree: a node reached again (shared parts, loops) is marked `repeated`
/// and not expanded again, so the answer grows with the graph, not with the number of paths through it.
public struct Provenance: Sendable, Equatable {
    public enum Direction: String, Sendable { case upstream, downstream }

    public struct Node: Sendable, Equatable {
        public var id: String
        public var declaration: LotDeclaration?
        /// The steps that made it (upstream) or used it (downstream), with the lots on their other side.
        public var steps: [Step]
        /// Shown in full elsewhere in this tree.
        public var repeated: Bool
        /// Not expanded: the depth limit was reached and it has further steps.
        public var truncated: Bool
    }

    public struct Step: Sendable, Equatable {
        public var step: TraceStep
        public var nodes: [Node]
    }

    public var direction: Direction
    public var depth: Int
    public var root: Node

    public init?(graph: TraceGraph, id: String, direction: Direction, depth: Int) {
        guard graph.contains(id) else { return nil }
        self.direction = direction
        self.depth = depth
        var expanded: Set<String> = []
        root = Self.node(id, graph: graph, direction: direction, remaining: depth, expanded: &expanded)
    }

    private static func node(_ id: String, graph: TraceGraph, direction: Direction, remaining: Int, expanded: inout Set<String>) -> Node {
        let next = direction == .upstream ? graph.producers(of: id) : graph.consumers(of: id)
        var n = Node(id: id, declaration: graph.declaration(of: id), steps: [], repeated: false, truncated: false)
        guard expanded.insert(id).inserted else {
            n.repeated = true
            return n
        }
        guard remaining > 0 else {
            n.truncated = !next.isEmpty
            return n
        }
        for s in next {
            let step = graph.steps[s]
            let others = direction == .upstream ? step.inputs : step.outputs
            var seen: Set<String> = []
            let nodes = others.filter { seen.insert($0.id).inserted }.map {
                node($0.id, graph: graph, direction: direction, remaining: remaining - 1, expanded: &expanded)
            }
            n.steps.append(Step(step: step, nodes: nodes))
        }
        return n
    }
}
