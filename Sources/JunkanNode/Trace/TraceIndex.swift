public import JunkanCore
public import JunkanStore

/// The node's trace graph in memory. It follows the store by commit order: every `snapshot` first reads what was
/// committed since the last event it read (its watermark), by this process or by any other `junkan serve` on the same
/// database (issue 26, item 5), so every process answers from the same graph. A capture in this process also adds its
/// events directly after its commit, so its own reads see them at once. Both paths may carry the same event; the graph
/// ignores replays, so nothing is lost or doubled.
public actor TraceIndex {
    package let store: any EventStore
    private var graph = TraceGraph()
    /// The commit sequence of the last stored event read.
    private var watermark: Int64 = 0
    /// The catch-up reading now, and the one that will start when it ends: a `snapshot` joins the one that has not
    /// started reading yet (it will see everything committed before the call), or queues one.
    private var running: Task<Void, any Error>?
    private var queued: Task<Void, any Error>?

    /// The event types that make trace records.
    static let tracedTypes: Set<String> = ["TransformationEvent", "AggregationEvent", "AssociationEvent", "ObjectEvent"]
    /// Stored events read per round trip while catching up.
    static let pageSize = 5_000

    public init(store: any EventStore) { self.store = store }

    public func add(_ records: [TraceRecord]) {
        for r in records where !r.isEmpty { graph.add(r) }
    }

    /// The graph with everything committed before the call (a copy: readers compute on it without holding the actor).
    public func snapshot() async throws -> TraceGraph {
        try await catchUp()
        return graph
    }

    /// Reads every event committed since the watermark. On failure the watermark stays, and the next call reads again.
    public func catchUp() async throws {
        if let queued { return try await queued.value }
        let previous = running
        let store = self.store
        // Detached: stored events are parsed off the actor, which stays free for captures' `add`s meanwhile.
        let task = Task.detached { [weak self] in
            if let previous { _ = try? await previous.value }
            guard var after = await self?.begin() else { return }
            while true {
                let page = try await store.events(committedAfter: after, limit: Self.pageSize)
                guard let last = page.last else { break }
                let records = try page.compactMap { Self.tracedTypes.contains($0.record.type) ? try Self.record($0.record) : nil }
                await self?.absorb(records, through: last.sequence)
                after = last.sequence
                if page.count < Self.pageSize { break }
            }
        }
        queued = task
        try await task.value
    }

    /// The queued catch-up starts reading: later calls queue another.
    private func begin() -> Int64 {
        running = queued
        queued = nil
        return watermark
    }

    private func absorb(_ records: [TraceRecord], through sequence: Int64) {
        add(records)
        watermark = max(watermark, sequence)
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
