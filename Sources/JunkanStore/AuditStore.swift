/// Raw rows for an audit (`junkan verify`): everything stored, in storage order, with nothing recomputed.
public protocol AuditStore: Sendable {
    /// Stored events after storage row `after`, in row order.
    func auditEvents(after: Int64, limit: Int) async throws -> [AuditedEvent]
    /// Sequenced leaves after `seq`, in order (seq = leaf index + 1; a gap means a deleted row).
    func auditLeaves(afterSeq: Int64, limit: Int) async throws -> [AuditedLeaf]
}

public struct AuditedEvent: Sendable {
    public var row: Int64
    public var eventID: String
    public var eventHash: String
    public var organisationID: String
    public var recordTime: Int64
    public var json: String
    public init(row: Int64, eventID: String, eventHash: String, organisationID: String, recordTime: Int64, json: String) {
        self.row = row; self.eventID = eventID; self.eventHash = eventHash; self.organisationID = organisationID
        self.recordTime = recordTime; self.json = json
    }
}

public struct AuditedLeaf: Sendable {
    public var seq: Int64
    public var eventHash: String
    public var leaf: [UInt8]
    public init(seq: Int64, eventHash: String, leaf: [UInt8]) { self.seq = seq; self.eventHash = eventHash; self.leaf = leaf }
}
