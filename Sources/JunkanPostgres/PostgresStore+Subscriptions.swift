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

    public func recordDeliveries(_ attempts: [DeliveryAttempt]) async throws -> [Bool] {
        guard !attempts.isEmpty else { return [] }
        let logger = self.logger
        return try await transaction { connection in
            var written: [Bool] = []
            for a in attempts {
                let changed: [PostgresRandomAccessRow]
                switch a.outcome {
                case .delivered(let position, let at, let nextRun):
                    changed = try await connection.rows(
                        """
                        UPDATE subscriptions SET position = \(position), last_notified_at = \(at), next_run = \(nextRun), failures = 0,
                            last_error = NULL, retry_at = NULL
                        WHERE id = \(a.id) AND position = \(a.from) RETURNING id
                        """, logger: logger)
                case .passed(let position, let nextRun):
                    changed = try await connection.rows(
                        "UPDATE subscriptions SET position = \(position), next_run = \(nextRun) WHERE id = \(a.id) AND position = \(a.from) RETURNING id",
                        logger: logger)
                case .failed(let error, _, let retryAt):
                    changed = try await connection.rows(
                        """
                        UPDATE subscriptions SET failures = failures + 1, last_error = \(error), retry_at = \(retryAt)
                        WHERE id = \(a.id) AND position = \(a.from) RETURNING id
                        """, logger: logger)
                }
                written.append(!changed.isEmpty)
            }
            return written
        }
    }

    public func leaseSubscriptions(_ leases: [SubscriptionLease]) async throws -> [Bool] {
        guard !leases.isEmpty else { return [] }
        let logger = self.logger
        return try await transaction { connection in
            var taken: [Bool] = []
            for l in leases {
                let rows = try await connection.rows(
                    """
                    UPDATE subscriptions SET lease_owner = \(l.owner), lease_until = \(l.until)
                    WHERE id = \(l.id) AND (lease_until < \(l.now) OR lease_owner = \(l.owner)) RETURNING id
                    """, logger: logger)
                taken.append(!rows.isEmpty)
            }
            return taken
        }
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
