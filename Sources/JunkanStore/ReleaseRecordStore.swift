public import JunkanLedger

/// What this node released to which peer, and when (issue 27, item 6; docs/federation.md): one record per answer that
/// sent events to a signed peer, each record also a leaf of this node's log (`ReleaseLeaf`), sequenced like a capture's.
public protocol ReleaseRecordStore: Sendable {
    /// Stores the record and appends its leaf to the log, in one transaction; returns the leaf's index.
    func recordRelease(_ record: ReleaseRecord) async throws -> UInt64
    /// The records from leaf index `from` on, in log order, at most `limit`.
    func releaseRecords(from: UInt64, limit: Int) async throws -> [ReleaseRecord]
}

/// One release: who (the peer node's base URL), what (the event hashes, and the organisations whose events they are),
/// when (ms since the epoch).
public struct ReleaseRecord: Sendable, Equatable {
    /// The record's leaf index in this node's log; nil before it is stored.
    public var leafIndex: UInt64?
    public var releasedAt: Int64
    public var requester: String
    /// In byte order, each once.
    public var organisations: [String]
    /// CBV event hash URIs, in byte order, each once.
    public var eventHashes: [String]

    public init(leafIndex: UInt64? = nil, releasedAt: Int64, requester: String, organisations: [String], eventHashes: [String]) {
        self.leafIndex = leafIndex; self.releasedAt = releasedAt; self.requester = requester
        self.organisations = ReleaseLeaf.byteOrdered(organisations); self.eventHashes = ReleaseLeaf.byteOrdered(eventHashes)
    }

    /// The log leaf that stands for this record.
    public var leaf: ReleaseLeaf {
        get throws(LedgerError) {
            try ReleaseLeaf(releasedAt: releasedAt, requester: requester, organisations: organisations, eventHashes: eventHashes)
        }
    }

    /// What a release record's row in the leaves table names where a capture leaf's names its event hash.
    public static func leafKey(index: UInt64) -> String { "urn:junkan:release:\(index)" }

    /// How the lists are kept in a text column: one per line.
    public static func joined(_ list: [String]) -> String { list.joined(separator: "\n") }
    public static func split(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }
}
