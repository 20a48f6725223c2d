public import JunkanCore
public import JunkanStore
import Logging
import PostgresNIO

extension PostgresStore: CircularityStore {

    public func importCircularity(
        _ file: CircularityFile, records: CircularityRecords, organisationID: String, sha256: String, importedBy: String,
        at time: Int64
    ) async throws -> CircularityImportSummary {
        let logger = self.logger
        return try await transaction { connection in
            let table = file.table
            let years = records.fiscalYears(of: file).sorted().map(Int32.init)
            let org = organisationID
            var replaced = 0
            if file == .targets {
                for key in Set(records.targets.map { [$0.indicator.rawValue, $0.scope] }) {
                    replaced += try await connection.rows(
                        """
                        DELETE FROM circularity_targets WHERE organisation_id = \(org) AND indicator = \(key[0]) AND scope = \(key[1])
                        RETURNING 1 AS one
                        """, logger: logger
                    ).count
                }
            } else if !years.isEmpty {
                replaced = try await connection.rows(
                    PostgresQuery(
                        unsafeSQL: "DELETE FROM \(table) WHERE organisation_id = $1 AND fiscal_year = ANY($2::integer[]) RETURNING 1",
                        binds: try Self.binds(org, years)), logger: logger
                ).count
            }
            try await Self.insert(file, records, organisationID: org, connection, logger: logger)
            if file == .waste, !years.isEmpty {
                try await connection.query(
                    "DELETE FROM circularity_waste_totals WHERE organisation_id = \(org) AND fiscal_year = ANY(\(years)::integer[])",
                    logger: logger)
                // The file's rows are all of the organisation's rows of these years: summed here, in grams (exact).
                var totals: [[String]: Int64] = [:]
                for r in records.waste {
                    totals[[String(r.fiscalYear), r.region.rawValue, r.category.rawValue, r.subcategory, r.treatment.rawValue], default: 0] +=
                        MicroUnits.units(r.massT)
                }
                let keys = Array(totals.keys)
                try await connection.query(
                    """
                    INSERT INTO circularity_waste_totals
                    SELECT \(org), * FROM UNNEST(\(keys.map { Int32($0[0])! })::integer[], \(keys.map { $0[1] })::text[], \(keys.map { $0[2] })::text[],
                                                \(keys.map { $0[3] })::text[], \(keys.map { $0[4] })::text[], \(keys.map { totals[$0]! })::bigint[])
                    """, logger: logger)
            }
            try await connection.query(
                """
                INSERT INTO circularity_imports (file, sha256, imported_by, imported_at, rows, replaced_rows, fiscal_years, organisation_id)
                VALUES (\(file.fileName), \(sha256), \(importedBy), \(time), \(Int64(records.count(of: file))), \(Int64(replaced)),
                        \(years.map(String.init).joined(separator: ",")), \(org))
                """, logger: logger)
            return CircularityImportSummary(file: file, rows: records.count(of: file), replacedRows: replaced, fiscalYears: years.map(Int.init))
        }
    }

    static func binds(_ org: String, _ years: [Int32]) throws -> PostgresBindings {
        var b = PostgresBindings()
        b.append(org)
        b.append(years)
        return b
    }

    /// A file's rows as one insert of column arrays.
    private static func insert(
        _ file: CircularityFile, _ r: CircularityRecords, organisationID org: String, _ c: PostgresConnection, logger: Logger
    )
        async throws
    {
        switch file {
        case .waste:
            let w = r.waste
            guard !w.isEmpty else { return }
            try await c.query(
                """
                INSERT INTO circularity_waste SELECT \(org), * FROM UNNEST(
                    \(w.map { Int32($0.fiscalYear) })::integer[], \(w.map(\.site))::text[], \(w.map(\.region.rawValue))::text[],
                    \(w.map(\.category.rawValue))::text[], \(w.map(\.subcategory))::text[], \(w.map(\.treatment.rawValue))::text[],
                    \(w.map(\.massT))::float8[])
                """, logger: logger)
        case .collection:
            let x = r.collection
            guard !x.isEmpty else { return }
            try await c.query(
                """
                INSERT INTO circularity_collection SELECT \(org), * FROM UNNEST(
                    \(x.map { Int32($0.fiscalYear) })::integer[], \(x.map(\.productType))::text[], \(x.map(\.collectedT))::float8[],
                    \(x.map(\.reusedT))::float8[], \(x.map(\.partsReusedT))::float8[], \(x.map(\.materialRecycledT))::float8[],
                    \(x.map(\.thermalRecycledT))::float8[], \(x.map(\.disposedT))::float8[])
                """, logger: logger)
        case .plasticWaste:
            let x = r.plasticWaste
            guard !x.isEmpty else { return }
            try await c.query(
                """
                INSERT INTO circularity_plastic_waste SELECT \(org), * FROM UNNEST(
                    \(x.map { Int32($0.fiscalYear) })::integer[], \(x.map(\.scope))::text[], \(x.map(\.massT))::float8[])
                """, logger: logger)
        case .sales:
            let x = r.sales
            guard !x.isEmpty else { return }
            try await c.query(
                """
                INSERT INTO circularity_sales SELECT \(org), * FROM UNNEST(
                    \(x.map { Int32($0.fiscalYear) })::integer[], \(x.map(\.scope))::text[], \(x.map(\.netSalesMillionJPY))::float8[])
                """, logger: logger)
        case .targets:
            let x = r.targets
            guard !x.isEmpty else { return }
            try await c.query(
                """
                INSERT INTO circularity_targets SELECT \(org), * FROM UNNEST(
                    \(x.map(\.indicator.rawValue))::text[], \(x.map(\.scope))::text[], \(x.map { Int32($0.baseYear) })::integer[],
                    \(x.map { Int32($0.targetYear) })::integer[], \(x.map(\.targetChangePct))::float8[], \(x.map(\.basis.rawValue))::text[])
                """, logger: logger)
        case .prtr:
            let x = r.prtr
            guard !x.isEmpty else { return }
            try await c.query(
                """
                INSERT INTO circularity_prtr SELECT \(org), * FROM UNNEST(
                    \(x.map { Int32($0.fiscalYear) })::integer[], \(x.map(\.site))::text[], \(x.map(\.substance))::text[], \(x.map(\.cas))::text[],
                    \(x.map(\.handledKg))::float8[], \(x.map(\.consumedKg))::float8[], \(x.map(\.recycledKg))::float8[],
                    \(x.map(\.emittedAirKg))::float8[], \(x.map(\.emittedWaterKg))::float8[], \(x.map(\.transferredWasteKg))::float8[],
                    \(x.map(\.treatedKg))::float8[])
                """, logger: logger)
        }
    }

    public func circularityRecords(organisations: Set<String>, prtrFiscalYear: Int?) async throws -> CircularityRecords {
        let members = organisations.sorted()
        var r = CircularityRecords()
        // Stored values were checked on import; a value that no longer reads (a hand-edited database) is an error.
        func choice<T: RawRepresentable>(_ raw: String, _ column: String) throws -> T where T.RawValue == String {
            guard let v = T(rawValue: raw) else { throw CircularityStoreError(detail: "stored \(column) \"\(raw)\" is not a known value") }
            return v
        }
        for row in try await rows(
            """
            SELECT fiscal_year, region, category, subcategory, treatment, SUM(mass_g)::bigint AS mass_g FROM circularity_waste_totals
            WHERE organisation_id = ANY(\(members)::text[]) GROUP BY fiscal_year, region, category, subcategory, treatment
            ORDER BY fiscal_year, region COLLATE "C", category COLLATE "C", subcategory COLLATE "C", treatment COLLATE "C"
            """)
        {
            r.waste.append(
                WasteRecord(
                    fiscalYear: Int(try row.get("fiscal_year", as: Int32.self)), site: "*", region: try choice(try row.get("region"), "region"),
                    category: try choice(try row.get("category"), "category"), subcategory: try row.get("subcategory"),
                    treatment: try choice(try row.get("treatment"), "treatment"),
                    massT: Double(try row.get("mass_g", as: Int64.self)) / 1_000_000))
        }
        for row in try await rows(
            """
            SELECT fiscal_year, product_type, SUM(collected_t) AS collected_t, SUM(reused_t) AS reused_t,
                SUM(parts_reused_t) AS parts_reused_t, SUM(material_recycled_t) AS material_recycled_t,
                SUM(thermal_recycled_t) AS thermal_recycled_t, SUM(disposed_t) AS disposed_t
            FROM circularity_collection WHERE organisation_id = ANY(\(members)::text[])
            GROUP BY fiscal_year, product_type ORDER BY fiscal_year, product_type COLLATE "C"
            """)
        {
            r.collection.append(
                CollectionRecord(
                    fiscalYear: Int(try row.get("fiscal_year", as: Int32.self)), productType: try row.get("product_type"),
                    collectedT: try row.get("collected_t"), reusedT: try row.get("reused_t"), partsReusedT: try row.get("parts_reused_t"),
                    materialRecycledT: try row.get("material_recycled_t"), thermalRecycledT: try row.get("thermal_recycled_t"),
                    disposedT: try row.get("disposed_t")))
        }
        for row in try await rows(
            """
            SELECT fiscal_year, scope, SUM(mass_t) AS mass_t FROM circularity_plastic_waste WHERE organisation_id = ANY(\(members)::text[])
            GROUP BY fiscal_year, scope ORDER BY fiscal_year, scope COLLATE "C"
            """)
        {
            r.plasticWaste.append(
                PlasticWasteRecord(fiscalYear: Int(try row.get("fiscal_year", as: Int32.self)), scope: try row.get("scope"), massT: try row.get("mass_t")))
        }
        for row in try await rows(
            """
            SELECT fiscal_year, scope, SUM(net_sales_million_jpy) AS net_sales_million_jpy FROM circularity_sales
            WHERE organisation_id = ANY(\(members)::text[]) GROUP BY fiscal_year, scope ORDER BY fiscal_year, scope COLLATE "C"
            """)
        {
            r.sales.append(
                SalesRecord(
                    fiscalYear: Int(try row.get("fiscal_year", as: Int32.self)), scope: try row.get("scope"),
                    netSalesMillionJPY: try row.get("net_sales_million_jpy")))
        }
        // Each member's targets, once each (a group reports every target a member set, against the group's figures).
        for row in try await rows(
            """
            SELECT * FROM (
                SELECT DISTINCT indicator, scope, base_year, target_year, target_change_pct, basis FROM circularity_targets
                WHERE organisation_id = ANY(\(members)::text[])
            ) AS targets ORDER BY indicator COLLATE "C", scope COLLATE "C", base_year, target_year, target_change_pct
            """)
        {
            r.targets.append(
                TargetRecord(
                    indicator: try choice(try row.get("indicator"), "indicator"), scope: try row.get("scope"),
                    baseYear: Int(try row.get("base_year", as: Int32.self)), targetYear: Int(try row.get("target_year", as: Int32.self)),
                    targetChangePct: try row.get("target_change_pct"), basis: try choice(try row.get("basis"), "basis")))
        }
        let year = prtrFiscalYear.map(Int32.init)
        for row in try await rows(
            """
            SELECT fiscal_year, site, MIN(substance) AS substance, cas, SUM(handled_kg) AS handled_kg, SUM(consumed_kg) AS consumed_kg,
                SUM(recycled_kg) AS recycled_kg, SUM(emitted_air_kg) AS emitted_air_kg, SUM(emitted_water_kg) AS emitted_water_kg,
                SUM(transferred_waste_kg) AS transferred_waste_kg, SUM(treated_kg) AS treated_kg
            FROM circularity_prtr WHERE organisation_id = ANY(\(members)::text[]) AND (\(year)::integer IS NULL OR fiscal_year = \(year))
            GROUP BY fiscal_year, site, cas ORDER BY fiscal_year, site COLLATE "C", cas COLLATE "C"
            """)
        {
            r.prtr.append(
                PRTRRecord(
                    fiscalYear: Int(try row.get("fiscal_year", as: Int32.self)), site: try row.get("site"), substance: try row.get("substance"),
                    cas: try row.get("cas"), handledKg: try row.get("handled_kg"), consumedKg: try row.get("consumed_kg"),
                    recycledKg: try row.get("recycled_kg"), emittedAirKg: try row.get("emitted_air_kg"),
                    emittedWaterKg: try row.get("emitted_water_kg"), transferredWasteKg: try row.get("transferred_waste_kg"),
                    treatedKg: try row.get("treated_kg")))
        }
        return r
    }

    public func circularityHolders() async throws -> [String] {
        try await rows(
            """
            SELECT organisation_id FROM (
                SELECT organisation_id FROM circularity_waste_totals UNION SELECT organisation_id FROM circularity_collection
                UNION SELECT organisation_id FROM circularity_plastic_waste UNION SELECT organisation_id FROM circularity_sales
                UNION SELECT organisation_id FROM circularity_targets UNION SELECT organisation_id FROM circularity_prtr
            ) AS holders ORDER BY organisation_id COLLATE "C"
            """
        ).map { try $0.get("organisation_id") }
    }

    public func joinCircularityGroup(_ group: String, organisationID: String) async throws {
        let logger = self.logger
        try await transaction { connection in
            try await Self.requireOrganisation(organisationID, connection, logger: logger)
            try await connection.query(
                "INSERT INTO circularity_groups (name, organisation_id) VALUES (\(group), \(organisationID)) ON CONFLICT DO NOTHING", logger: logger)
        }
    }

    public func leaveCircularityGroup(_ group: String, organisationID: String) async throws -> Bool {
        !(try await rows("DELETE FROM circularity_groups WHERE name = \(group) AND organisation_id = \(organisationID) RETURNING name").isEmpty)
    }

    public func circularityGroupMembers(_ group: String) async throws -> [String] {
        try await rows("SELECT organisation_id FROM circularity_groups WHERE name = \(group) ORDER BY organisation_id COLLATE \"C\"").map {
            try $0.get("organisation_id")
        }
    }
}
