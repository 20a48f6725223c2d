/// A subscription to a named query (EPCIS 2.0 REST binding): where its results go, when, and how far they have gone.
public struct QuerySubscription: Sendable, Equatable {
    public var id: String
    public var queryName: String
    /// The organisation that subscribed, which alone may unsubscribe.
    public var organisationID: String
    /// The webhook, checked when subscribed and before each delivery.
    public var dest: String
    /// The subscriber's secret, the key of each delivery's `GS1-Signature`; never shown again.
    public var signatureToken: String?
    /// Every event as it is committed (`stream`), or on a schedule (the schedule's JSON object as sent).
    public var stream: Bool
    public var schedule: String?
    public var reportIfEmpty: Bool
    /// Events recorded before this time are not delivered (epoch ms).
    public var initialRecordTime: Int64?
    /// The commit sequence of the last event the subscriber has acknowledged (or passed over as not matching): it moves
    /// only after the subscriber's 2xx, so no event is skipped or sent twice across restarts.
    public var position: Int64
    public var createdAt: Int64
    public var lastNotifiedAt: Int64?
    /// When a scheduled subscription runs next (epoch ms).
    public var nextRun: Int64?
    /// Deliveries failed in a row, the last failure, and when the next attempt is due.
    public var failures: Int
    public var lastError: String?
    public var retryAt: Int64?

    public init(
        id: String, queryName: String, organisationID: String, dest: String, signatureToken: String?, stream: Bool,
        schedule: String?, reportIfEmpty: Bool, initialRecordTime: Int64?, position: Int64, createdAt: Int64,
        lastNotifiedAt: Int64? = nil, nextRun: Int64? = nil, failures: Int = 0, lastError: String? = nil, retryAt: Int64? = nil
    ) {
        self.id = id; self.queryName = queryName; self.organisationID = organisationID; self.dest = dest
        self.signatureToken = signatureToken; self.stream = stream; self.schedule = schedule; self.reportIfEmpty = reportIfEmpty
        self.initialRecordTime = initialRecordTime; self.position = position; self.createdAt = createdAt
        self.lastNotifiedAt = lastNotifiedAt; self.nextRun = nextRun; self.failures = failures; self.lastError = lastError
        self.retryAt = retryAt
    }

    /// Failing: this many deliveries in a row have failed. It keeps being retried (with backoff) and resumes where it stopped.
    public static let failingAfter = 5
    public var isFailing: Bool { failures >= Self.failingAfter }
}

/// What a delivery attempt changed: the position reached and the next run (after a 2xx), or the failure (otherwise).
public enum DeliveryOutcome: Sendable, Equatable {
    case delivered(position: Int64, at: Int64, nextRun: Int64?)
    /// Nothing to send (no event matched, and no empty report is due): the position moves past what was read.
    case passed(position: Int64, nextRun: Int64?)
    case failed(error: String, at: Int64, retryAt: Int64)
}

/// One delivery attempt to record: of subscription `id`, started at position `from`.
public struct DeliveryAttempt: Sendable, Equatable {
    public var id: String
    public var from: Int64
    public var outcome: DeliveryOutcome
    public init(id: String, from: Int64, _ outcome: DeliveryOutcome) { self.id = id; self.from = from; self.outcome = outcome }
}

/// A lease to take or renew: subscription `id` for `owner` until `until`, at time `now` (epoch ms).
public struct SubscriptionLease: Sendable, Equatable {
    public var id: String
    public var owner: String
    public var now: Int64
    public var until: Int64
    public init(id: String, owner: String, now: Int64, until: Int64) { self.id = id; self.owner = owner; self.now = now; self.until = until }
}

public protocol SubscriptionStore: Sendable {
    /// Keeps the subscription; false (nothing written) when its query does not exist.
    func addSubscription(_ s: QuerySubscription) async throws -> Bool
    func subscription(id: String) async throws -> QuerySubscription?
    /// A query's subscriptions by id, after `after`, at most `limit`.
    func subscriptions(queryName: String, after: String?, limit: Int) async throws -> [QuerySubscription]
    /// Every subscription (what a dispatcher looks through).
    func allSubscriptions() async throws -> [QuerySubscription]
    func removeSubscription(id: String) async throws -> Bool
    /// Records attempts, in one transaction (a dispatcher serving a hundred subscribers commits their positions together,
    /// not one by one): each only if its subscription's position is still its `from` (no other process delivered
    /// meanwhile), and for each whether it was written.
    func recordDeliveries(_ attempts: [DeliveryAttempt]) async throws -> [Bool]
    /// Takes leases, in one transaction: each subscription's for `owner` until `until` (epoch ms) when it is free,
    /// expired, or already the owner's (one process at a time delivers a subscription); for each whether it was taken.
    func leaseSubscriptions(_ leases: [SubscriptionLease]) async throws -> [Bool]
    /// The commit sequence of the last event recorded before `recordTime` (0 when none): where a subscription starts
    /// that wants the events recorded from then on (record times never go back in commit order: `EventStore`).
    func commitSequence(recordedBefore recordTime: Int64) async throws -> Int64
    /// The commit sequence of the last event committed (0 when none).
    func lastCommitSequence() async throws -> Int64
}

extension SubscriptionStore {
    /// One attempt (`recordDeliveries`).
    public func recordDelivery(id: String, from: Int64, _ outcome: DeliveryOutcome) async throws -> Bool {
        try await recordDeliveries([DeliveryAttempt(id: id, from: from, outcome)]).first ?? false
    }

    /// One lease (`leaseSubscriptions`).
    public func leaseSubscription(id: String, owner: String, now: Int64, until: Int64) async throws -> Bool {
        try await leaseSubscriptions([SubscriptionLease(id: id, owner: owner, now: now, until: until)]).first ?? false
    }
}
