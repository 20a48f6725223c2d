import Logging
import PostgresNIO

/// The reads with a fixed text that (nearly) every request makes, prepared once per connection (postgres-nio names each
/// by its type and prepares it on a connection's first use): the server then neither parses nor plans them again. An
/// unnamed statement was parsed and planned on every call; on a passport that was about 3 ms of the server's time
/// across its reads, against 2 ms of executing them (issue 26). The event query, whose text depends on the filters,
/// stays unnamed. Each names its columns (no `*`): a prepared statement whose result would change shape fails ("cached
/// plan must not change result type"), and a later migration may add a column while a process runs.
protocol PreparedRead: PostgresPreparedStatement where Row == PostgresRandomAccessRow {
    var bindings: PostgresBindings { get throws }
}

extension PreparedRead {
    var bindings: PostgresBindings { PostgresBindings() }
    func makeBindings() throws -> PostgresBindings { try bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRandomAccessRow { row.makeRandomAccess() }
}

extension PostgresStore {
    /// Rows of a prepared read, all read.
    func rows<Read: PreparedRead>(_ read: Read) async throws -> [PostgresRandomAccessRow] {
        do {
            var out: [PostgresRandomAccessRow] = []
            for try await row in try await client.execute(read, logger: logger) { out.append(row) }
            return out
        } catch let error as PSQLError {
            throw PostgresStoreError.failed(Self.describe(error))
        }
    }
}

extension PostgresConnection {
    func rows<Read: PreparedRead>(_ read: Read, logger: Logger) async throws -> [PostgresRandomAccessRow] {
        var out: [PostgresRandomAccessRow] = []
        for try await row in try await execute(read, logger: logger) { out.append(row) }
        return out
    }
}

/// Binds `values` in order.
func preparedBindings(_ values: any PostgresEncodable...) throws -> PostgresBindings {
    var b = PostgresBindings(capacity: values.count)
    for v in values { try b.append(v) }
    return b
}

enum Reads {
    static let eventColumns = EventColumns.columns.joined(separator: ", ")
    struct ProductsRevision: PreparedRead { static let sql = "SELECT revision FROM product_revision WHERE id = 1" }
    struct LeafCount: PreparedRead { static let sql = "SELECT COALESCE(MAX(seq), 0) AS n FROM tlog_leaves" }
    struct EventCount: PreparedRead { static let sql = "SELECT COUNT(*) AS n FROM events" }
    struct EventsPerMonth: PreparedRead {
        static let sql = """
            SELECT to_char(to_timestamp(event_time / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM') AS month, COUNT(*) AS n FROM events
            WHERE organisation_id = $1 GROUP BY month ORDER BY month
            """
        let organisationID: String
        var bindings: PostgresBindings { get throws { try preparedBindings(organisationID) } }
    }
    struct CommittedAfter: PreparedRead {
        static let sql = "SELECT \(eventColumns) FROM events WHERE row > $1 ORDER BY row LIMIT $2"
        let after: Int64, limit: Int64
        var bindings: PostgresBindings { get throws { try preparedBindings(after, limit) } }
    }
    struct EventByID: PreparedRead {
        static let sql = "SELECT \(eventColumns) FROM events WHERE event_id = $1"
        let id: String
        var bindings: PostgresBindings { get throws { try preparedBindings(id) } }
    }
    struct Prefixes: PreparedRead { static let sql = "SELECT prefix, organisation_id FROM gs1_prefixes" }
    struct Grants: PreparedRead { static let sql = "SELECT id, grantor, grantee, kind, key, first_serial, last_serial FROM identifier_grants ORDER BY id" }
    struct Product: PreparedRead {
        static let sql = "SELECT gtin, owner, json, updated_at FROM products WHERE gtin = $1"
        let gtin: String
        var bindings: PostgresBindings { get throws { try preparedBindings(gtin) } }
    }
    struct Unnamed: PreparedRead { static let sql = "SELECT organisation_id FROM unnamed_on_passports" }
    struct Authority: PreparedRead {
        static let sql = "SELECT 1 FROM authorities WHERE organisation_id = $1"
        let id: String
        var bindings: PostgresBindings { get throws { try preparedBindings(id) } }
    }
    struct OrganisationByID: PreparedRead {
        static let sql = "SELECT id, name, public_key, hosted FROM organisations WHERE id = $1"
        let id: String
        var bindings: PostgresBindings { get throws { try preparedBindings(id) } }
    }
    struct OrganisationByToken: PreparedRead {
        static let sql = "SELECT id, name, public_key, hosted FROM organisations WHERE token_hash = $1"
        let tokenHash: String
        var bindings: PostgresBindings { get throws { try preparedBindings(tokenHash) } }
    }
    /// The latest checkpoint with its cosignatures, one row per cosignature (one row with NULLs when it has none).
    struct LatestCheckpoint: PreparedRead {
        static let sql = """
            SELECT c.size, c.root, c.note, c.created_at, s.witness, s.line
            FROM (SELECT size, root, note, created_at FROM tlog_checkpoints ORDER BY size DESC LIMIT 1) c LEFT JOIN tlog_cosignatures s ON s.size = c.size
            """
    }
    struct LeavesByHash: PreparedRead {
        static let sql = "SELECT e.event_hash, l.seq, l.leaf FROM events e JOIN tlog_leaves l ON l.seq = e.leaf_seq WHERE e.event_hash = ANY($1::text[])"
        let hashes: [String]
        var bindings: PostgresBindings { get throws { try preparedBindings(hashes) } }
    }
    struct Tile: PreparedRead {
        static let sql = "SELECT data FROM tlog_tiles WHERE level = $1 AND idx = $2"
        let level: Int32, index: Int64
        var bindings: PostgresBindings { get throws { try preparedBindings(level, index) } }
    }
    struct Tiles: PreparedRead {
        static let sql = """
            SELECT t.level, t.idx, t.data FROM tlog_tiles t
            JOIN UNNEST($1::integer[], $2::bigint[]) AS w(level, idx) ON t.level = w.level AND t.idx = w.idx
            """
        let levels: [Int32], indexes: [Int64]
        var bindings: PostgresBindings { get throws { try preparedBindings(levels, indexes) } }
    }
}
