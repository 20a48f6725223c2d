public import JunkanStore
import PostgresNIO

extension PostgresStore: SubstanceListStore {
    public func storeSubstanceList(_ list: StoredSubstanceList) async throws -> String? {
        try await transaction { connection in
            // Two processes loading a new id at once take turns (a lock per id, to the end of the transaction), so one
            // id never gets two owners. 0x6a756e6b: "junk", the class of these locks.
            try await connection.query("SELECT pg_advisory_xact_lock(1786080875, hashtext(\(list.id)))", logger: logger)
            let owners = try await connection.query("SELECT organisation_id FROM substance_lists WHERE id = \(list.id) LIMIT 1", logger: logger)
            for try await (owner) in owners.decode(String.self) where owner != list.organisationID { return owner }
            try await connection.query(
                """
                INSERT INTO substance_lists (id, version, organisation_id, date, list, received_at)
                VALUES (\(list.id), \(list.version), \(list.organisationID), \(list.date), \(list.list), \(list.receivedAt))
                ON CONFLICT (id, version) DO UPDATE SET date = excluded.date, list = excluded.list, received_at = excluded.received_at
                """, logger: logger)
            try await connection.query("UPDATE substance_revision SET revision = revision + 1 WHERE id = 1", logger: logger)
            return nil
        }
    }

    public func substanceLists() async throws -> [StoredSubstanceList] {
        try await rows("SELECT * FROM substance_lists ORDER BY id COLLATE \"C\", date COLLATE \"C\", received_at").map { r in
            StoredSubstanceList(
                id: try r.get("id"), organisationID: try r.get("organisation_id"), version: try r.get("version"), date: try r.get("date"),
                list: try r.get("list"), receivedAt: try r.get("received_at"))
        }
    }
}
