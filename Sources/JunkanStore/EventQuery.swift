public import JunkanCore

/// The subset of the EPCIS 2.0 SimpleEventQuery (§8.2.7.1) this store answers. Values are already
/// canonical (identifiers as Digital Links, CBV values as web URIs).
public struct EventQuery: Sendable, Equatable {
    public enum OrderField: String, Sendable { case eventTime, recordTime }
    public enum Direction: String, Sendable { case ascending = "ASC", descending = "DESC" }

    /// How an identifier parameter matches: exactly, or everything below a class/pattern prefix.
    public struct IdentifierMatch: Sendable, Equatable, Hashable {
        public var value: String
        public var isPrefix: Bool
        public init(value: String, isPrefix: Bool) { self.value = value; self.isPrefix = isPrefix }
    }

    public var eventTypes: [String] = []
    public var eventTimeFrom: Int64?  // GE_eventTime (inclusive)
    public var eventTimeTo: Int64?  // LT_eventTime (exclusive)
    public var recordTimeFrom: Int64?
    public var recordTimeTo: Int64?
    public var actions: [String] = []
    public var bizSteps: [String] = []
    public var dispositions: [String] = []
    public var readPoints: [String] = []
    public var bizLocations: [String] = []
    public var eventIDs: [String] = []
    public var transformationIDs: [String] = []
    /// The organisations that captured the events (not an EPCIS parameter: the organisation dashboard's).
    public var organisationIDs: [String] = []
    /// MATCH_* parameters: each entry is one parameter (AND between them), values OR'ed.
    public var identifierMatches: [(roles: [EPCISEvent.IdentifierRole], values: [IdentifierMatch])] = []
    /// Filters the index columns cannot answer, evaluated on each decoded event (`events(matching:)`).
    public var predicates: [EventPredicate] = []
    /// Filters by master data (`WD_`, `HASATTR_`, `EQ_ATTR_`), made location lists by `resolvingMasterData` before the
    /// query runs.
    public var masterDataFilters: [MasterDataFilter] = []
    /// `eventCountLimit`: at most this many events over all pages.
    public var countLimit: Int?
    /// `maxEventCount`: a query that matches more is refused (QueryTooLargeException), not cut short.
    public var maxCount: Int?
    public var orderBy: OrderField = .recordTime
    public var direction: Direction = .ascending
    public var perPage: Int = 30
    public var after: PageCursor?

    public init() {}

    /// The filters that match a column against a list of values, by the column of `events` they filter: both stores
    /// build their statement from this one list.
    public var columnFilters: [(column: String, values: [String])] {
        [
            ("type", eventTypes), ("action", actions), ("biz_step", bizSteps), ("disposition", dispositions),
            ("read_point", readPoints), ("biz_location", bizLocations), ("event_id", eventIDs),
            ("transformation_id", transformationIDs), ("organisation_id", organisationIDs)
        ]
    }

    public static func == (a: EventQuery, b: EventQuery) -> Bool {
        a.eventTypes == b.eventTypes && a.eventTimeFrom == b.eventTimeFrom && a.eventTimeTo == b.eventTimeTo
            && a.recordTimeFrom == b.recordTimeFrom && a.recordTimeTo == b.recordTimeTo && a.actions == b.actions
            && a.bizSteps == b.bizSteps && a.dispositions == b.dispositions && a.readPoints == b.readPoints
            && a.bizLocations == b.bizLocations && a.eventIDs == b.eventIDs && a.transformationIDs == b.transformationIDs
            && a.organisationIDs == b.organisationIDs
            && a.identifierMatches.map(\.roles) == b.identifierMatches.map(\.roles)
            && a.identifierMatches.map(\.values) == b.identifierMatches.map(\.values)
            && a.predicates == b.predicates && a.masterDataFilters == b.masterDataFilters && a.countLimit == b.countLimit && a.maxCount == b.maxCount
            && a.orderBy == b.orderBy && a.direction == b.direction && a.perPage == b.perPage && a.after == b.after
    }
}

/// Where the next page starts: the sort value and row of the last event read (keyset paging, stable while events are
/// being added), and how many events the earlier pages returned (for `eventCountLimit`).
public struct PageCursor: Sendable, Equatable {
    public var sortValue: Int64
    public var row: Int64
    public var served: Int
    public init(sortValue: Int64, row: Int64, served: Int = 0) { self.sortValue = sortValue; self.row = row; self.served = served }

    public var token: String { served == 0 ? "\(sortValue).\(row)" : "\(sortValue).\(row).\(served)" }
    public init?(token: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, let s = Int64(parts[0]), let r = Int64(parts[1]) else { return nil }
        let n = parts.count == 3 ? Int(parts[2]) : 0
        guard let n, n >= 0 else { return nil }
        sortValue = s
        row = r
        served = n
    }
}

public struct EventPage: Sendable {
    public var events: [EventRecord]
    public var next: PageCursor?
    /// The cursor of each event, in order (from the store's `indexedEvents`: how a filtered page knows where it stopped).
    public var cursors: [PageCursor]
    public init(events: [EventRecord], next: PageCursor?, cursors: [PageCursor] = []) {
        self.events = events; self.next = next; self.cursors = cursors
    }
}
