public import JunkanCore

/// Where captured events live. Implementations: `SQLiteStore` (embedded default); PostgreSQL later.
/// Every write is one transaction: a capture is either wholly stored or not at all, and returns
/// only after it is durable.
///
/// Record times never go back in commit order (issue 26, item 4): a store commits no event with a recordTime earlier
/// than one it already committed. Capture stamps the time when a request arrives, and a later request can commit
/// first; the store then has `restamp` make the late records again at the latest committed time (their JSON, and their
/// log leaves, which sign the record time) before it writes them. So a reader paging by recordTime never skips an
/// event committed late.
public protocol EventStore: Sendable {
    /// Stores new events; events whose hash is already stored are reported as duplicates, not stored again.
    func capture(_ events: [EventRecord], restamp: @escaping Restamp) async throws -> CaptureResult
    /// The same for a batch made in parts: the records `produce(0)`, `produce(1)`, … `produce(chunks - 1)` make, in that
    /// order, in one transaction; an error thrown by `produce` stores none of them. A store may call `produce(k + 1)` on
    /// another thread while it writes chunk k (so `produce` must be safe to call from any thread, once per chunk).
    /// `masterData`: the document header's master data, written in the same transaction (docs/master-data.md).
    func capture(
        chunks: Int, produce: @escaping @Sendable (Int) throws -> [EventRecord], restamp: @escaping Restamp,
        masterData: MasterDataDeclaration?
    ) async throws
        -> CaptureResult
    /// A page of the events the query's index-column filters match, its `predicates` not applied (a page may hold events
    /// they reject): `events(matching:)` is the query. `next` is the cursor of the last event read, nil at the end.
    func indexedEvents(matching query: EventQuery) async throws -> EventPage
    func event(id: String) async throws -> EventRecord?
    /// The distinct values of a field of the stored events, in byte order, after `after`, at most `limit` (the EPCIS REST
    /// binding's discovery lists: `/bizSteps`, `/epcs`, …).
    func distinctValues(of field: DiscoverableField, after: String?, limit: Int) async throws -> [String]
    func eventCount() async throws -> Int
    /// How many events the organisation captured in each calendar month (UTC) of their event time, months in order,
    /// only months with events (the organisation dashboard's chart; an index on the organisation and event time).
    func eventsPerMonth(organisationID: String) async throws -> [MonthCount]
    /// Events in commit order: those committed after sequence `after` (0: from the first), at most `limit`. Each
    /// carries its place in that order, so a reader that keeps the last one it saw (a watermark: the trace index of
    /// every `junkan serve` process) catches up with whatever any process committed since, and nothing committed late
    /// can fall behind it.
    func events(committedAfter after: Int64, limit: Int) async throws -> [CommittedEvent]

    /// `key`: the organisation's Ed25519 key — its 32-byte seed when this node signs for it, or only its public key
    /// when it signs its captures itself.
    func addOrganisation(name: String, tokenHash: String, key: OrganisationKey) async throws -> Organisation
    func organisation(tokenHash: String) async throws -> Organisation?
    func organisation(id: String) async throws -> Organisation?
    func organisations() async throws -> [Organisation]

    func saveJob(_ job: CaptureJob) async throws
    func job(id: String) async throws -> CaptureJob?
}

/// `records` made again at `recordTime`, a later time than they carry: what `EventStore.capture` asks of its caller for
/// events that would otherwise commit with a time earlier than one already committed.
public typealias Restamp = @Sendable (_ records: [EventRecord], _ recordTime: Int64) throws -> [EventRecord]

extension EventStore {
    /// A batch in parts with no master data.
    public func capture(
        chunks: Int, produce: @escaping @Sendable (Int) throws -> [EventRecord], restamp: @escaping Restamp
    ) async throws
        -> CaptureResult
    {
        try await capture(chunks: chunks, produce: produce, restamp: restamp, masterData: nil)
    }

    /// For records whose leaves do not sign their record time (tests and tools that make records by hand): a late
    /// record gets the new time in its JSON and index column, and keeps its leaf. Capture (`CaptureService`) signs its
    /// leaves and passes a `restamp` that signs them again.
    public func capture(_ events: [EventRecord]) async throws -> CaptureResult {
        try await capture(events, restamp: Self.restampKeepingLeaves)
    }

    public func capture(chunks: Int, produce: @escaping @Sendable (Int) throws -> [EventRecord]) async throws -> CaptureResult {
        try await capture(chunks: chunks, produce: produce, restamp: Self.restampKeepingLeaves)
    }

    static var restampKeepingLeaves: Restamp { { records, time in try records.map { try $0.restamped(recordTime: time) } } }
}

public struct Organisation: Sendable, Equatable {
    public let id: String
    public let name: String
    public let key: OrganisationKey
    public init(id: String, name: String, key: OrganisationKey) { self.id = id; self.name = name; self.key = key }
}

/// How an organisation's log leaves are signed (docs/log-format.md).
public enum OrganisationKey: Sendable, Equatable {
    /// This node holds the organisation's Ed25519 seed and signs each leaf.
    case hosted(seed: [UInt8], publicKey: [UInt8])
    /// The organisation keeps its key and signs each capture statement itself; the node holds only the public key.
    case own(publicKey: [UInt8])

    public var publicKey: [UInt8] {
        switch self {
        case .hosted(_, let k), .own(let k): k
        }
    }
}

/// A captured event as stored: its JSON plus the columns queries filter on.
public struct EventRecord: Sendable, Equatable {
    public var eventID: String
    public var eventHash: String
    public var type: String
    public var eventTime: Int64  // ms since epoch, UTC
    public var recordTime: Int64  // ms since epoch, set by the server
    public var action: String?
    public var bizStep: String?  // canonical CBV web URI where it is a CBV term
    public var disposition: String?
    public var readPoint: String?  // canonical Digital Link where it is a GS1 key
    public var bizLocation: String?
    public var transformationID: String?
    public var organisationID: String
    /// Every EPC / EPC class touched, with its role, in canonical form.
    public var identifiers: [EventIdentifier]
    /// The event as JSON-LD (with eventID and recordTime filled in).
    public var json: String
    /// The log entry for this event (a `CaptureLeaf`), sequenced in the same transaction that stores the event.
    public var leaf: [UInt8]

    public init(
        eventID: String, eventHash: String, type: String, eventTime: Int64, recordTime: Int64, action: String?,
        bizStep: String?, disposition: String?, readPoint: String?, bizLocation: String?, transformationID: String?,
        organisationID: String, identifiers: [EventIdentifier], json: String, leaf: [UInt8] = []
    ) {
        self.eventID = eventID; self.eventHash = eventHash; self.type = type; self.eventTime = eventTime
        self.recordTime = recordTime; self.action = action; self.bizStep = bizStep; self.disposition = disposition
        self.readPoint = readPoint; self.bizLocation = bizLocation; self.transformationID = transformationID
        self.organisationID = organisationID; self.identifiers = identifiers; self.json = json
        self.leaf = leaf
    }
}

/// A stored event with its place in commit order (`EventStore.events(committedAfter:limit:)`).
public struct CommittedEvent: Sendable, Equatable {
    public var sequence: Int64
    public var record: EventRecord
    public init(sequence: Int64, record: EventRecord) { self.sequence = sequence; self.record = record }
}

public struct EventIdentifier: Sendable, Equatable, Hashable {
    public var role: EPCISEvent.IdentifierRole
    public var id: String
    public init(role: EPCISEvent.IdentifierRole, id: String) { self.role = role; self.id = id }
}

public struct CaptureResult: Sendable, Equatable {
    public var stored: [String]  // event IDs newly stored
    public var duplicates: [String]  // event hashes already present
    public init(stored: [String], duplicates: [String]) { self.stored = stored; self.duplicates = duplicates }
}

/// Raised when events conflict with stored ones in a way that is not a harmless repeat.
public enum EventStoreError: Error, Sendable, Equatable {
    /// The eventID is taken by a different event (different hash).
    case eventIDConflict(eventID: String)
}

/// A capture job (EPCIS 2.0 §12 capture interface: `GET /capture/{captureID}`).
public struct CaptureJob: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable { case running, success, failed }
    public struct EventError: Sendable, Equatable, Codable {
        public var index: Int
        public var pointer: String
        public var detail: String
        public init(index: Int, pointer: String, detail: String) { self.index = index; self.pointer = pointer; self.detail = detail }
    }

    public var id: String
    public var organisationID: String
    public var createdAt: Int64
    public var finishedAt: Int64?
    public var status: Status
    public var errorBehaviour: String
    public var eventCount: Int
    public var storedCount: Int
    public var duplicateCount: Int
    public var errors: [EventError]

    public init(
        id: String, organisationID: String, createdAt: Int64, finishedAt: Int64?, status: Status, errorBehaviour: String,
        eventCount: Int, storedCount: Int, duplicateCount: Int, errors: [EventError]
    ) {
        self.id = id; self.organisationID = organisationID; self.createdAt = createdAt; self.finishedAt = finishedAt
        self.status = status; self.errorBehaviour = errorBehaviour; self.eventCount = eventCount
        self.storedCount = storedCount; self.duplicateCount = duplicateCount; self.errors = errors
    }
}

/// A field of events the REST binding lists the values of.
public enum DiscoverableField: String, Sendable, CaseIterable {
    case bizStep, disposition, readPoint, bizLocation
    /// Instance identifiers (EPCs, parent IDs, children, inputs, outputs; not classes), as canonical Digital Links.
    case epc

    /// The `events` column that holds the field (nil for EPCs, which `event_identifiers` holds).
    public var column: String? {
        switch self {
        case .bizStep: "biz_step"
        case .disposition: "disposition"
        case .readPoint: "read_point"
        case .bizLocation: "biz_location"
        case .epc: nil
        }
    }

    /// The identifier roles of instances.
    public static let instanceRoles = "'epc','parent','child','input','output'"

    /// One statement for both stores: a loose index scan (each next value is the least one above the last, read from
    /// the index), so listing k values reads about k index entries, however many events share each value. `after` and
    /// `limit` are the store's placeholders of the value to start after and of how many to return.
    public func skipScanSQL(after: String, limit: String) -> String {
        let (table, column, filter) =
            column.map { ("events", $0, "") } ?? ("event_identifiers", "id", " AND role IN (\(Self.instanceRoles))")
        return """
            WITH RECURSIVE v(x, n) AS (
                SELECT (SELECT MIN(\(column)) FROM \(table) WHERE \(column) > \(after)\(filter)), 1
                UNION ALL
                SELECT (SELECT MIN(\(column)) FROM \(table) WHERE \(column) > v.x\(filter)), v.n + 1 FROM v WHERE v.x IS NOT NULL AND v.n < \(limit)
            )
            SELECT x FROM v WHERE x IS NOT NULL
            """
    }
}

/// A calendar month (`2024-09`, UTC) and a count.
public struct MonthCount: Sendable, Equatable {
    public var month: String
    public var count: Int
    public init(month: String, count: Int) { self.month = month; self.count = count }
}
