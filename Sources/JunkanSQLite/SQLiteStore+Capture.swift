import Foundation
import GRDB
import JunkanCore
import JunkanLedger
public import JunkanStore

extension SQLiteStore {
    /// One transaction for the whole batch: all new events are stored or none is.
    public func capture(_ events: [EventRecord], restamp: @escaping Restamp) async throws -> CaptureResult {
        try await capture(chunks: 1, produce: { _ in events }, restamp: restamp, masterData: nil)
    }

    /// One transaction for the chunks `produce` makes, pipelined: while the writer's thread stores chunk k, chunk k + 1
    /// is made (decoded events hashed, signed, their identifier columns written) on the other cores. Chunk 0 is made
    /// before the writer is taken, so other writes wait only for the part that overlaps the inserts.
    public func capture(
        chunks: Int, produce: @escaping @Sendable (Int) throws -> [EventRecord], restamp: @escaping Restamp,
        masterData: MasterDataDeclaration?
    ) async throws
        -> CaptureResult
    {
        let made: @Sendable (Int) -> PendingChunk = { k in
            PendingChunk {
                let records = try produce(k)
                // The identifier columns are written here, on all cores: the writer's thread only binds and steps.
                return (records, ParallelMap.map(records.count) { StoredColumns.identifiers(records[$0].identifiers) })
            }
        }
        let first = chunks > 0 ? made(0) : nil
        return try await pool.write { db in
            var writer = try CaptureWriter(db, restamp: restamp)
            var next = first
            var conflict: EventStoreError?
            for k in 0..<chunks {
                let (records, columns) = try next!.wait()
                next = k + 1 < chunks ? made(k + 1) : nil
                // After an eventID conflict nothing more is stored, but the later chunks are still made: a failure among
                // them is the one reported, as it was when the whole document was prepared before the transaction.
                guard conflict == nil else { continue }
                do { try writer.insert(records, identifierColumns: columns) } catch let e as EventStoreError { conflict = e }
            }
            if let conflict { throw conflict }
            try writer.finish()
            if let masterData { try Self.write(masterData, db) }
            return writer.result
        }
    }

    public func saveJob(_ job: CaptureJob) async throws {
        let errors = String(decoding: try JSONEncoder().encode(job.errors), as: UTF8.self)
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO capture_jobs (id, organisation_id, created_at, finished_at, status, error_behaviour, event_count,
                                              stored_count, duplicate_count, errors)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET finished_at = excluded.finished_at, status = excluded.status,
                        stored_count = excluded.stored_count, duplicate_count = excluded.duplicate_count, errors = excluded.errors
                    """,
                arguments: [
                    job.id, job.organisationID, job.createdAt, job.finishedAt, job.status.rawValue, job.errorBehaviour,
                    job.eventCount, job.storedCount, job.duplicateCount, errors
                ])
        }
    }

    public func job(id: String) async throws -> CaptureJob? {
        try await pool.read { db in
            guard let r = try Row.fetchOne(db, sql: "SELECT * FROM capture_jobs WHERE id = ?", arguments: [id]) else { return nil }
            let errorsJSON: String = r["errors"]
            let errors = (try? JSONDecoder().decode([CaptureJob.EventError].self, from: Data(errorsJSON.utf8))) ?? []
            return CaptureJob(
                id: r["id"], organisationID: r["organisation_id"], createdAt: r["created_at"], finishedAt: r["finished_at"],
                status: CaptureJob.Status(rawValue: r["status"]) ?? .failed, errorBehaviour: r["error_behaviour"],
                eventCount: r["event_count"], storedCount: r["stored_count"], duplicateCount: r["duplicate_count"],
                errors: errors)
        }
    }

    public func addOrganisation(name: String, tokenHash: String, key: OrganisationKey) async throws -> Organisation {
        let org = Organisation(id: "org-" + UUID().uuidString.lowercased().prefix(13).replacingOccurrences(of: "-", with: ""), name: name, key: key)
        // The seed goes to the key directory, never into the database (docs/security.md), and is on disk first.
        if case .hosted(let seed, _) = key { try keys.write(seed: seed, for: org.id) }
        let hosted = if case .hosted = key { true } else { false }
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO organisations (id, name, token_hash, created_at, public_key, hosted) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [org.id, name, tokenHash, Int64(Date().timeIntervalSince1970 * 1000), Data(key.publicKey), hosted])
        }
        return org
    }

    public func organisation(tokenHash: String) async throws -> Organisation? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT id, name, public_key, hosted FROM organisations WHERE token_hash = ?", arguments: [tokenHash])
                .map(organisation)
        }
    }

    public func organisation(id: String) async throws -> Organisation? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT id, name, public_key, hosted FROM organisations WHERE id = ?", arguments: [id])
                .map(organisation)
        }
    }

    public func organisations() async throws -> [Organisation] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, public_key, hosted FROM organisations ORDER BY id").map(organisation)
        }
    }

    /// A hosted organisation's seed comes from the key directory; without its file the organisation cannot be used.
    func organisation(_ r: Row) throws -> Organisation {
        let pub = Array(r["public_key"] as Data? ?? Data())
        let id: String = r["id"]
        guard r["hosted"] as Bool else { return Organisation(id: id, name: r["name"], key: .own(publicKey: pub)) }
        guard let seed = try keys.seed(for: id) else { throw KeyDirectoryError.missing(organisationID: id, file: keys.file(for: id)) }
        return Organisation(id: id, name: r["name"], key: .hosted(seed: seed, publicKey: pub))
    }

    /// v13: the hosted organisations' seeds leave the database for the key directory. Written there first; the rows
    /// then keep only the public key (and `secure_delete` zeroes the freed bytes).
    static func registerKeysOutMigration(_ m: inout DatabaseMigrator, keys: KeyDirectory?) {
        m.registerMigration("v13: signing keys outside the database") { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
            try db.execute(sql: "ALTER TABLE organisations ADD COLUMN hosted INTEGER NOT NULL DEFAULT 0")
            for r in try Row.fetchAll(db, sql: "SELECT id, private_key FROM organisations WHERE private_key IS NOT NULL") {
                guard let keys else { throw KeyDirectoryError.missing(organisationID: r["id"], file: "(no key directory given)") }
                try keys.write(seed: Array(r["private_key"] as Data), for: r["id"])
                try db.execute(sql: "UPDATE organisations SET hosted = 1, private_key = NULL WHERE id = ?", arguments: [r["id"] as String])
            }
        }
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

/// Inserts captured events, their identifiers and their log leaves inside the writer's transaction.
private struct CaptureWriter {
    let db: Database
    var insertEvent, insertIdentifier, insertLeaf: RowBinding
    let restamp: Restamp
    /// The leaves' sequence numbers are given here, inside the writer's transaction, so each event can name its own;
    /// `finish` writes the next free one back to the state row (v16) in the same transaction.
    var nextSeq: Int64
    /// The latest recordTime committed (v16): an event stamped earlier is committed at this time instead.
    var lastRecordTime: Int64
    var result = CaptureResult(stored: [], duplicates: [])

    init(_ db: Database, restamp: @escaping Restamp) throws {
        self.db = db
        self.restamp = restamp
        insertEvent = RowBinding(
            try db.cachedStatement(
                sql: """
                    INSERT INTO events (event_id, event_hash, type, event_time, record_time, action, biz_step, disposition,
                                        read_point, biz_location, transformation_id, organisation_id, json, identifiers, leaf_seq)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(event_hash) DO NOTHING
                    """), in: db)
        insertIdentifier = RowBinding(try db.cachedStatement(sql: "INSERT INTO event_identifiers (id, role, event_row) VALUES (?, ?, ?)"), in: db)
        insertLeaf = RowBinding(try db.cachedStatement(sql: "INSERT INTO tlog_leaves (seq, event_hash, leaf) VALUES (?, ?, ?)"), in: db)
        guard let state = try Row.fetchOne(db, sql: "SELECT next_seq, last_record_time FROM tlog_state WHERE id = 1") else {
            throw DatabaseError(message: "the log's sequence state row (tlog_state, migration v16) is missing: run junkan verify")
        }
        nextSeq = state["next_seq"]
        lastRecordTime = state["last_record_time"]
    }

    /// Advances the state row past the leaves and the record times this capture committed.
    func finish() throws {
        guard !result.stored.isEmpty else { return }
        try db.execute(sql: "UPDATE tlog_state SET next_seq = ?, last_record_time = ? WHERE id = 1", arguments: [nextSeq, lastRecordTime])
    }

    /// `identifierColumns[k]`: `events[k]`'s identifiers as `StoredColumns.identifiers` writes them.
    mutating func insert(_ stamped: [EventRecord], identifierColumns: [String]) throws {
        result.stored.reserveCapacity(result.stored.count + stamped.count)
        // Records stamped before the latest committed time are made again at that time (`EventStore`).
        let events = try stamped.restamped(notBefore: lastRecordTime, with: restamp)
        for (k, e) in events.enumerated() {
            let seq: Int64? = e.leaf.isEmpty ? nil : nextSeq
            do {
                try insertEvent.run(
                    .text(e.eventID), .text(e.eventHash), .text(e.type), .integer(e.eventTime), .integer(e.recordTime),
                    .text(e.action), .text(e.bizStep), .text(e.disposition), .text(e.readPoint), .text(e.bizLocation),
                    .text(e.transformationID), .text(e.organisationID), .text(e.json), .text(identifierColumns[k]),
                    .integer(seq))
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                // The hash is new but the eventID is taken: a different event under the same ID.
                throw EventStoreError.eventIDConflict(eventID: e.eventID)
            }
            if db.changesCount == 0 {
                result.duplicates.append(e.eventHash)
                continue
            }
            let row = db.lastInsertedRowID
            for id in e.identifiers { try insertIdentifier.run(.text(id.id), .text(id.role.rawValue), .integer(row)) }
            // Sequenced with the event: committed together or not at all.
            if let seq {
                try insertLeaf.run(.integer(seq), .text(e.eventHash), .blob(e.leaf))
                nextSeq += 1
            }
            result.stored.append(e.eventID)
            lastRecordTime = max(lastRecordTime, e.recordTime)
        }
    }
}

/// A chunk of a pipelined capture, made on a global queue; the writer waits for it when it is next.
private final class PendingChunk: @unchecked Sendable {
    // Written once by the worker before `done` is signalled, read by the writer after waiting on it.
    private var outcome: Result<([EventRecord], [String]), any Error>?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () throws -> ([EventRecord], [String])) {
        DispatchQueue.global().async {
            self.outcome = Result { try work() }
            self.done.signal()
        }
    }

    func wait() throws -> ([EventRecord], [String]) {
        done.wait()
        return try outcome!.get()
    }
}
