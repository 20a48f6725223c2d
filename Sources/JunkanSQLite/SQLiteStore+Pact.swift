import Foundation
import GRDB
import JunkanCore
public import JunkanStore

extension SQLiteStore: PactStore {
    static func registerPactMigration(_ m: inout DatabaseMigrator) {
        m.registerSQL(
            "v4: PACT clients, tokens, footprints and events",
            sql: """
                CREATE TABLE pact_clients (
                    client_id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    secret_hash TEXT NOT NULL,        -- SHA-256 hex of the secret
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE pact_tokens (
                    token_hash TEXT PRIMARY KEY,      -- SHA-256 hex of the access token
                    client_id TEXT NOT NULL REFERENCES pact_clients(client_id),
                    expires_at INTEGER NOT NULL       -- ms since epoch
                );
                CREATE TABLE pact_footprints (
                    row INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    organisation_id TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    created INTEGER NOT NULL,
                    status TEXT NOT NULL,             -- Active | Deprecated
                    product_ids TEXT NOT NULL,        -- JSON arrays, for filters
                    company_ids TEXT NOT NULL,
                    classifications TEXT NOT NULL,
                    geography TEXT,
                    valid_from INTEGER NOT NULL,
                    valid_to INTEGER NOT NULL,
                    json TEXT NOT NULL
                );
                CREATE INDEX pact_footprints_subject ON pact_footprints(organisation_id, subject, status);
                CREATE TABLE pact_events (
                    source TEXT NOT NULL,
                    id TEXT NOT NULL,
                    type TEXT NOT NULL,
                    client_id TEXT NOT NULL,
                    received_at INTEGER NOT NULL,
                    json TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    PRIMARY KEY (source, id)
                );
                """)
    }

    public func addPactClient(_ c: PactClient) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO pact_clients (client_id, name, secret_hash, created_at) VALUES (?, ?, ?, ?)",
                arguments: [c.id, c.name, c.secretHash, c.createdAt])
        }
    }

    public func pactClient(id: String) async throws -> PactClient? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM pact_clients WHERE client_id = ?", arguments: [id]).map {
                PactClient(id: $0["client_id"], name: $0["name"], secretHash: $0["secret_hash"], createdAt: $0["created_at"])
            }
        }
    }

    public func savePactToken(_ t: PactToken, now: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM pact_tokens WHERE expires_at < ?", arguments: [now - 86_400_000])
            try db.execute(
                sql: "INSERT INTO pact_tokens (token_hash, client_id, expires_at) VALUES (?, ?, ?)",
                arguments: [t.hash, t.clientID, t.expiresAt])
        }
    }

    public func pactToken(hash: String) async throws -> PactToken? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM pact_tokens WHERE token_hash = ?", arguments: [hash]).map {
                PactToken(hash: $0["token_hash"], clientID: $0["client_id"], expiresAt: $0["expires_at"])
            }
        }
    }

    public func activePactFootprintIDs(organisationID: String, subject: String) async throws -> [String] {
        try await pool.read { db in try Self.activeIDs(db, organisationID, subject) }
    }

    static func activeIDs(_ db: Database, _ org: String, _ subject: String) throws -> [String] {
        try String.fetchAll(
            db, sql: "SELECT id FROM pact_footprints WHERE organisation_id = ? AND subject = ? AND status = 'Active' ORDER BY row",
            arguments: [org, subject])
    }

    public func publishPactFootprint(_ f: PactFootprintRecord, replacing: [String]) async throws -> Bool {
        try await pool.write { db in
            guard try Self.activeIDs(db, f.organisationID, f.subject) == replacing else { return false }
            for id in replacing {
                try db.execute(sql: "UPDATE pact_footprints SET status = 'Deprecated' WHERE id = ?", arguments: [id])
            }
            try db.execute(
                sql: """
                    INSERT INTO pact_footprints (id, organisation_id, subject, created, status, product_ids, company_ids, classifications,
                                                 geography, valid_from, valid_to, json)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    f.id, f.organisationID, f.subject, f.created, f.facets.status, StoredColumns.list(f.facets.productIds),
                    StoredColumns.list(f.facets.companyIds), StoredColumns.list(f.facets.classifications), f.facets.geography,
                    f.facets.validFrom, f.facets.validTo, f.json
                ])
            return true
        }
    }

    public func pactFootprint(id: String) async throws -> PactFootprintRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM pact_footprints WHERE id = ?", arguments: [id]).map(Self.footprint)
        }
    }

    public func pactFootprints(after: Int64, limit: Int) async throws -> [PactFootprintRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM pact_footprints WHERE row > ? ORDER BY row LIMIT ?", arguments: [after, limit])
                .map(Self.footprint)
        }
    }

    static func footprint(_ r: Row) -> PactFootprintRecord {
        PactFootprintRecord(
            row: r["row"], id: r["id"], organisationID: r["organisation_id"], subject: r["subject"], created: r["created"],
            facets: PactFootprintFacets(
                status: r["status"], productIds: StoredColumns.strings(r["product_ids"]), companyIds: StoredColumns.strings(r["company_ids"]),
                classifications: StoredColumns.strings(r["classifications"]), geography: r["geography"],
                validFrom: r["valid_from"], validTo: r["valid_to"]),
            json: r["json"])
    }

    public func recordPactEvent(_ e: PactEventRecord) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO pact_events (source, id, type, client_id, received_at, json, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [e.source, e.id, e.type, e.clientID, e.receivedAt, e.json, e.outcome])
            return db.changesCount == 1
        }
    }

    public func setPactEventOutcome(source: String, id: String, outcome: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE pact_events SET outcome = ? WHERE source = ? AND id = ?", arguments: [outcome, source, id])
        }
    }

    public func pactEvent(source: String, id: String) async throws -> PactEventRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM pact_events WHERE source = ? AND id = ?", arguments: [source, id]).map {
                PactEventRecord(
                    source: $0["source"], id: $0["id"], type: $0["type"], clientID: $0["client_id"], receivedAt: $0["received_at"],
                    json: $0["json"], outcome: $0["outcome"])
            }
        }
    }
}
