import Foundation
import GRDB
public import JunkanCore
public import JunkanStore

extension SQLiteStore: OwnershipStore {
    /// v10 gives identifiers owners. A node that captured before has no registered prefix, so every key some stored
    /// event created (docs/ownership.md: ADD, commissioning, transformation outputs, assemblies) is assigned to the one
    /// organisation that created identifiers under it, as a registration of the key itself; a key several
    /// organisations created under is assigned to none and recorded as a conflict (`junkan org prefix list`, and a
    /// warning when `junkan serve` starts) for the operator to settle with `junkan org prefix add` and `junkan org grant`.
    static func registerOwnershipMigration(_ m: inout DatabaseMigrator) {
        m.registerMigration("v10: identifier owners") { db in
            try db.execute(
                sql: """
                    CREATE TABLE gs1_prefixes (
                        prefix TEXT PRIMARY KEY,
                        organisation_id TEXT NOT NULL,
                        source TEXT NOT NULL,            -- 'registered' (junkan org) or 'upgrade' (v10, one creator)
                        created_at INTEGER NOT NULL
                    );
                    CREATE TABLE identifier_grants (
                        id INTEGER PRIMARY KEY,
                        grantor TEXT NOT NULL,
                        grantee TEXT NOT NULL,
                        kind TEXT NOT NULL,              -- gtin, gln or serials
                        key TEXT NOT NULL,
                        first_serial TEXT,
                        last_serial TEXT,
                        created_at INTEGER NOT NULL
                    );
                    CREATE TABLE ownership_conflicts (key TEXT PRIMARY KEY, organisations TEXT NOT NULL);
                    """)
            var creators: [String: Set<String>] = [:]
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT type, action, biz_step, organisation_id, identifiers FROM events
                    WHERE action = 'ADD' OR type = 'TransformationEvent' OR biz_step = 'https://ref.gs1.org/cbv/BizStep-commissioning'
                    """)
            while let r = try rows.next() {
                let roles = createdRoles(type: r["type"], action: r["action"], bizStep: r["biz_step"])
                for pair in identifierPairs(r["identifiers"]) where roles.contains(pair.role) {
                    if let key = upgradeKey(pair.id) { creators[key, default: []].insert(r["organisation_id"]) }
                }
            }
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            for (key, orgs) in creators.sorted(by: { $0.key < $1.key }) {
                if orgs.count == 1 {
                    try db.execute(
                        sql: "INSERT INTO gs1_prefixes (prefix, organisation_id, source, created_at) VALUES (?, ?, 'upgrade', ?)",
                        arguments: [key, orgs.first!, now])
                } else {
                    try db.execute(
                        sql: "INSERT INTO ownership_conflicts (key, organisations) VALUES (?, ?)", arguments: [key, orgs.sorted().joined(separator: " ")])
                }
            }
        }
    }

    /// The roles of a stored event's identifiers that it created (`EPCISEvent.declaredIdentifiers`, from the columns).
    static func createdRoles(type: String, action: String?, bizStep: String?) -> Set<String> {
        let commissioning = bizStep == "https://ref.gs1.org/cbv/BizStep-commissioning"
        switch type {
        case "ObjectEvent": return action == "ADD" || commissioning ? ["epc", "class"] : []
        case "TransformationEvent": return ["output", "outputClass"]
        case "AggregationEvent", "AssociationEvent": return action == "ADD" || commissioning ? ["parent"] : []
        default: return commissioning ? ["parent"] : []
        }
    }

    static func identifierPairs(_ column: String) -> [(role: String, id: String)] {
        guard case .array(let pairs)? = try? JSONParser.parse(column) else { return [] }
        return pairs.compactMap { p in
            guard case .array(let a) = p, a.count == 2, let role = a[0].stringValue, let id = a[1].stringValue else { return nil }
            return (role, id)
        }
    }

    /// The digits of an identifier's key from its company prefix on, without the check digit, for the fixed-length
    /// keys (GTIN, SSCC, GRAI, GLN); nil for others, whose prefix cannot be told from the key.
    static func upgradeKey(_ identifier: String) -> String? {
        guard let dl = try? GS1Identifier.digitalLink(from: identifier) else { return nil }
        let digits = IdentifierOwnership.companyDigits(of: dl.primaryKey)
        switch dl.primaryKey.ai {
        case "01", "02", "414", "417": return String(digits.prefix(12))
        case "8003": return String(digits.prefix(12))
        case "00": return String(digits.prefix(16))
        default: return nil
        }
    }

    public func identifierOwnership() async throws -> IdentifierOwnership {
        try await pool.read { db in try Self.ownership(db) }
    }

    static func ownership(_ db: Database) throws -> IdentifierOwnership {
        let registrations = try Row.fetchAll(db, sql: "SELECT prefix, organisation_id FROM gs1_prefixes").map {
            IdentifierOwnership.Registration(prefix: $0["prefix"], organisationID: $0["organisation_id"])
        }
        let grants = try Row.fetchAll(db, sql: "SELECT * FROM identifier_grants ORDER BY id").compactMap(grant)
        return IdentifierOwnership(registrations: registrations, grants: grants)
    }

    static func grant(_ r: Row) -> IdentifierOwnership.Grant? {
        let key: String = r["key"]
        let scope: GrantScope
        switch r["kind"] as String {
        case "gtin": scope = .gtin(key)
        case "gln": scope = .gln(key)
        case "serials": scope = .serials(gtin: key, first: r["first_serial"], last: r["last_serial"])
        default: return nil
        }
        return IdentifierOwnership.Grant(id: r["id"], grantor: r["grantor"], grantee: r["grantee"], scope: scope)
    }

    public func addPrefix(_ prefix: String, organisationID: String) async throws {
        guard IdentifierOwnership.validPrefix(prefix) else { throw OwnershipError.badPrefix(prefix) }
        try await pool.write { db in
            try Self.requireOrganisation(organisationID, db)
            // Nested either way: the other's prefix starts this one, or this one starts the other's.
            let nested = try Row.fetchAll(
                db, sql: "SELECT prefix, organisation_id FROM gs1_prefixes WHERE prefix LIKE ? || '%' OR ? LIKE prefix || '%'",
                arguments: [prefix, prefix])
            if let other = nested.first(where: { ($0["organisation_id"] as String) != organisationID }) {
                throw OwnershipError.prefixTaken(prefix: prefix, by: other["organisation_id"], registered: other["prefix"])
            }
            try db.execute(
                sql: """
                    INSERT INTO gs1_prefixes (prefix, organisation_id, source, created_at) VALUES (?, ?, 'registered', ?)
                    ON CONFLICT (prefix) DO UPDATE SET source = 'registered'
                    """, arguments: [prefix, organisationID, Int64(Date().timeIntervalSince1970 * 1000)])
        }
    }

    public func removePrefix(_ prefix: String, organisationID: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM gs1_prefixes WHERE prefix = ? AND organisation_id = ?", arguments: [prefix, organisationID])
            guard db.changesCount > 0 else { return false }
            // Grants under a prefix the grantor no longer owns would lapse anyway (`IdentifierOwnership.decide`); they
            // are removed so they do not come back if the prefix is registered again.
            let owned = try Self.ownership(db)
            for g in try Row.fetchAll(db, sql: "SELECT * FROM identifier_grants WHERE grantor = ?", arguments: [organisationID]).compactMap(Self.grant) {
                if g.scope.link.flatMap(owned.owner(of:))?.organisationID != organisationID {
                    try db.execute(sql: "DELETE FROM identifier_grants WHERE id = ?", arguments: [g.id])
                }
            }
            return true
        }
    }

    public func addGrant(grantor: String, grantee: String, scope: GrantScope) async throws -> IdentifierOwnership.Grant {
        try await pool.write { db in
            try Self.requireOrganisation(grantor, db)
            try Self.requireOrganisation(grantee, db)
            guard grantor != grantee else { throw OwnershipError.badGrant("an organisation cannot grant itself what it owns") }
            guard let link = scope.link else { throw OwnershipError.badGrant("\(scope) is not a valid GS1 key") }
            let owner = try Self.ownership(db).owner(of: link)
            guard owner?.organisationID == grantor else { throw OwnershipError.grantorNotOwner(scope: scope, owner: owner?.organisationID) }
            let (kind, key, first, last) = scope.storedColumns
            try db.execute(
                sql: """
                    INSERT INTO identifier_grants (grantor, grantee, kind, key, first_serial, last_serial, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [grantor, grantee, kind, key, first, last, Int64(Date().timeIntervalSince1970 * 1000)])
            return IdentifierOwnership.Grant(id: db.lastInsertedRowID, grantor: grantor, grantee: grantee, scope: scope)
        }
    }

    public func removeGrant(id: Int64, grantor: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM identifier_grants WHERE id = ? AND grantor = ?", arguments: [id, grantor])
            return db.changesCount > 0
        }
    }

    public func ownershipConflicts() async throws -> [OwnershipConflict] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT key, organisations FROM ownership_conflicts ORDER BY key").map {
                OwnershipConflict(key: $0["key"], organisationIDs: ($0["organisations"] as String).split(separator: " ").map(String.init))
            }
        }
    }

    static func requireOrganisation(_ id: String, _ db: Database) throws {
        guard try Int.fetchOne(db, sql: "SELECT 1 FROM organisations WHERE id = ?", arguments: [id]) != nil else {
            throw OwnershipError.unknownOrganisation(id)
        }
    }
}
