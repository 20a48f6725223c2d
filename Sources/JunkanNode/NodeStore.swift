public import JunkanStore

/// Everything a node keeps: events, its log, PACT clients and footprints, circularity records.
public typealias NodeStore = EventStore & LedgerStore & PactStore & CircularityStore & MaterialStore & ProductStore & OwnershipStore
