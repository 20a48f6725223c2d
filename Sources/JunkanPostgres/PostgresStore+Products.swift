import Foundation
public import JunkanCore
public import JunkanStore
import PostgresNIO

extension PostgresStore: ProductStore {
    public func putProduct(_ r: ProductRecord) async throws -> ProductWriteOutcome {
        let logger = self.logger
        return try await transaction { connection in
            let owner = try await connection.rows("SELECT owner FROM products WHERE gtin = \(r.gtin) FOR UPDATE", logger: logger).first?
                .get("owner", as: String.self)
            if let owner, owner != r.owner { return .notOwner(owner: owner) }
            try await connection.query(
                """
                INSERT INTO products (gtin, owner, json, updated_at) VALUES (\(r.gtin), \(r.owner), \(r.json), \(r.updatedAt))
                ON CONFLICT (gtin) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at
                """, logger: logger)
            try await connection.query("UPDATE product_revision SET revision = revision + 1 WHERE id = 1", logger: logger)
            return owner == nil ? .created : .replaced
        }
    }

    public func product(gtin: String) async throws -> ProductRecord? {
        try await rows(Reads.Product(gtin: gtin)).first.map {
            ProductRecord(gtin: try $0.get("gtin"), owner: try $0.get("owner"), json: try $0.get("json"), updatedAt: try $0.get("updated_at"))
        }
    }

    public func productsRevision() async throws -> Int64 {
        try await rows(Reads.ProductsRevision()).first?.get("revision") ?? 0
    }

    public func addAuthority(organisationID: String) async throws {
        try await writeRaisingProductsRevision("INSERT INTO authorities (organisation_id) VALUES (\(organisationID)) ON CONFLICT DO NOTHING")
    }

    public func isAuthority(organisationID: String) async throws -> Bool {
        !(try await rows(Reads.Authority(id: organisationID)).isEmpty)
    }

    public func setNamedOnPassports(organisationID: String, _ named: Bool) async throws {
        try await writeRaisingProductsRevision(
            named
                ? "DELETE FROM unnamed_on_passports WHERE organisation_id = \(organisationID)"
                : "INSERT INTO unnamed_on_passports (organisation_id) VALUES (\(organisationID)) ON CONFLICT DO NOTHING")
    }

    public func organisationsNotNamedOnPassports() async throws -> Set<String> {
        Set(try await rows(Reads.Unnamed()).map { try $0.get("organisation_id") })
    }

    /// Every write raises the products revision, in its transaction, so a cached passport knows it is stale.
    private func writeRaisingProductsRevision(_ statement: PostgresQuery) async throws {
        let logger = self.logger
        try await transaction { connection in
            try await connection.query(statement, logger: logger)
            try await connection.query("UPDATE product_revision SET revision = revision + 1 WHERE id = 1", logger: logger)
        }
    }
}

extension PostgresStore: OwnershipStore {
    public func identifierOwnership() async throws -> IdentifierOwnership {
        try await client.withConnection { connection in try await Self.ownership(connection, logger: self.logger) }
    }

    static func ownership(_ connection: PostgresConnection, logger: Logger) async throws -> IdentifierOwnership {
        let registrations = try await connection.rows(Reads.Prefixes(), logger: logger).map {
            IdentifierOwnership.Registration(prefix: try $0.get("prefix"), organisationID: try $0.get("organisation_id"))
        }
        let grants = try await connection.rows(Reads.Grants(), logger: logger).compactMap(grant)
        return IdentifierOwnership(registrations: registrations, grants: grants)
    }

    static func grant(_ r: PostgresRandomAccessRow) throws -> IdentifierOwnership.Grant? {
        let key: String = try r.get("key")
        let scope: GrantScope
        switch try r.get("kind", as: String.self) {
        case "gtin": scope = .gtin(key)
        case "gln": scope = .gln(key)
        case "serials": scope = .serials(gtin: key, first: try r.get("first_serial"), last: try r.get("last_serial"))
        default: return nil
        }
        return IdentifierOwnership.Grant(id: try r.get("id"), grantor: try r.get("grantor"), grantee: try r.get("grantee"), scope: scope)
    }

    /// Ownership writes take one advisory lock, so two registrations that would nest cannot both pass their check.
    private func ownershipWrite<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let logger = self.logger
        return try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(116939090227567)", logger: logger)
            return try await body(connection)
        }
    }

    public func addPrefix(_ prefix: String, organisationID: String) async throws {
        guard IdentifierOwnership.validPrefix(prefix) else { throw OwnershipError.badPrefix(prefix) }
        let logger = self.logger
        try await ownershipWrite { connection in
            try await Self.requireOrganisation(organisationID, connection, logger: logger)
            // Nested either way: the other's prefix starts this one, or this one starts the other's.
            let nested = try await connection.rows(
                """
                SELECT prefix, organisation_id FROM gs1_prefixes
                WHERE starts_with(prefix, \(prefix)) OR starts_with(\(prefix), prefix) ORDER BY prefix
                """, logger: logger)
            if let other = try nested.first(where: { try $0.get("organisation_id", as: String.self) != organisationID }) {
                throw OwnershipError.prefixTaken(prefix: prefix, by: try other.get("organisation_id"), registered: try other.get("prefix"))
            }
            try await connection.query(
                """
                INSERT INTO gs1_prefixes (prefix, organisation_id, source, created_at)
                VALUES (\(prefix), \(organisationID), 'registered', \(Int64(Date().timeIntervalSince1970 * 1000)))
                ON CONFLICT (prefix) DO UPDATE SET source = 'registered'
                """, logger: logger)
        }
    }

    public func removePrefix(_ prefix: String, organisationID: String) async throws -> Bool {
        let logger = self.logger
        return try await ownershipWrite { connection in
            let removed = try await connection.rows(
                "DELETE FROM gs1_prefixes WHERE prefix = \(prefix) AND organisation_id = \(organisationID) RETURNING prefix", logger: logger)
            guard !removed.isEmpty else { return false }
            // Grants under a prefix the grantor no longer owns would lapse anyway; they are removed so they do not come back
            // if the prefix is registered again.
            let owned = try await Self.ownership(connection, logger: logger)
            for g in try await connection.rows("SELECT * FROM identifier_grants WHERE grantor = \(organisationID)", logger: logger).compactMap(
                Self.grant)
            where g.scope.link.flatMap(owned.owner(of:))?.organisationID != organisationID {
                try await connection.query("DELETE FROM identifier_grants WHERE id = \(g.id)", logger: logger)
            }
            return true
        }
    }

    public func addGrant(grantor: String, grantee: String, scope: GrantScope) async throws -> IdentifierOwnership.Grant {
        let logger = self.logger
        return try await ownershipWrite { connection in
            try await Self.requireOrganisation(grantor, connection, logger: logger)
            try await Self.requireOrganisation(grantee, connection, logger: logger)
            guard grantor != grantee else { throw OwnershipError.badGrant("an organisation cannot grant itself what it owns") }
            guard let link = scope.link else { throw OwnershipError.badGrant("\(scope) is not a valid GS1 key") }
            let owner = try await Self.ownership(connection, logger: logger).owner(of: link)
            guard owner?.organisationID == grantor else { throw OwnershipError.grantorNotOwner(scope: scope, owner: owner?.organisationID) }
            let (kind, key, first, last) = scope.storedColumns
            let id: Int64 = try await connection.rows(
                """
                INSERT INTO identifier_grants (grantor, grantee, kind, key, first_serial, last_serial, created_at)
                VALUES (\(grantor), \(grantee), \(kind), \(key), \(first), \(last), \(Int64(Date().timeIntervalSince1970 * 1000))) RETURNING id
                """, logger: logger
            )[0].get("id")
            return IdentifierOwnership.Grant(id: id, grantor: grantor, grantee: grantee, scope: scope)
        }
    }

    public func removeGrant(id: Int64, grantor: String) async throws -> Bool {
        !(try await rows("DELETE FROM identifier_grants WHERE id = \(id) AND grantor = \(grantor) RETURNING id").isEmpty)
    }

    public func ownershipConflicts() async throws -> [OwnershipConflict] {
        try await rows("SELECT key, organisations FROM ownership_conflicts ORDER BY key COLLATE \"C\"").map {
            OwnershipConflict(key: try $0.get("key"), organisationIDs: try $0.get("organisations", as: String.self).split(separator: " ").map(String.init))
        }
    }

    static func requireOrganisation(_ id: String, _ connection: PostgresConnection, logger: Logger) async throws {
        guard !(try await connection.rows("SELECT 1 FROM organisations WHERE id = \(id)", logger: logger).isEmpty) else {
            throw OwnershipError.unknownOrganisation(id)
        }
    }
}
