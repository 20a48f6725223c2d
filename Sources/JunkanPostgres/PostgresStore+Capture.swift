import Foundation
import JunkanCore
import JunkanLedger
public import JunkanStore
import Logging
import NIOCore
import PostgresNIO

extension PostgresStore: EventStore {
    public func capture(_ events: [EventRecord], restamp: @escaping Restamp) async throws -> CaptureResult {
        try await capture(chunks: 1, produce: { _ in events }, restamp: restamp, masterData: nil)
    }

    /// One transaction for the chunks `produce` makes, pipelined as on SQLite: chunk k + 1 is made on another thread while
    /// chunk k is written, and chunk 0 before the transaction begins. Each chunk costs four round trips, whatever its size:
    /// which of its hashes are stored already, then the events by `COPY`, and one set-based insert each into identifiers and leaves.
    public func capture(
        chunks: Int, produce: @escaping @Sendable (Int) throws -> [EventRecord], restamp: @escaping Restamp,
        masterData: MasterDataDeclaration?
    ) async throws
        -> CaptureResult
    {
        let make: @Sendable (Int) -> Task<[EventRecord], any Error> = { k in Task.detached { try produce(k) } }
        var next: Task<[EventRecord], any Error>? = chunks > 0 ? make(0) : nil
        let logger = self.logger
        return try await transaction { connection in
            var writer = try await PostgresCaptureWriter(connection, logger: logger, restamp: restamp)
            var conflict: EventStoreError?
            for k in 0..<chunks {
                let records = try await next!.value
                next = k + 1 < chunks ? make(k + 1) : nil
                // After an eventID conflict nothing more is written (the transaction is aborted), but the later chunks are
                // still made: a failure among them is the one reported, as on SQLite.
                guard conflict == nil else { continue }
                do { try await writer.insert(records) } catch let e as EventStoreError { conflict = e }
            }
            if let conflict { throw conflict }
            try await writer.finish()
            if let masterData { try await Self.write(masterData, connection, logger: logger) }
            return writer.result
        }
    }

    public func saveJob(_ job: CaptureJob) async throws {
        let errors = String(decoding: try JSONEncoder().encode(job.errors), as: UTF8.self)
        try await execute(
            """
            INSERT INTO capture_jobs (id, organisation_id, created_at, finished_at, status, error_behaviour, event_count, stored_count,
                                      duplicate_count, errors)
            VALUES (\(job.id), \(job.organisationID), \(job.createdAt), \(job.finishedAt), \(job.status.rawValue), \(job.errorBehaviour),
                    \(Int64(job.eventCount)), \(Int64(job.storedCount)), \(Int64(job.duplicateCount)), \(errors))
            ON CONFLICT (id) DO UPDATE SET finished_at = excluded.finished_at, status = excluded.status,
                stored_count = excluded.stored_count, duplicate_count = excluded.duplicate_count, errors = excluded.errors
            """, logger: logger)
    }

    public func job(id: String) async throws -> CaptureJob? {
        guard let r = try await rows("SELECT * FROM capture_jobs WHERE id = \(id)").first else { return nil }
        let errors = (try? JSONDecoder().decode([CaptureJob.EventError].self, from: Data(try r.get("errors", as: String.self).utf8))) ?? []
        return CaptureJob(
            id: try r.get("id"), organisationID: try r.get("organisation_id"), createdAt: try r.get("created_at"),
            finishedAt: try r.get("finished_at"), status: CaptureJob.Status(rawValue: try r.get("status")) ?? .failed,
            errorBehaviour: try r.get("error_behaviour"), eventCount: Int(try r.get("event_count", as: Int64.self)),
            storedCount: Int(try r.get("stored_count", as: Int64.self)), duplicateCount: Int(try r.get("duplicate_count", as: Int64.self)),
            errors: errors)
    }

    public func addOrganisation(name: String, tokenHash: String, key: OrganisationKey) async throws -> Organisation {
        let org = Organisation(id: "org-" + UUID().uuidString.lowercased().prefix(13).replacingOccurrences(of: "-", with: ""), name: name, key: key)
        // The seed goes to the key directory, never into the database (docs/security.md), and is on disk first.
        if case .hosted(let seed, _) = key { try keys.write(seed: seed, for: org.id) }
        let hosted = if case .hosted = key { true } else { false }
        try await execute(
            """
            INSERT INTO organisations (id, name, token_hash, created_at, public_key, hosted)
            VALUES (\(org.id), \(name), \(tokenHash), \(Int64(Date().timeIntervalSince1970 * 1000)), \(ByteBuffer(key.publicKey)), \(hosted))
            """, logger: logger)
        return org
    }

    public func organisation(tokenHash: String) async throws -> Organisation? {
        try await rows(Reads.OrganisationByToken(tokenHash: tokenHash)).first.map(organisation)
    }

    public func organisation(id: String) async throws -> Organisation? {
        try await rows(Reads.OrganisationByID(id: id)).first.map(organisation)
    }

    public func organisations() async throws -> [Organisation] {
        try await rows("SELECT id, name, public_key, hosted FROM organisations ORDER BY id").map(organisation)
    }

    /// A hosted organisation's seed comes from the key directory; without its file the organisation cannot be used.
    func organisation(_ r: PostgresRandomAccessRow) throws -> Organisation {
        let pub = try r.bytes("public_key")
        let id: String = try r.get("id")
        guard try r.get("hosted", as: Bool.self) else { return Organisation(id: id, name: try r.get("name"), key: .own(publicKey: pub)) }
        guard let seed = try keys.seed(for: id) else { throw KeyDirectoryError.missing(organisationID: id, file: keys.file(for: id)) }
        return Organisation(id: id, name: try r.get("name"), key: .hosted(seed: seed, publicKey: pub))
    }

    /// Refuses a key directory others may read, and any hosted organisation whose key file is missing or holds another
    /// key than the database's public key (`junkan serve` checks this at start).
    public func checkSigningKeys() async throws {
        try keys.checkPermissions()
        for org in try await organisations() {
            guard case .hosted(let seed, let pub) = org.key else { continue }
            guard try Ed25519Seed.publicKeyBytes(ofSeed: seed) == pub else {
                throw KeyDirectoryError.mismatch(organisationID: org.id, file: keys.file(for: org.id))
            }
        }
    }
}

/// Writes captured events, their identifiers and their leaves inside the capture's transaction, which holds the state
/// row: row and leaf numbers are given here, in commit order.
struct PostgresCaptureWriter {
    let connection: PostgresConnection
    let logger: Logger
    let restamp: Restamp
    var nextRow: Int64
    var nextSeq: Int64
    var lastRecordTime: Int64
    var result = CaptureResult(stored: [], duplicates: [])
    /// Hashes stored by this capture: a repeat inside one document is a duplicate too.
    var written: Set<String> = []

    init(_ connection: PostgresConnection, logger: Logger, restamp: @escaping Restamp) async throws {
        self.connection = connection
        self.logger = logger
        self.restamp = restamp
        guard
            let state = try await connection.rows(
                "SELECT next_row, next_seq, last_record_time FROM junkan_state WHERE id = 1 FOR UPDATE", logger: logger
            ).first
        else { throw PostgresStoreError.missingState("sequence state row (junkan_state)") }
        nextRow = try state.get("next_row")
        nextSeq = try state.get("next_seq")
        lastRecordTime = try state.get("last_record_time")
    }

    mutating func insert(_ stamped: [EventRecord]) async throws {
        guard !stamped.isEmpty else { return }
        // Records stamped before the latest committed time are made again at that time (`EventStore`).
        let events = try stamped.restamped(notBefore: lastRecordTime, with: restamp)
        let stored = Set(
            try await connection.execute(StoredHashes(hashes: events.map(\.eventHash)), logger: logger).reduce(into: [String]()) { $0.append($1) })
        var rows = EventColumns()
        var identifiers = IdentifierColumns()
        var leaves = LeafColumns()
        for e in events {
            if stored.contains(e.eventHash) || written.contains(e.eventHash) {
                result.duplicates.append(e.eventHash)
                continue
            }
            written.insert(e.eventHash)
            let row = nextRow
            nextRow += 1
            var seq: Int64 = 0
            if !e.leaf.isEmpty {
                seq = nextSeq
                nextSeq += 1
                leaves.append(seq: seq, hash: e.eventHash, leaf: e.leaf)
            }
            rows.append(e, row: row, seq: seq)
            for id in e.identifiers { identifiers.append(id, row: row) }
            result.stored.append(e.eventID)
            lastRecordTime = max(lastRecordTime, e.recordTime)
        }
        guard !rows.row.isEmpty else { return }
        do {
            // COPY: the events' JSON is most of a capture's bytes, and COPY takes them in one stream with no per-row
            // statement work (1.1–1.3x the rate of the UNNEST insert it replaced, in scripts/bench-postgres.sh).
            let buffer = rows.copyText()
            try await connection.copyFrom(table: "events", columns: EventColumns.columns, format: .text(.init()), logger: logger) { writer in
                try await writer.write(buffer)
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            // The hash is new but the eventID is taken (stored, or twice in this capture): a different event under the same ID.
            let detail = error.serverInfo?[.detail] ?? ""
            let id = detail.range(of: "=(").flatMap { start in detail.range(of: ") already exists").map { String(detail[start.upperBound..<$0.lowerBound]) } }
            throw EventStoreError.eventIDConflict(eventID: id ?? rows.eventID.first ?? "")
        }
        if !identifiers.id.isEmpty { try await connection.execute(identifiers, logger: logger) }
        if !leaves.seq.isEmpty { try await connection.execute(leaves, logger: logger) }
    }

    func finish() async throws {
        guard !result.stored.isEmpty else { return }
        try await connection.query(
            "UPDATE junkan_state SET next_row = \(nextRow), next_seq = \(nextSeq), last_record_time = \(lastRecordTime) WHERE id = 1",
            logger: logger)
    }
}

/// Which of a chunk's hashes are stored already.
struct StoredHashes: PostgresPreparedStatement {
    static let sql = "SELECT event_hash FROM events WHERE event_hash = ANY($1::text[])"
    var hashes: [String]
    func makeBindings() throws -> PostgresBindings {
        var b = PostgresBindings()
        b.append(hashes)
        return b
    }
    func decodeRow(_ row: PostgresRow) throws -> String { try row.decode(String.self) }
}

/// A chunk's events, column by column, written with `COPY` (`copyText`). Absent optional text is '' and a leafless
/// event's leaf number 0 here; they are written as NULL (`\N`): no EPCIS value is empty, and leaf numbers start at 1.
struct EventColumns {
    var row: [Int64] = [], eventID: [String] = [], hash: [String] = [], type: [String] = [], eventTime: [Int64] = []
    var recordTime: [Int64] = [], action: [String] = [], bizStep: [String] = [], disposition: [String] = [], readPoint: [String] = []
    var bizLocation: [String] = [], transformationID: [String] = [], organisation: [String] = [], json: [String] = []
    var identifiers: [String] = [], seq: [Int64] = []

    mutating func append(_ e: EventRecord, row r: Int64, seq s: Int64) {
        row.append(r); eventID.append(e.eventID); hash.append(e.eventHash); type.append(e.type); eventTime.append(e.eventTime)
        recordTime.append(e.recordTime); action.append(e.action ?? ""); bizStep.append(e.bizStep ?? "")
        disposition.append(e.disposition ?? ""); readPoint.append(e.readPoint ?? ""); bizLocation.append(e.bizLocation ?? "")
        transformationID.append(e.transformationID ?? ""); organisation.append(e.organisationID); json.append(e.json)
        identifiers.append(StoredColumns.identifiers(e.identifiers)); seq.append(s)
    }

    static let columns = [
        "row", "event_id", "event_hash", "type", "event_time", "record_time", "action", "biz_step", "disposition", "read_point",
        "biz_location", "transformation_id", "organisation_id", "json", "identifiers", "leaf_seq"
    ]

    /// The rows in COPY's text format: tab-separated, `\N` for NULL, backslash, tab, newline and carriage return escaped.
    func copyText() -> ByteBuffer {
        var out = ByteBuffer()
        out.reserveCapacity(json.reduce(0) { $0 + $1.utf8.count } + row.count * 400)
        func text(_ s: String) {
            guard s.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
                out.writeString(s)
                return
            }
            for byte in s.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): out.writeStaticString("\\\\")
                case UInt8(ascii: "\t"): out.writeStaticString("\\t")
                case UInt8(ascii: "\n"): out.writeStaticString("\\n")
                case UInt8(ascii: "\r"): out.writeStaticString("\\r")
                default: out.writeInteger(byte)
                }
            }
        }
        func optional(_ s: String) { if s.isEmpty { out.writeStaticString("\\N") } else { text(s) } }
        for k in row.indices {
            out.writeString(String(row[k])); out.writeInteger(UInt8(ascii: "\t"))
            text(eventID[k]); out.writeInteger(UInt8(ascii: "\t"))
            text(hash[k]); out.writeInteger(UInt8(ascii: "\t"))
            text(type[k]); out.writeInteger(UInt8(ascii: "\t"))
            out.writeString(String(eventTime[k])); out.writeInteger(UInt8(ascii: "\t"))
            out.writeString(String(recordTime[k])); out.writeInteger(UInt8(ascii: "\t"))
            for column in [action, bizStep, disposition, readPoint, bizLocation, transformationID] {
                optional(column[k]); out.writeInteger(UInt8(ascii: "\t"))
            }
            text(organisation[k]); out.writeInteger(UInt8(ascii: "\t"))
            text(json[k]); out.writeInteger(UInt8(ascii: "\t"))
            text(identifiers[k]); out.writeInteger(UInt8(ascii: "\t"))
            if seq[k] == 0 { out.writeStaticString("\\N") } else { out.writeString(String(seq[k])) }
            out.writeInteger(UInt8(ascii: "\n"))
        }
        return out
    }
}

struct IdentifierColumns: PostgresPreparedStatement {
    static let sql = """
        INSERT INTO event_identifiers (id, role, event_row) SELECT * FROM UNNEST($1::text[], $2::text[], $3::bigint[])
        ON CONFLICT DO NOTHING
        """
    var id: [String] = [], role: [String] = [], row: [Int64] = []
    mutating func append(_ i: EventIdentifier, row r: Int64) { id.append(i.id); role.append(i.role.rawValue); row.append(r) }
    func makeBindings() throws -> PostgresBindings {
        var b = PostgresBindings(capacity: 3)
        b.append(id); b.append(role); b.append(row)
        return b
    }
    func decodeRow(_ row: PostgresRow) throws {}
}

struct LeafColumns: PostgresPreparedStatement {
    static let sql = "INSERT INTO tlog_leaves (seq, event_hash, leaf) SELECT * FROM UNNEST($1::bigint[], $2::text[], $3::bytea[])"
    var seq: [Int64] = [], hash: [String] = [], leaf: [ByteBuffer] = []
    mutating func append(seq s: Int64, hash h: String, leaf l: [UInt8]) { seq.append(s); hash.append(h); leaf.append(ByteBuffer(l)) }
    func makeBindings() throws -> PostgresBindings {
        var b = PostgresBindings(capacity: 3)
        b.append(seq); b.append(hash); b.append(leaf)
        return b
    }
    func decodeRow(_ row: PostgresRow) throws {}
}
