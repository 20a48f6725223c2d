import JunkanCore
public import JunkanStore
import PostgresNIO

extension PostgresStore: PactStore {
    public func addPactClient(_ c: PactClient) async throws {
        try await execute(
            "INSERT INTO pact_clients (client_id, name, secret_hash, created_at) VALUES (\(c.id), \(c.name), \(c.secretHash), \(c.createdAt))",
            logger: logger)
    }

    public func pactClient(id: String) async throws -> PactClient? {
        try await rows("SELECT * FROM pact_clients WHERE client_id = \(id)").first.map {
            PactClient(id: try $0.get("client_id"), name: try $0.get("name"), secretHash: try $0.get("secret_hash"), createdAt: try $0.get("created_at"))
        }
    }

    public func savePactToken(_ t: PactToken, now: Int64) async throws {
        let logger = self.logger
        try await transaction { connection in
            try await connection.query("DELETE FROM pact_tokens WHERE expires_at < \(now - 86_400_000)", logger: logger)
            try await connection.query(
                "INSERT INTO pact_tokens (token_hash, client_id, expires_at) VALUES (\(t.hash), \(t.clientID), \(t.expiresAt))", logger: logger)
        }
    }

    public func pactToken(hash: String) async throws -> PactToken? {
        try await rows("SELECT * FROM pact_tokens WHERE token_hash = \(hash)").first.map {
            PactToken(hash: try $0.get("token_hash"), clientID: try $0.get("client_id"), expiresAt: try $0.get("expires_at"))
        }
    }

    public func activePactFootprintIDs(organisationID: String, subject: String) async throws -> [String] {
        try await rows(Self.activeIDs(organisationID, subject)).map { try $0.get("id") }
    }

    static func activeIDs(_ org: String, _ subject: String) -> PostgresQuery {
        "SELECT id FROM pact_footprints WHERE organisation_id = \(org) AND subject = \(subject) AND status = 'Active' ORDER BY row"
    }

    /// The footprint's row comes from the state row, taken FOR UPDATE: listings by row are in commit order.
    public func publishPactFootprint(_ f: PactFootprintRecord, replacing: [String]) async throws -> Bool {
        let logger = self.logger
        return try await transaction { connection in
            guard
                let state = try await connection.rows(
                    "SELECT next_footprint_row FROM junkan_state WHERE id = 1 FOR UPDATE", logger: logger
                ).first
            else { throw PostgresStoreError.missingState("sequence state row (junkan_state)") }
            let row: Int64 = try state.get("next_footprint_row")
            guard
                try await connection.rows(Self.activeIDs(f.organisationID, f.subject), logger: logger).map({ try $0.get("id", as: String.self) })
                    == replacing
            else { return false }
            try await connection.query(
                "UPDATE pact_footprints SET status = 'Deprecated' WHERE id = ANY(\(replacing)::text[])", logger: logger)
            try await connection.query(
                """
                INSERT INTO pact_footprints (row, id, organisation_id, subject, created, status, product_ids, company_ids, classifications,
                                             geography, valid_from, valid_to, json)
                VALUES (\(row), \(f.id), \(f.organisationID), \(f.subject), \(f.created), \(f.facets.status),
                        \(StoredColumns.list(f.facets.productIds)), \(StoredColumns.list(f.facets.companyIds)),
                        \(StoredColumns.list(f.facets.classifications)), \(f.facets.geography), \(f.facets.validFrom), \(f.facets.validTo),
                        \(f.json))
                """, logger: logger)
            try await connection.query("UPDATE junkan_state SET next_footprint_row = \(row + 1) WHERE id = 1", logger: logger)
            return true
        }
    }

    public func pactFootprint(id: String) async throws -> PactFootprintRecord? {
        try await rows("SELECT * FROM pact_footprints WHERE id = \(id)").first.map(Self.footprint)
    }

    public func pactFootprints(after: Int64, limit: Int) async throws -> [PactFootprintRecord] {
        try await rows("SELECT * FROM pact_footprints WHERE row > \(after) ORDER BY row LIMIT \(Int64(limit))").map(Self.footprint)
    }

    static func footprint(_ r: PostgresRandomAccessRow) throws -> PactFootprintRecord {
        PactFootprintRecord(
            row: try r.get("row"), id: try r.get("id"), organisationID: try r.get("organisation_id"), subject: try r.get("subject"),
            created: try r.get("created"),
            facets: PactFootprintFacets(
                status: try r.get("status"), productIds: StoredColumns.strings(try r.get("product_ids")),
                companyIds: StoredColumns.strings(try r.get("company_ids")),
                classifications: StoredColumns.strings(try r.get("classifications")), geography: try r.get("geography"),
                validFrom: try r.get("valid_from"), validTo: try r.get("valid_to")),
            json: try r.get("json"))
    }

    public func recordPactEvent(_ e: PactEventRecord) async throws -> Bool {
        !(try await rows(
            """
            INSERT INTO pact_events (source, id, type, client_id, received_at, json, outcome)
            VALUES (\(e.source), \(e.id), \(e.type), \(e.clientID), \(e.receivedAt), \(e.json), \(e.outcome))
            ON CONFLICT DO NOTHING RETURNING id
            """
        ).isEmpty)
    }

    public func setPactEventOutcome(source: String, id: String, outcome: String) async throws {
        try await execute("UPDATE pact_events SET outcome = \(outcome) WHERE source = \(source) AND id = \(id)", logger: logger)
    }

    public func pactEvent(source: String, id: String) async throws -> PactEventRecord? {
        try await rows("SELECT * FROM pact_events WHERE source = \(source) AND id = \(id)").first.map {
            PactEventRecord(
                source: try $0.get("source"), id: try $0.get("id"), type: try $0.get("type"), clientID: try $0.get("client_id"),
                receivedAt: try $0.get("received_at"), json: try $0.get("json"), outcome: try $0.get("outcome"))
        }
    }
}
