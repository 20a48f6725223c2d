/// The trace graph: lots and items (canonical IDs) joined by steps. Built incrementally, one captured event at a time,
/// and rebuilt from the store at start-up; events already added are ignored, so replays are harmless.
public struct TraceGraph: Sendable {
    public private(set) var steps: [TraceStep] = []
    /// The first declaration made about each lot (the event that first creates it).
    public private(set) var declarations: [String: LotDeclaration] = [:]
    /// Steps that output / consume each node, as indexes into `steps`.
    public private(set) var producers: [String: [Int]] = [:]
    public private(set) var consumers: [String: [Int]] = [:]
    private var seenEvents: Set<String> = []

    public init() {}

    public mutating func add(_ record: TraceRecord) {
        guard let id = record.step?.eventHash ?? record.declarations.values.first?.eventHash, seenEvents.insert(id).inserted else { return }
        if let step = record.step {
            let i = steps.count
            steps.append(step)
            for out in Set(step.outputs.map(\.id)) { producers[out, default: []].append(i) }
            for input in Set(step.inputs.map(\.id)) { consumers[input, default: []].append(i) }
        }
        for (lot, d) in record.declarations {
            if let existing = declarations[lot], existing.eventTime <= d.eventTime { continue }
            declarations[lot] = d
        }
    }

    public var nodeCount: Int { Set(producers.keys).union(consumers.keys).union(declarations.keys).count }

    public func contains(_ id: String) -> Bool { producers[id] != nil || consumers[id] != nil || declarations[id] != nil }

    /// Every node upstream of `id` (inputs of its producers, and so on), `id` included. Without `throughCutOff`, the
    /// inputs of cut-off steps are left out: nothing of theirs reaches the outputs.
    public func upstreamClosure(of id: String, throughCutOff: Bool = true) -> [String] {
        var seen: Set<String> = [id], order = [id], i = 0
        while i < order.count {
            for s in producers[order[i]] ?? [] where throughCutOff || !steps[s].cutOff {
                for input in steps[s].inputs where seen.insert(input.id).inserted { order.append(input.id) }
            }
            i += 1
        }
        return order
    }
}
