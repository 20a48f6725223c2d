import Foundation
import GRDB
public import JunkanCore
public import JunkanStore

extension SQLiteStore: CircularityStore {
    static func registerCircularityMigration(_ m: inout DatabaseMigrator) {
        m.registerSQL(
            "v5: circularity records",
            sql: """
                CREATE TABLE circularity_waste (
                    fiscal_year INTEGER NOT NULL, site TEXT NOT NULL, region TEXT NOT NULL, category TEXT NOT NULL,
                    subcategory TEXT NOT NULL, treatment TEXT NOT NULL, mass_t REAL NOT NULL,
                    PRIMARY KEY (fiscal_year, site, region, category, subcategory, treatment)
                );
                -- Sums over sites, rebuilt for the years each waste import touches: reports read these few rows,
                -- not the hundreds of thousands of site rows a group's ten years hold.
                -- In grams (millionths of a tonne, MicroUnits): integer sums are exact.
                CREATE TABLE circularity_waste_totals (
                    fiscal_year INTEGER NOT NULL, region TEXT NOT NULL, category TEXT NOT NULL, subcategory TEXT NOT NULL,
                    treatment TEXT NOT NULL, mass_g INTEGER NOT NULL,
                    PRIMARY KEY (fiscal_year, region, category, subcategory, treatment)
                );
                CREATE TABLE circularity_collection (
                    fiscal_year INTEGER NOT NULL, product_type TEXT NOT NULL, collected_t REAL NOT NULL, reused_t REAL NOT NULL,
                    parts_reused_t REAL NOT NULL, material_recycled_t REAL NOT NULL, thermal_recycled_t REAL NOT NULL,
                    disposed_t REAL NOT NULL,
                    PRIMARY KEY (fiscal_year, product_type)
                );
                CREATE TABLE circularity_plastic_waste (
                    fiscal_year INTEGER NOT NULL, scope TEXT NOT NULL, mass_t REAL NOT NULL, PRIMARY KEY (fiscal_year, scope)
                );
                CREATE TABLE circularity_sales (
                    fiscal_year INTEGER NOT NULL, scope TEXT NOT NULL, net_sales_million_jpy REAL NOT NULL, PRIMARY KEY (fiscal_year, scope)
                );
                CREATE TABLE circularity_targets (
                    indicator TEXT NOT NULL, scope TEXT NOT NULL, base_year INTEGER NOT NULL, target_year INTEGER NOT NULL,
                    target_change_pct REAL NOT NULL, basis TEXT NOT NULL,
                    PRIMARY KEY (indicator, scope, base_year, target_year, basis)
                );
                CREATE TABLE circularity_prtr (
                    fiscal_year INTEGER NOT NULL, site TEXT NOT NULL, substance TEXT NOT NULL, cas TEXT NOT NULL,
                    handled_kg REAL NOT NULL, consumed_kg REAL NOT NULL, recycled_kg REAL NOT NULL, emitted_air_kg REAL NOT NULL,
                    emitted_water_kg REAL NOT NULL, transferred_waste_kg REAL NOT NULL, treated_kg REAL NOT NULL,
                    PRIMARY KEY (fiscal_year, site, cas)
                );
                -- Who imported which file (by its SHA-256) when: what an auditor asks first.
                CREATE TABLE circularity_imports (
                    id INTEGER PRIMARY KEY, file TEXT NOT NULL, sha256 TEXT NOT NULL, imported_by TEXT NOT NULL,
                    imported_at INTEGER NOT NULL, rows INTEGER NOT NULL, replaced_rows INTEGER NOT NULL, fiscal_years TEXT NOT NULL
                );
                """)
    }

    /// v11: every circularity row belongs to the organisation that imported it (the first column of each key). Rows
    /// stored before go to the one organisation every import was logged by, else to the node's only organisation, else
    /// to no one ("": reported only while no organisation holds records of its own; docs/circularity.md).
    static func registerCircularityOwnersMigration(_ m: inout DatabaseMigrator) {
        m.registerMigration("v11: circularity records per organisation") { db in
            let organisations = Set(try String.fetchAll(db, sql: "SELECT id FROM organisations"))
            let importers = try String.fetchAll(db, sql: "SELECT DISTINCT imported_by FROM circularity_imports")
            let owner =
                importers.count == 1 && organisations.contains(importers[0])
                ? importers[0] : organisations.count == 1 ? organisations.first! : ""
            let tables: [(name: String, columns: String, key: String)] = [
                (
                    "circularity_waste",
                    "fiscal_year INTEGER NOT NULL, site TEXT NOT NULL, region TEXT NOT NULL, category TEXT NOT NULL, subcategory TEXT NOT NULL, treatment TEXT NOT NULL, mass_t REAL NOT NULL",
                    "fiscal_year, site, region, category, subcategory, treatment"
                ),
                (
                    "circularity_waste_totals",
                    "fiscal_year INTEGER NOT NULL, region TEXT NOT NULL, category TEXT NOT NULL, subcategory TEXT NOT NULL, treatment TEXT NOT NULL, mass_g INTEGER NOT NULL",
                    "fiscal_year, region, category, subcategory, treatment"
                ),
                (
                    "circularity_collection",
                    "fiscal_year INTEGER NOT NULL, product_type TEXT NOT NULL, collected_t REAL NOT NULL, reused_t REAL NOT NULL, parts_reused_t REAL NOT NULL, material_recycled_t REAL NOT NULL, thermal_recycled_t REAL NOT NULL, disposed_t REAL NOT NULL",
                    "fiscal_year, product_type"
                ),
                ("circularity_plastic_waste", "fiscal_year INTEGER NOT NULL, scope TEXT NOT NULL, mass_t REAL NOT NULL", "fiscal_year, scope"),
                ("circularity_sales", "fiscal_year INTEGER NOT NULL, scope TEXT NOT NULL, net_sales_million_jpy REAL NOT NULL", "fiscal_year, scope"),
                (
                    "circularity_targets",
                    "indicator TEXT NOT NULL, scope TEXT NOT NULL, base_year INTEGER NOT NULL, target_year INTEGER NOT NULL, target_change_pct REAL NOT NULL, basis TEXT NOT NULL",
                    "indicator, scope, base_year, target_year, basis"
                ),
                (
                    "circularity_prtr",
                    "fiscal_year INTEGER NOT NULL, site TEXT NOT NULL, substance TEXT NOT NULL, cas TEXT NOT NULL, handled_kg REAL NOT NULL, consumed_kg REAL NOT NULL, recycled_kg REAL NOT NULL, emitted_air_kg REAL NOT NULL, emitted_water_kg REAL NOT NULL, transferred_waste_kg REAL NOT NULL, treated_kg REAL NOT NULL",
                    "fiscal_year, site, cas"
                )
            ]
            for t in tables {
                try db.execute(sql: "ALTER TABLE \(t.name) RENAME TO \(t.name)_v10")
                try db.execute(sql: "CREATE TABLE \(t.name) (organisation_id TEXT NOT NULL, \(t.columns), PRIMARY KEY (organisation_id, \(t.key)))")
                try db.execute(sql: "INSERT INTO \(t.name) SELECT ?, * FROM \(t.name)_v10", arguments: [owner])
                try db.execute(sql: "DROP TABLE \(t.name)_v10")
            }
            try db.execute(
                sql: """
                    ALTER TABLE circularity_imports ADD COLUMN organisation_id TEXT NOT NULL DEFAULT '';
                    UPDATE circularity_imports SET organisation_id = ?;
                    CREATE TABLE circularity_groups (name TEXT NOT NULL, organisation_id TEXT NOT NULL, PRIMARY KEY (name, organisation_id));
                    """, arguments: [owner])
        }
    }

    public func importCircularity(
        _ file: CircularityFile, records: CircularityRecords, organisationID: String, sha256: String, importedBy: String,
        at time: Int64
    ) async throws -> CircularityImportSummary {
        try await pool.write { db in
            let table = file.table
            let years = records.fiscalYears(of: file).sorted()
            let org = organisationID
            var replaced = 0
            if file == .targets {
                for key in Set(records.targets.map { [$0.indicator.rawValue, $0.scope] }) {
                    try db.execute(
                        sql: "DELETE FROM circularity_targets WHERE organisation_id = ? AND indicator = ? AND scope = ?",
                        arguments: [org, key[0], key[1]])
                    replaced += db.changesCount
                }
            } else if !years.isEmpty {
                try db.execute(
                    sql: "DELETE FROM \(table) WHERE organisation_id = ? AND fiscal_year IN (\(years.map(String.init).joined(separator: ",")))",
                    arguments: [org])
                replaced = db.changesCount
            }
            try Self.insert(file, records, organisationID: org, db)
            if file == .waste, !years.isEmpty {
                let list = years.map(String.init).joined(separator: ",")
                try db.execute(sql: "DELETE FROM circularity_waste_totals WHERE organisation_id = ? AND fiscal_year IN (\(list))", arguments: [org])
                // The file's rows are all of the organisation's rows of these years: summed here, without SQLite sorting a
                // million rows for a GROUP BY (which held as much memory again as the rows' pages).
                var totals: [[String]: Int64] = [:]
                for r in records.waste {
                    totals[[String(r.fiscalYear), r.region.rawValue, r.category.rawValue, r.subcategory, r.treatment.rawValue], default: 0] +=
                        MicroUnits.units(r.massT)
                }
                let insert = try db.makeStatement(sql: "INSERT INTO circularity_waste_totals VALUES (?, ?, ?, ?, ?, ?, ?)")
                for (k, grams) in totals { try insert.execute(arguments: [org, Int(k[0]), k[1], k[2], k[3], k[4], grams]) }
            }
            try db.execute(
                sql: """
                    INSERT INTO circularity_imports (file, sha256, imported_by, imported_at, rows, replaced_rows, fiscal_years, organisation_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    file.fileName, sha256, importedBy, time, records.count(of: file), replaced,
                    years.map(String.init).joined(separator: ","), org
                ])
            return CircularityImportSummary(file: file, rows: records.count(of: file), replacedRows: replaced, fiscalYears: years)
        }
    }

    private static func insert(_ file: CircularityFile, _ r: CircularityRecords, organisationID: String, _ db: Database) throws {
        // Each row's arguments are made as it is written: a million waste rows' arguments at once were ~200 MB.
        func rows<S: Sequence>(_ sql: String, _ values: S) throws where S.Element == StatementArguments {
            let statement = try db.makeStatement(sql: sql.replacingOccurrences(of: "VALUES (", with: "VALUES (?, "))
            for v in values { try statement.execute(arguments: [organisationID] + v) }
        }
        switch file {
        case .waste:
            try rows(
                "INSERT INTO circularity_waste VALUES (?, ?, ?, ?, ?, ?, ?)",
                r.waste.lazy.map {
                    [$0.fiscalYear, $0.site, $0.region.rawValue, $0.category.rawValue, $0.subcategory, $0.treatment.rawValue, $0.massT]
                })
        case .collection:
            try rows(
                "INSERT INTO circularity_collection VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                r.collection.lazy.map {
                    [$0.fiscalYear, $0.productType, $0.collectedT, $0.reusedT, $0.partsReusedT, $0.materialRecycledT, $0.thermalRecycledT, $0.disposedT]
                })
        case .plasticWaste:
            try rows("INSERT INTO circularity_plastic_waste VALUES (?, ?, ?)", r.plasticWaste.lazy.map { [$0.fiscalYear, $0.scope, $0.massT] })
        case .sales:
            try rows("INSERT INTO circularity_sales VALUES (?, ?, ?)", r.sales.lazy.map { [$0.fiscalYear, $0.scope, $0.netSalesMillionJPY] })
        case .targets:
            try rows(
                "INSERT INTO circularity_targets VALUES (?, ?, ?, ?, ?, ?)",
                r.targets.lazy.map {
                    [$0.indicator.rawValue, $0.scope, $0.baseYear, $0.targetYear, $0.targetChangePct, $0.basis.rawValue]
                })
        case .prtr:
            try rows(
                "INSERT INTO circularity_prtr VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.prtr.lazy.map {
                    [
                        $0.fiscalYear, $0.site, $0.substance, $0.cas, $0.handledKg, $0.consumedKg, $0.recycledKg, $0.emittedAirKg,
                        $0.emittedWaterKg, $0.transferredWasteKg, $0.treatedKg
                    ]
                })
        }
    }

    public func circularityRecords(organisations: Set<String>, prtrFiscalYear: Int?) async throws -> CircularityRecords {
        try await pool.read { db in
            var r = CircularityRecords()
            // The organisations' rows added up per key (one organisation's rows come back as stored).
            let members = organisations.sorted()
            let inList = "organisation_id IN (" + members.map { _ in "?" }.joined(separator: ",") + ")"
            let args = StatementArguments(members)
            // Stored values were checked on import; a value that no longer reads (a hand-edited database) is an error,
            // not a row silently dropped from a report.
            func choice<T: RawRepresentable>(_ raw: String, _ column: String) throws -> T where T.RawValue == String {
                guard let v = T(rawValue: raw) else { throw CircularityStoreError(detail: "stored \(column) \"\(raw)\" is not a known value") }
                return v
            }
            let wasteSQL = """
                SELECT fiscal_year, region, category, subcategory, treatment, SUM(mass_g) AS mass_g FROM circularity_waste_totals
                WHERE \(inList) GROUP BY fiscal_year, region, category, subcategory, treatment ORDER BY fiscal_year
                """
            for row in try Row.fetchAll(db, sql: wasteSQL, arguments: args) {
                r.waste.append(
                    WasteRecord(
                        fiscalYear: row["fiscal_year"], site: "*", region: try choice(row["region"], "region"),
                        category: try choice(row["category"], "category"), subcategory: row["subcategory"],
                        treatment: try choice(row["treatment"], "treatment"),
                        massT: Double(row["mass_g"] as Int64) / 1_000_000))
            }
            let collectionSQL = """
                SELECT fiscal_year, product_type, SUM(collected_t) AS collected_t, SUM(reused_t) AS reused_t,
                    SUM(parts_reused_t) AS parts_reused_t, SUM(material_recycled_t) AS material_recycled_t,
                    SUM(thermal_recycled_t) AS thermal_recycled_t, SUM(disposed_t) AS disposed_t
                FROM circularity_collection WHERE \(inList) GROUP BY fiscal_year, product_type ORDER BY fiscal_year, product_type
                """
            for row in try Row.fetchAll(db, sql: collectionSQL, arguments: args) {
                r.collection.append(
                    CollectionRecord(
                        fiscalYear: row["fiscal_year"], productType: row["product_type"], collectedT: row["collected_t"],
                        reusedT: row["reused_t"], partsReusedT: row["parts_reused_t"],
                        materialRecycledT: row["material_recycled_t"], thermalRecycledT: row["thermal_recycled_t"],
                        disposedT: row["disposed_t"]))
            }
            let plasticSQL = """
                SELECT fiscal_year, scope, SUM(mass_t) AS mass_t FROM circularity_plastic_waste
                WHERE \(inList) GROUP BY fiscal_year, scope ORDER BY fiscal_year, scope
                """
            for row in try Row.fetchAll(db, sql: plasticSQL, arguments: args) {
                r.plasticWaste.append(PlasticWasteRecord(fiscalYear: row["fiscal_year"], scope: row["scope"], massT: row["mass_t"]))
            }
            let salesSQL = """
                SELECT fiscal_year, scope, SUM(net_sales_million_jpy) AS net_sales_million_jpy FROM circularity_sales
                WHERE \(inList) GROUP BY fiscal_year, scope ORDER BY fiscal_year, scope
                """
            for row in try Row.fetchAll(db, sql: salesSQL, arguments: args) {
                r.sales.append(SalesRecord(fiscalYear: row["fiscal_year"], scope: row["scope"], netSalesMillionJPY: row["net_sales_million_jpy"]))
            }
            // Each member's targets, once each (a group reports every target a member set, against the group's figures).
            let targetsSQL = """
                SELECT DISTINCT indicator, scope, base_year, target_year, target_change_pct, basis FROM circularity_targets
                WHERE \(inList) ORDER BY indicator, scope, base_year, target_year, target_change_pct
                """
            for row in try Row.fetchAll(db, sql: targetsSQL, arguments: args) {
                r.targets.append(
                    TargetRecord(
                        indicator: try choice(row["indicator"], "indicator"), scope: row["scope"], baseYear: row["base_year"],
                        targetYear: row["target_year"], targetChangePct: row["target_change_pct"],
                        basis: try choice(row["basis"], "basis")))
            }
            let prtrSQL = """
                SELECT fiscal_year, site, MIN(substance) AS substance, cas, SUM(handled_kg) AS handled_kg, SUM(consumed_kg) AS consumed_kg,
                    SUM(recycled_kg) AS recycled_kg, SUM(emitted_air_kg) AS emitted_air_kg, SUM(emitted_water_kg) AS emitted_water_kg,
                    SUM(transferred_waste_kg) AS transferred_waste_kg, SUM(treated_kg) AS treated_kg
                FROM circularity_prtr WHERE \(inList)\(prtrFiscalYear == nil ? "" : " AND fiscal_year = ?")
                GROUP BY fiscal_year, site, cas ORDER BY fiscal_year, site, cas
                """
            for row in try Row.fetchAll(db, sql: prtrSQL, arguments: args + StatementArguments(prtrFiscalYear.map { [$0] } ?? [])) {
                r.prtr.append(
                    PRTRRecord(
                        fiscalYear: row["fiscal_year"], site: row["site"], substance: row["substance"], cas: row["cas"],
                        handledKg: row["handled_kg"], consumedKg: row["consumed_kg"], recycledKg: row["recycled_kg"],
                        emittedAirKg: row["emitted_air_kg"], emittedWaterKg: row["emitted_water_kg"],
                        transferredWasteKg: row["transferred_waste_kg"], treatedKg: row["treated_kg"]))
            }
            return r
        }
    }
}

extension SQLiteStore {
    public func circularityHolders() async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT organisation_id FROM circularity_waste_totals UNION SELECT organisation_id FROM circularity_collection
                    UNION SELECT organisation_id FROM circularity_plastic_waste UNION SELECT organisation_id FROM circularity_sales
                    UNION SELECT organisation_id FROM circularity_targets UNION SELECT organisation_id FROM circularity_prtr
                    ORDER BY 1
                    """)
        }
    }

    public func joinCircularityGroup(_ group: String, organisationID: String) async throws {
        try await pool.write { db in
            try Self.requireOrganisation(organisationID, db)
            try db.execute(sql: "INSERT OR IGNORE INTO circularity_groups (name, organisation_id) VALUES (?, ?)", arguments: [group, organisationID])
        }
    }

    public func leaveCircularityGroup(_ group: String, organisationID: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM circularity_groups WHERE name = ? AND organisation_id = ?", arguments: [group, organisationID])
            return db.changesCount > 0
        }
    }

    public func circularityGroupMembers(_ group: String) async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT organisation_id FROM circularity_groups WHERE name = ? ORDER BY organisation_id", arguments: [group])
        }
    }
}
