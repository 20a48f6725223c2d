public import JunkanCore
public import JunkanStore

/// This node's part of a trace graph, as a peer asks for it (`POST /federation/trace`; issue 27, item 3;
/// docs/federation.md): from the identifiers asked about, every step this node holds upstream (or downstream) to a
/// depth, and the events that created the lots reached, each as its stored EPCIS event with its inclusion proof in
/// this node's log against one checkpoint. The asker re-hashes each event and checks each proof before it uses it, so
/// nothing here is taken on trust; the identifiers reached that this node holds nothing further about are where the
/// asker goes next.
public struct GraphExcerpt: Sendable {
    /// The most events one answer carries; past it the answer says `truncated` and the asker asks again deeper down.
    public static let maxEvents = 10_000
    /// Event IDs read per store query (SQLite binds at most some thousands of parameters).
    static let readBatch = 500

    public var direction: Provenance.Direction
    /// The steps and creating events reached, by event ID, in the order they were reached.
    public var eventIDs: [String]
    /// Asked about, and not in this node's graph.
    public var unknown: [String]
    public var truncated: Bool

    /// Walks `graph` from `ids` to `depth` hops.
    public init(graph: TraceGraph, ids: [String], direction: Provenance.Direction, depth: Int) {
        self.direction = direction
        var order: [String] = []
        var seenEvents = Set<String>()
        var expanded = Set<String>()
        var unknown: [String] = []
        var frontier: [String] = []
        for id in ids where expanded.insert(id).inserted {
            if graph.contains(id) { frontier.append(id) } else { unknown.append(id) }
        }
        var truncated = false
        func note(_ eventID: String) {
            guard order.count < Self.maxEvents else { return truncated = true }
            if seenEvents.insert(eventID).inserted { order.append(eventID) }
        }
        var hop = 0
        while !frontier.isEmpty {
            var next: [String] = []
            for id in frontier {
                if let d = graph.declaration(of: id) { note(d.eventID) }
                guard hop < depth else { continue }
                for s in direction == .upstream ? graph.producers(of: id) : graph.consumers(of: id) {
                    let step = graph.steps[s]
                    note(step.eventID)
                    for f in direction == .upstream ? step.inputs : step.outputs where expanded.insert(f.id).inserted { next.append(f.id) }
                }
            }
            frontier = next
            hop += 1
        }
        eventIDs = order
        self.unknown = unknown
        self.truncated = truncated
    }

    /// The identifiers reached from `id` (itself first) within `depth` hops.
    public static func reach(_ graph: TraceGraph, from id: String, direction: Provenance.Direction, depth: Int) -> [String] {
        var seen: Set<String> = [id]
        var order = [id]
        var frontier = [id]
        for _ in 0..<depth where !frontier.isEmpty {
            var next: [String] = []
            for n in frontier {
                for s in direction == .upstream ? graph.producers(of: n) : graph.consumers(of: n) {
                    let step = graph.steps[s]
                    for f in direction == .upstream ? step.inputs : step.outputs where seen.insert(f.id).inserted {
                        next.append(f.id)
                        order.append(f.id)
                    }
                }
            }
            frontier = next
        }
        return order
    }

    /// The stored events of the excerpt, in its order.
    public func events(from store: any EventStore) async throws -> [EventRecord] {
        var byID: [String: EventRecord] = [:]
        for start in stride(from: 0, to: eventIDs.count, by: Self.readBatch) {
            var q = EventQuery()
            q.eventIDs = Array(eventIDs[start..<min(start + Self.readBatch, eventIDs.count)])
            q.perPage = q.eventIDs.count
            for e in try await store.events(matching: q).events { byID[e.eventID] = e }
        }
        return eventIDs.compactMap { byID[$0] }
    }
}
