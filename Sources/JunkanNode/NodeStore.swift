public import JunkanStore

/// Everything a node keeps: events, its log, PACT clients and footprints, circularity records, materials, products,
/// identifier ownership, the settings all its processes share, its peer nodes, what it released to them, its mirrors of their logs, its data-space contracts, its Ouranos accounts, its named EPCIS queries and subscriptions, and its EPCIS master data.
public typealias NodeStore =
    EventStore & LedgerStore & PactStore & CircularityStore & MaterialStore & ProductStore & OwnershipStore & NodeSettingsStore & PeerStore
    & ReleaseRecordStore & MirrorStore & DataSpaceStore & OuranosStore & NamedQueryStore & SubscriptionStore & MasterDataStore & SubstanceStore
    & SubstanceListStore
