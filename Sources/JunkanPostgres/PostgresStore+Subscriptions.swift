public import JunkanStore
import PostgresNIO

extension PostgresStore: SubscriptionStore {
    public func addSubscription(_ s: QuerySubscription) async throws -> Bool {
        !(try await rows(
            """
            INSERT INTO subscriptions (id, query_name, organisation_id, dest, signature_token, stream, schedule, report_if_empty,
                initial_record_time, position, created_at, next_run)
            SELECT \(s.id), name, \(s.organisationID), \(s.dest), \(s.signatureToken), \(s.stream), \(s.schedule), \(s.reportIfEmpty),
                \(s.initialRecordTime), \(s.position), \(s.createdAt), \(s.nextRun)
            FROM named_queries WHERE name = \(s.queryName)
            RETURNING id
            """
        ).isEmpty)
    }

    public func subscription(id: String) async throws -> QuerySubscription? {
        try await rows("SELECT * FROM subscriptions WHERE id = \(id)").first.map(Self.subscription)
    }

    public func subscriptions(queryName: String, after: String?, limit: Int) async throws -> [QuerySubscription] {
        try await rows(
            """
            SELECT * FROM subscriptions WHERE query_name = \(queryName) AND id > \(after ?? "") COLLATE "C"
            ORDER BY id COLLATE "C" LIMIT \(Int64(limit))
            """
        ).map(Self.subscription)
    }

    public func allSubscriptions() async throws -> [QuerySubscription] {
        try await rows("SELECT * FROM subscriptions ORDER BY id COLLATE \"C\"").map(Self.subscription)
    }

    public func removeSubscription(id: String) async throws -> Bool {
        !(try await rows("DELETE FROM subscriptions WHERE id = \(id) RETURNING id").isEmpty)
    }

    public func recordDelivery(id: String, from: Int64, _ outcome: DeliveryOutcome) async throws -> Bool {
        let changed: [PostgresRandomAccessRow]
        switch outcome {
        case .delivered(let position, let at, let nextRun):
            changed = try await rows(
                """
                UPDATE subscriptions SET position = \(position), last_notified_at = \(at), next_run = \(nextRun), failures = 0,
                    last_error = NULL, retry_at = NULL
                WHERE id = \(id) AND position = \(from) RETURNING id
                """)
        case .passed(let position, let nextRun):
            changed = try await rows(
                "UPDATE subscriptions SET position = \(position), next_run = \(nextRun) WHERE id = \(id) AND position = \(from) RETURNING id")
        case .failed(let error, _, let retryAt):
            changed = try await rows(
                """
                UPDATE subscriptions SET failures = failures + 1, last_error = \(error), retry_at = \(retryAt)
                WHERE id = \(id) AND position = \(from) RETURNING id
                """)
        }
        return !changed.isEmpty
    }

    public func leaseSubscription(id: String, owner: String, now: Int64, until: Int64) async throws -> Bool {
        !(try await rows(
            """
            UPDATE subscriptions SET lease_owner = \(owner), lease_until = \(until)
            WHERE id = \(id) AND (lease_until < \(now) OR lease_owner = \(owner)) RETURNING id
            """
        ).isEmpty)
    }

    public func commitSequence(recordedBefore recordTime: Int64) async throws -> Int64 {
        try await rows("SELECT COALESCE(MAX(row), 0) AS n FROM events WHERE record_time < \(recordTime)").first?.get("n", as: Int64.self) ?? 0
    }

    public func lastCommitSequence() async throws -> Int64 {
        try await rows("SELECT COALESCE(MAX(row), 0) AS n FROM events").first?.get("n", as: Int64.self) ?? 0
    }

    static func subscription(_ r: PostgresRandomAccessRow) throws -> QuerySubscription {
        QuerySubscription(
            id: try r.get("id"), queryName: try r.get("query_name"), organisationID: try r.get("organisation_id"), dest: try r.get("dest"),
            signatureToken: try r.get("signature_token", as: String?.self), stream: try r.get("stream"),
            schedule: try r.get("schedule", as: String?.self), reportIfEmpty: try r.get("report_if_empty"),
            initialRecordTime: try r.get("initial_record_time", as: Int64?.self), position: try r.get("position"),
            createdAt: try r.get("created_at"), lastNotifiedAt: try r.get("last_notified_at", as: Int64?.self),
            nextRun: try r.get("next_run", as: Int64?.self), failures: Int(try r.get("failures", as: Int32.self)),
            lastError: try r.get("last_error", as: String?.self), retryAt: try r.get("retry_at", as: Int64?.self))
    }
}
