import Crypto
import Foundation
public import JunkanCore
public import JunkanStore
import Synchronization

/// Delivers the subscriptions of named queries (EPCIS 2.0 REST binding, webhooks): stream subscriptions as events are
/// committed, scheduled ones when their schedule fires. Each delivery is an EPCISQueryDocument POSTed to the
/// subscriber's `dest`, signed with its `signatureToken` (`GS1-Signature`), in batches of `Settings.batchSize` events.
///
/// A subscription's position is the commit sequence of the last event delivered or passed over; it moves only after the
/// subscriber's 2xx, in the store, so a restart resumes exactly there: no event is skipped, and none is sent again
/// unless the node stops between the subscriber's 2xx and that write. A failed delivery is retried with exponential
/// backoff, from the same position; after `QuerySubscription.failingAfter` failures in a row the subscription is
/// failing (shown by `GET` and `/metrics`) and keeps being retried. One process at a time serves a subscription (a lease
/// in the store), so the processes of one node do not deliver an event twice.
public actor SubscriptionDispatcher {
    public struct Settings: Sendable {
        public var allowPrivateWebhooks: Bool
        /// Events per delivery.
        public var batchSize: Int
        /// Seconds before the first retry (doubling up to `retryMax`).
        public var retryBase: Double
        public var retryMax: Double
        /// Seconds a process holds a subscription it serves (renewed before each delivery; longer than `timeout`, so a
        /// delivery under way never outlives its lease).
        public var lease: Double
        /// This process as the leases know it: a process restarted under the same name (the same address and port)
        /// takes its subscriptions back at once instead of waiting for its old leases to lapse.
        public var owner: String
        /// Seconds between passes when nothing wakes the dispatcher (new events captured by another process are seen so).
        public var poll: Double
        /// Seconds a subscriber has to answer one delivery.
        public var timeout: Double
        /// Deliveries under way at once, over all subscriptions.
        public var concurrency: Int
        /// Seconds at least between two passes (see `run`).
        public var coalesce: Double

        public init(
            allowPrivateWebhooks: Bool = false, batchSize: Int = 500, retryBase: Double = 0.5, retryMax: Double = 60, lease: Double = 15,
            poll: Double = 0.25, timeout: Double = 10, concurrency: Int = 16, coalesce: Double = 0.2, owner: String? = nil
        ) {
            self.allowPrivateWebhooks = allowPrivateWebhooks; self.batchSize = batchSize; self.retryBase = retryBase; self.retryMax = retryMax
            self.lease = lease; self.poll = poll; self.timeout = timeout; self.concurrency = concurrency; self.coalesce = coalesce;
            self.owner = owner ?? UUID().uuidString
        }
    }

    /// A webhook POST: the status the subscriber answered, or an error when it did not.
    public typealias Post = @Sendable (_ url: String, _ body: [UInt8], _ headers: [String: String], _ timeout: Double) async throws -> Int

    public typealias Store = EventStore & NamedQueryStore & SubscriptionStore & MasterDataStore

    let store: any Store
    let parse: @Sendable (NamedQuery) throws -> EventQuery
    public nonisolated let settings: Settings
    public nonisolated let now: @Sendable () -> Int64
    let post: Post
    /// Set by `poke`, read (and cleared) by `run` between passes.
    let poked = Mutex(false)
    /// The subscriptions being served now or waiting for a worker of this pass, by id.
    var serving: Set<String> = []
    /// The workers serving them (at most `concurrency`), by a number of their own.
    var workers: [Int: Task<Void, Never>] = [:]
    var nextWorker = 0
    /// Positions and leases, committed in groups (`GroupCommit`).
    let deliveries: GroupCommit<DeliveryAttempt>
    let leases: GroupCommit<SubscriptionLease>
    /// What was committed last, read once for all the subscriptions.
    let tail: CommittedTail

    public init(
        store: any Store, parse: @escaping @Sendable (NamedQuery) throws -> EventQuery, settings: Settings = .init(),
        now: (@Sendable () -> Int64)? = nil, post: Post? = nil
    ) {
        self.store = store
        self.parse = parse
        self.settings = settings
        self.now = now ?? { Int64(Date().timeIntervalSince1970 * 1000) }
        self.post = post ?? Self.httpPost
        tail = CommittedTail(store: store)
        deliveries = GroupCommit { [store] in try await store.recordDeliveries($0) }
        leases = GroupCommit { [store] in try await store.leaseSubscriptions($0) }
    }

    /// New events were committed: serve the stream subscriptions now rather than at the next poll.
    public nonisolated func poke() { poked.withLock { $0 = true } }

    /// Serves subscriptions until the task is cancelled: a pass, then a wait for a poke or the poll interval, in steps
    /// of `wakeStep` (an idle node checks a flag 40 times a second and reads nothing between its polls). A pass starts
    /// the due subscriptions that are not already being served and does not wait for them: a slow or unreachable
    /// subscriber holds up its own deliveries only.
    public func run() async {
        let steps = max(1, Int(settings.poll / Self.wakeStep))
        let least = Int(settings.coalesce / Self.wakeStep)
        while !Task.isCancelled {
            await launchDue()
            // At least `coalesce` between passes: under a stream of captures each delivery carries what came meanwhile,
            // so the subscribers' positions are written a few times a second, not once per captured document.
            for step in 0..<steps {
                if step >= least,
                    poked.withLock({ p in
                        defer { p = false }; return p
                    })
                {
                    break
                }
                do { try await Task.sleep(for: .milliseconds(Int64(Self.wakeStep * 1000))) } catch { break }
            }
        }
        for task in workers.values { task.cancel() }
    }

    static let wakeStep = 0.025

    /// The due subscriptions that are not being served. Those being served when the read begins are left out even if
    /// they are done by the time it ends: the read may hold the position one had before its last delivery was written,
    /// and serving it from there would send that delivery again.
    func due() async -> [QuerySubscription] {
        let busy = serving
        guard let all = try? await store.allSubscriptions(), !all.isEmpty,
            let head = try? await store.lastCommitSequence()
        else { return [] }
        return all.filter { isDue($0, at: now(), head: head) && !busy.contains($0.id) && !serving.contains($0.id) }
    }

    /// Starts serving the due subscriptions, at most `concurrency` at once: that many workers take them in turn from
    /// the pass's list, each the next as soon as it is done with one, so the last of a hundred subscribers waits for the
    /// deliveries before it, not for later passes.
    func launchDue() async {
        let idle = settings.concurrency - workers.count
        guard idle > 0 else { return }
        let due = await due()
        guard !due.isEmpty else { return }
        let queue = Mutex(due[...])
        serving.formUnion(due.map(\.id))
        for _ in 0..<min(idle, due.count) {
            let number = nextWorker
            nextWorker += 1
            // Below the requests' priority: a capture is acknowledged first and its deliveries follow it, rather than a
            // hundred deliveries slowing every capture (bench-subscriptions.py: capture ratio 0.38–0.47 → 0.46–0.57).
            workers[number] = Task(priority: .utility) {
                var delivered = 0
                while !Task.isCancelled, let s = queue.withLock({ $0.popFirst() }) {
                    delivered += await self.serve(s)
                    await self.finished(s.id)
                }
                await self.retire(number)
                // What was committed while they were served is due now.
                if delivered > 0 { self.poke() }
            }
        }
    }

    func finished(_ id: String) { serving.remove(id) }
    func retire(_ worker: Int) { workers[worker] = nil }

    /// One pass, awaited: every subscription that is due, served until it has caught up, failed or is another process's
    /// (what tests step through on a fake clock).
    public func runOnce() async {
        let due = await due()
        await withTaskGroup(of: Int.self) { group in
            var started = 0
            for s in due {
                if started >= settings.concurrency { _ = await group.next() }
                group.addTask { await self.serve(s) }
                started += 1
            }
            await group.waitForAll()
        }
    }

    /// Due: not waiting for a retry, and a stream subscription behind the last committed event (`head`), or a scheduled
    /// one at its time. An idle subscription costs no lease, no read and no write.
    nonisolated func isDue(_ s: QuerySubscription, at t: Int64, head: Int64) -> Bool {
        if let retry = s.retryAt, retry > t { return false }
        if s.stream { return s.position < head }
        return (s.nextRun ?? .max) <= t
    }

    /// Serves one subscription: the events it delivered.
    nonisolated func serve(_ subscription: QuerySubscription) async -> Int {
        var s = subscription
        var leasedUntil = await lease(s)
        guard leasedUntil != nil, let named = try? await store.namedQuery(name: s.queryName) else { return 0 }
        var delivered = 0
        var sent = 0
        do {
            // Master data filters (`WD_…`) read the hierarchy as it stands at each pass.
            let query = try await store.resolvingMasterData(try parse(named))
            let schedule = try s.schedule.map { text -> QuerySchedule in
                guard case .object(let o) = try JSONParser.parse(text) else { throw QuerySchedule.Invalid(field: "schedule", reason: "not an object") }
                return try QuerySchedule(o)
            }
            // At most a lease's worth of batches, so a subscriber far behind does not hold its process past the lease.
            for _ in 0..<1_000 {
                // Renewed once half of it has passed (a write per delivery would cost as much as the delivery's own).
                if let until = leasedUntil, until - now() < Int64(settings.lease * 500) {
                    leasedUntil = await lease(s)
                    guard leasedUntil != nil else { return delivered }
                }
                let t = now()
                let tail = self.tail
                let next = try await CommittedMatches.read(
                    after: s.position, query: query, since: s.initialRecordTime, most: settings.batchSize,
                    committed: { after, limit in try await tail.events(after: after, limit: limit) })
                let (events, reached, caughtUp) = (next.events, next.reached, next.caughtUp)
                let nextRun = schedule.flatMap { caughtUp ? $0.next(after: t) : s.nextRun }
                // An empty report only when this run found nothing at all (not after the batches that emptied it).
                if events.isEmpty && (s.stream || !s.reportIfEmpty || sent > 0) {
                    if reached != s.position || nextRun != s.nextRun {
                        _ = try await deliveries.submit(DeliveryAttempt(id: s.id, from: s.position, .passed(position: reached, nextRun: nextRun)))
                    }
                    return delivered
                }
                if let refusal = WebhookTarget.refusal(s.dest, allowPrivate: settings.allowPrivateWebhooks) {
                    try await fail(s, refusal)
                    return delivered
                }
                let body = Array(EPCISQueryDocument.text(events: events.map(\.json), queryName: s.queryName, subscriptionID: s.id, creationDate: t).utf8)
                var headers = ["GS1-EPCIS-Version": "2.0.0", "GS1-CBV-Version": "2.0.0"]
                if let token = s.signatureToken { headers["GS1-Signature"] = Self.signature(body, token: token) }
                let status: Int
                do { status = try await post(s.dest, body, headers, settings.timeout) } catch {
                    try await fail(s, "\(error)")
                    return delivered
                }
                guard (200..<300).contains(status) else {
                    try await fail(s, "\(s.dest) answered HTTP \(status)")
                    return delivered
                }
                guard try await deliveries.submit(DeliveryAttempt(id: s.id, from: s.position, .delivered(position: reached, at: t, nextRun: nextRun)))
                else {
                    return delivered
                }
                delivered += events.count
                sent += 1
                s.position = reached
                s.nextRun = nextRun
                // As the store has it now: a failure later in this serve backs off from the first step.
                s.failures = 0
                if caughtUp { return delivered }
            }
        } catch {
            try? await fail(s, "\(error)")
            return delivered
        }
        return delivered
    }

    /// Takes or renews the subscription's lease for this process: until when it holds it, nil when another does.
    nonisolated func lease(_ s: QuerySubscription) async -> Int64? {
        let t = now()
        let until = t + Int64(settings.lease * 1000)
        return (try? await leases.submit(SubscriptionLease(id: s.id, owner: settings.owner, now: t, until: until))) == true ? until : nil
    }

    /// Records a failed attempt: the next one is due after the backoff.
    nonisolated func fail(_ s: QuerySubscription, _ why: String) async throws {
        let t = now()
        let delay = min(settings.retryMax, settings.retryBase * pow(2, Double(min(s.failures, 30))))
        _ = try await deliveries.submit(DeliveryAttempt(id: s.id, from: s.position, .failed(error: why, at: t, retryAt: t + Int64(delay * 1000))))
    }

    /// `GS1-Signature`: the body's HMAC-SHA256 keyed with the subscriber's token (UTF-8), base64 (as FasTnT signs).
    public static func signature(_ body: [UInt8], token: String) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(token.utf8)))).base64EncodedString()
    }

    /// A delivery through `WebhookClient`: bounded in time and answer size, redirects not followed.
    static let httpPost: Post = { url, body, headers, timeout in
        try await WebhookClient.post(url, body: body, headers: headers, timeout: timeout)
    }
}
