import GRDB
public import JunkanStore

extension SQLiteStore: SubscriptionStore {
    /// v28: subscriptions to named queries (issue 29, item 2): each with its position in the commit order and its lease.
    static func registerSubscriptionsMigration(_ m: inout DatabaseMigrator) {
        m.registerSQL(
            "v28: query subscriptions",
            sql: """
                CREATE TABLE subscriptions (
                    id TEXT PRIMARY KEY, query_name TEXT NOT NULL REFERENCES named_queries(name) ON DELETE CASCADE,
                    organisation_id TEXT NOT NULL, dest TEXT NOT NULL, signature_token TEXT, stream INTEGER NOT NULL, schedule TEXT,
                    report_if_empty INTEGER NOT NULL, initial_record_time INTEGER, position INTEGER NOT NULL, created_at INTEGER NOT NULL,
                    last_notified_at INTEGER, next_run INTEGER, failures INTEGER NOT NULL DEFAULT 0, last_error TEXT, retry_at INTEGER,
                    lease_owner TEXT, lease_until INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX subscriptions_by_query ON subscriptions (query_name, id);
                """)
    }

    public func addSubscription(_ s: QuerySubscription) async throws -> Bool {
        try await pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM named_queries WHERE name = ?", arguments: [s.queryName]) != nil else { return false }
            try db.execute(
                sql: """
                    INSERT INTO subscriptions (id, query_name, organisation_id, dest, signature_token, stream, schedule, report_if_empty,
                        initial_record_time, position, created_at, next_run)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    s.id, s.queryName, s.organisationID, s.dest, s.signatureToken, s.stream, s.schedule, s.reportIfEmpty,
                    s.initialRecordTime, s.position, s.createdAt, s.nextRun
                ])
            return true
        }
    }

    public func subscription(id: String) async throws -> QuerySubscription? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM subscriptions WHERE id = ?", arguments: [id]).map(Self.subscription) }
    }

    public func subscriptions(queryName: String, after: String?, limit: Int) async throws -> [QuerySubscription] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM subscriptions WHERE query_name = ? AND id > ? ORDER BY id LIMIT ?", arguments: [queryName, after ?? "", limit]
            ).map(Self.subscription)
        }
    }

    public func allSubscriptions() async throws -> [QuerySubscription] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM subscriptions ORDER BY id").map(Self.subscription) }
    }

    public func removeSubscription(id: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM subscriptions WHERE id = ?", arguments: [id])
            return db.changesCount == 1
        }
    }

    public func recordDeliveries(_ attempts: [DeliveryAttempt]) async throws -> [Bool] {
        guard !attempts.isEmpty else { return [] }
        return try await pool.write { db in
            try attempts.map { a in
                switch a.outcome {
                case .delivered(let position, let at, let nextRun):
                    try db.execute(
                        sql: """
                            UPDATE subscriptions SET position = ?, last_notified_at = ?, next_run = ?, failures = 0, last_error = NULL, retry_at = NULL
                            WHERE id = ? AND position = ?
                            """, arguments: [position, at, nextRun, a.id, a.from])
                case .passed(let position, let nextRun):
                    try db.execute(
                        sql: "UPDATE subscriptions SET position = ?, next_run = ? WHERE id = ? AND position = ?",
                        arguments: [position, nextRun, a.id, a.from])
                case .failed(let error, _, let retryAt):
                    try db.execute(
                        sql: "UPDATE subscriptions SET failures = failures + 1, last_error = ?, retry_at = ? WHERE id = ? AND position = ?",
                        arguments: [error, retryAt, a.id, a.from])
                }
                return db.changesCount == 1
            }
        }
    }

    public func leaseSubscriptions(_ leases: [SubscriptionLease]) async throws -> [Bool] {
        guard !leases.isEmpty else { return [] }
        return try await pool.write { db in
            try leases.map { l in
                try db.execute(
                    sql: "UPDATE subscriptions SET lease_owner = ?, lease_until = ? WHERE id = ? AND (lease_until < ? OR lease_owner = ?)",
                    arguments: [l.owner, l.until, l.id, l.now, l.owner])
                return db.changesCount == 1
            }
        }
    }

    public func commitSequence(recordedBefore recordTime: Int64) async throws -> Int64 {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(row), 0) FROM events WHERE record_time < ?", arguments: [recordTime]) ?? 0
        }
    }

    public func lastCommitSequence() async throws -> Int64 {
        try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(row), 0) FROM events") ?? 0 }
    }

    static func subscription(_ r: Row) -> QuerySubscription {
        QuerySubscription(
            id: r["id"], queryName: r["query_name"], organisationID: r["organisation_id"], dest: r["dest"], signatureToken: r["signature_token"],
            stream: r["stream"], schedule: r["schedule"], reportIfEmpty: r["report_if_empty"], initialRecordTime: r["initial_record_time"],
            position: r["position"], createdAt: r["created_at"], lastNotifiedAt: r["last_notified_at"], nextRun: r["next_run"],
            failures: r["failures"], lastError: r["last_error"], retryAt: r["retry_at"])
    }
}
