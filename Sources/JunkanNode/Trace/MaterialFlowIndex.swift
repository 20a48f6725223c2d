package import JunkanCore

/// The material-flow ledger of the node's whole trace graph (`/flows`), kept up to date with the graph: each read
/// counts only what was captured since the last one (`MaterialFlowLedger.update`), so a page over a million events
/// sums days, not events.
package actor MaterialFlowIndex {
    let trace: TraceIndex
    private var ledger = MaterialFlowLedger()

    package init(trace: TraceIndex) { self.trace = trace }

    /// The ledger with everything committed before the call, and the graph it has read.
    package func current() async throws -> (ledger: MaterialFlowLedger, graph: TraceGraph) {
        let graph = try await trace.snapshot()
        ledger.update(with: graph)
        return (ledger, graph)
    }
}
