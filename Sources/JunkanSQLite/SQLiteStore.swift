import Foundation
import GRDB
import JunkanCore
public import JunkanStore

/// The embedded default store: one SQLite file in WAL mode through a GRDB `DatabasePool` (readers
/// run beside the one writer). `synchronous=FULL`: a capture is acknowledged only after its
/// transaction is on disk, so a crash right after the acknowledgement loses nothing. `inMemory` keeps the same schema
/// in memory, behind one GRDB `DatabaseQueue` (tests, and the store contract suite's second SQLite backend).
public final class SQLiteStore: EventStore {
    /// A `DatabasePool` on a file, a `DatabaseQueue` in memory: the store only reads and writes through it.
    let pool: any DatabaseWriter
    /// Where the hosted organisations' signing keys are (never in the database; docs/security.md).
    public let keys: KeyDirectory

    /// `keys`: the key directory (default: `<path>.keys` beside the database).
    public init(path: String, keys: KeyDirectory? = nil) throws {
        let keys = keys ?? KeyDirectory.beside(database: path)
        self.keys = keys
        pool = try DatabasePool(path: path, configuration: Self.configuration)
        try Self.migrator(keys: keys).migrate(pool)
    }

    /// A store in memory, gone when the value is: for tests. Hosted organisations' seeds still go to `keys`.
    public init(inMemoryWithKeys keys: KeyDirectory) throws {
        self.keys = keys
        pool = try DatabaseQueue(configuration: Self.configuration)
        try Self.migrator(keys: keys).migrate(pool)
    }

    private static var configuration: Configuration {
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // The writer's page cache (SQLite's default is 2 MiB): a capture inserts into indexes keyed by
            // hashes and serial numbers, at random places, and a batch of 10,000 events touches far more
            // pages than 2 MiB holds. 64 MiB made inserting the same rows about 1.2× faster here.
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA cache_size = -65536") }
        }
        config.busyMode = .timeout(10)
        return config
    }

    /// The migrations with no key directory (tests that stop before v13).
    static var migrator: DatabaseMigrator { migrator(keys: nil) }

    /// Schema changes are named, append-only migrations (never edit one that has shipped).
    static func migrator(keys: KeyDirectory?) -> DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerSQL(
            "v1: events, identifiers, organisations, capture jobs",
            sql: """
                CREATE TABLE events (
                    row INTEGER PRIMARY KEY,
                    event_id TEXT NOT NULL UNIQUE,
                    event_hash TEXT NOT NULL UNIQUE,
                    type TEXT NOT NULL,
                    event_time INTEGER NOT NULL,
                    record_time INTEGER NOT NULL,
                    action TEXT,
                    biz_step TEXT,
                    disposition TEXT,
                    read_point TEXT,
                    biz_location TEXT,
                    transformation_id TEXT,
                    organisation_id TEXT NOT NULL,
                    json TEXT NOT NULL
                );
                CREATE INDEX events_event_time ON events(event_time, row);
                CREATE INDEX events_record_time ON events(record_time, row);
                CREATE INDEX events_type ON events(type);
                CREATE INDEX events_biz_step ON events(biz_step);
                CREATE INDEX events_disposition ON events(disposition);
                CREATE INDEX events_read_point ON events(read_point);
                CREATE INDEX events_biz_location ON events(biz_location);
                CREATE INDEX events_transformation_id ON events(transformation_id);
                CREATE TABLE event_identifiers (
                    event_row INTEGER NOT NULL REFERENCES events(row),
                    role TEXT NOT NULL,
                    id TEXT NOT NULL
                );
                CREATE INDEX event_identifiers_id ON event_identifiers(id, role);
                CREATE INDEX event_identifiers_row ON event_identifiers(event_row);
                CREATE TABLE organisations (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE capture_jobs (
                    id TEXT PRIMARY KEY,
                    organisation_id TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    finished_at INTEGER,
                    status TEXT NOT NULL,
                    error_behaviour TEXT NOT NULL,
                    event_count INTEGER NOT NULL,
                    stored_count INTEGER NOT NULL,
                    duplicate_count INTEGER NOT NULL,
                    errors TEXT NOT NULL
                );
                """)
        m.registerSQL(
            "v2: organisation keys and the verifiable log",
            sql: """
                ALTER TABLE organisations ADD COLUMN public_key BLOB;
                ALTER TABLE organisations ADD COLUMN private_key BLOB;
                CREATE TABLE tlog_leaves (
                    seq INTEGER PRIMARY KEY,          -- leaf index + 1: rowids count from 1, never reused (no deletes)
                    event_hash TEXT NOT NULL UNIQUE,
                    leaf BLOB NOT NULL
                );
                CREATE TABLE tlog_tiles (
                    level INTEGER NOT NULL,           -- -1: entry bundle
                    idx INTEGER NOT NULL,
                    data BLOB NOT NULL,               -- the widest version: a partial tile is its prefix
                    PRIMARY KEY (level, idx)
                ) WITHOUT ROWID;
                CREATE TABLE tlog_checkpoints (
                    size INTEGER PRIMARY KEY,
                    root BLOB NOT NULL,
                    note TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE tlog_cosignatures (
                    size INTEGER NOT NULL REFERENCES tlog_checkpoints(size),
                    witness TEXT NOT NULL,
                    line TEXT NOT NULL,
                    PRIMARY KEY (size, witness)
                );
                CREATE TABLE tlog_witnessed (
                    witness TEXT PRIMARY KEY,
                    size INTEGER NOT NULL
                );
                """)
        m.registerSQL(
            "v3: witness state",
            sql: """
                CREATE TABLE witness_logs (
                    origin TEXT PRIMARY KEY,
                    size INTEGER NOT NULL,            -- latest cosigned size (0: none yet)
                    root BLOB
                );
                CREATE TABLE witness_log_keys (
                    origin TEXT NOT NULL REFERENCES witness_logs(origin),
                    vkey TEXT NOT NULL,
                    PRIMARY KEY (origin, vkey)
                );
                CREATE TABLE witness_checkpoints (
                    origin TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    root BLOB NOT NULL,
                    note TEXT NOT NULL,
                    cosigned_at INTEGER NOT NULL,
                    PRIMARY KEY (origin, size)
                );
                CREATE TABLE witness_evidence (
                    id INTEGER PRIMARY KEY,
                    origin TEXT NOT NULL,
                    kind TEXT NOT NULL,               -- split-view, inconsistent
                    request TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    received_at INTEGER NOT NULL
                );
                """)
        registerPactMigration(&m)
        registerCircularityMigration(&m)
        registerMaterialsMigration(&m)
        registerProductsMigration(&m)
        registerCaptureLayoutMigration(&m)
        registerWithdrawnGradesMigration(&m)
        registerOwnershipMigration(&m)
        registerCircularityOwnersMigration(&m)
        registerCheckpointChainMigration(&m)
        registerKeysOutMigration(&m, keys: keys)
        registerQueryIndexesMigration(&m)
        registerPassportNamingMigration(&m)
        registerSequenceStateMigration(&m)
        registerIntegrationLeaseMigration(&m)
        registerNodeSettingsMigration(&m)
        registerPeersMigration(&m)
        registerReleasePoliciesMigration(&m)
        registerSplitViewsMigration(&m)
        registerReleaseGrantsMigration(&m)
        registerReleaseRecordsMigration(&m)
        registerMirrorMigration(&m)
        registerDataSpaceMigration(&m)
        registerOuranosMigration(&m)
        registerNamedQueriesMigration(&m)
        registerSubscriptionsMigration(&m)
        registerMasterDataMigration(&m)
        registerOrganisationEventsMigration(&m)
        registerSubstancesMigration(&m)
        registerSubstanceListsMigration(&m)
        return m
    }

    public func eventCount() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0 }
    }

    public func eventsPerMonth(organisationID: String) async throws -> [MonthCount] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT strftime('%Y-%m', event_time / 1000, 'unixepoch') AS month, COUNT(*) AS n FROM events
                    WHERE organisation_id = ? GROUP BY month ORDER BY month
                    """, arguments: [organisationID]
            ).map { MonthCount(month: $0["month"], count: $0["n"]) }
        }
    }

    /// v30: the organisation dashboard reads an organisation's events by time (issue 30).
    static func registerOrganisationEventsMigration(_ m: inout DatabaseMigrator) {
        m.registerSQL("v30: events by organisation", sql: "CREATE INDEX events_by_organisation ON events(organisation_id, event_time)")
    }
}

extension SQLiteStore: NodeDatabase {}
