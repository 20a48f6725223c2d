/// Everything a node's database keeps, whichever backend holds it: what `junkan` opens (`SQLiteStore`, `PostgresStore`).
public protocol NodeDatabase:
    EventStore, LedgerStore, AuditStore, WitnessStore, PactStore, CircularityStore, MaterialStore, ProductStore, OwnershipStore,
    NodeSettingsStore, PeerStore, ReleaseRecordStore, MirrorStore, DataSpaceStore, OuranosStore, NamedQueryStore, SubscriptionStore, SubstanceStore,
    SubstanceListStore,
    MasterDataStore
{
    /// Where the hosted organisations' signing keys are (never in the database; docs/security.md).
    var keys: KeyDirectory { get }
    /// Refuses a key directory others may read, and any hosted organisation whose key file is missing or holds another
    /// key than the database's public key (`junkan serve` checks this at start).
    func checkSigningKeys() async throws
}
