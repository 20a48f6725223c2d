public import JunkanCore
public import JunkanStore

/// The node's trace graph in memory: loaded from the store once (on first use, or at start-up by `junkan serve`) and
/// extended by every capture after its commit. Both paths may carry the same event; the graph ignores replays, so a
/// capture that races the load is neither lost nor doubled.
public actor TraceIndex {
    package let store: any EventStore
    private var graph = TraceGraph()
    private var loading: Task<Void, any Error>?

    public init(store: any EventStore) { self.store = store }

    public func add(_ records: [TraceRecord]) {
        for r in records where !r.isEmpty { graph.add(r) }
    }

    /// The graph with everything stored so far (a copy: readers compute on it without holding the actor).
    public func snapshot() async throws -> TraceGraph {
        if loading == nil {
            let store = self.store
            // Detached: stored events are parsed off the actor, which stays free for captures' `add`s meanwhile.
            loading = Task.detached { [weak self] in
                var query = EventQuery()
                query.eventTypes = ["TransformationEvent", "AggregationEvent", "AssociationEvent", "ObjectEvent"]
                query.perPage = 5_000
                while true {
                    let page = try await store.events(matching: query)
                    await self?.add(try page.events.compactMap(Self.record))
                    guard let next = page.next else { break }
                    query.after = next
                }
            }
        }
        do {
            try await loading!.value
        } catch {
            loading = nil  // try again on the next request
            throw error
        }
        return graph
    }

    /// A stored event's trace record. Events captured before the vocabulary was checked at capture may carry a term
    /// that does not read: such an event adds nothing to the graph (rather than keeping every trace route down), and
    /// `junkan verify` still covers it as an event.
    package static func record(_ stored: EventRecord) throws -> TraceRecord? {
        let json = try JSONParser.parse(stored.json)
        let event = try EPCISEventDecoder(context: json.objectValue?["@context"]).decode(json)
        guard let r = try? TraceRecord.from(event, eventHash: stored.eventHash), !r.isEmpty else { return nil }
        return r
    }
}
