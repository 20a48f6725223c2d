/// Raw rows for an audit (`junkan verify`): everything stored, in storage order, with nothing recomputed.
public protocol AuditStore: Sendable {
    /// Stored events after storage row `after`, in row order, with every index column and identifier row.
    func auditEvents(after: Int64, limit: Int) async throws -> [AuditedEvent]
    /// Sequenced leaves after `seq`, in order (seq = leaf index + 1; a gap means a deleted row).
    func auditLeaves(afterSeq: Int64, limit: Int) async throws -> [AuditedLeaf]
    /// Every organisation's public key (the audit needs no signing key), by organisation ID.
    func auditPublicKeys() async throws -> [String: [UInt8]]
    /// Identifier rows that point at no stored event.
    func auditOrphanIdentifiers(limit: Int) async throws -> [(eventRow: Int64, identifier: EventIdentifier)]
    /// Every stored tile and entry bundle position with its size in bytes (level nil: entry bundles).
    func auditTiles() async throws -> [(level: Int?, index: UInt64, bytes: Int)]
    /// Every stored checkpoint's size with the size of the checkpoint stored before it (nil where that was not
    /// recorded: checkpoints stored before migration v12), and the sizes that witness cosignatures name.
    func auditCheckpointChain() async throws -> (checkpoints: [(size: UInt64, previous: UInt64?)], cosigned: [UInt64])
}

public struct AuditedEvent: Sendable {
    public var row: Int64
    /// The event as stored: its index columns and JSON.
    public var record: EventRecord
    /// The leaf the event points at (`events.leaf_seq`).
    public var leafSeq: Int64?
    /// The rows of the identifier index that name this event.
    public var identifierRows: [EventIdentifier]
    public init(row: Int64, record: EventRecord, leafSeq: Int64?, identifierRows: [EventIdentifier]) {
        self.row = row; self.record = record; self.leafSeq = leafSeq; self.identifierRows = identifierRows
    }
    public var eventID: String { record.eventID }
    public var eventHash: String { record.eventHash }
    public var organisationID: String { record.organisationID }
    public var recordTime: Int64 { record.recordTime }
    public var json: String { record.json }
}

public struct AuditedLeaf: Sendable {
    public var seq: Int64
    public var eventHash: String
    public var leaf: [UInt8]
    public init(seq: Int64, eventHash: String, leaf: [UInt8]) { self.seq = seq; self.eventHash = eventHash; self.leaf = leaf }
}
