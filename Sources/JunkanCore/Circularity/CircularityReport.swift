/// Everything a data book reports for one fiscal year, computed from the records (and, for collection, from the trace
/// when no collection rows were imported for that year). Values are unrounded; rounding is for display only.
public struct CircularityReport: Sendable, Equatable {
    /// Where the collection figures came from.
    public enum CollectionSource: String, Sendable { case records, trace, none }

    public struct PlasticWaste: Sendable, Equatable {
        public var scope: String
        public var massT: Double
        public var netSalesMillionJPY: Double?
        /// Tonnes per million JPY of net sales of the same scope and year.
        public var perSales: Double? { netSalesMillionJPY.map { massT / $0 } }
    }

    public var fiscalYear: Int
    public var waste: WasteReport
    public var collection: CollectionReport
    public var collectionSource: CollectionSource
    /// Trace events that could not be counted in full (only when the source is the trace).
    public var collectionIssues: [String]
    public var plasticWaste: [PlasticWaste]
    public var targets: [TargetEvaluation]
    public var prtr: PRTRReport

    /// `records.waste` may hold rows already summed over sites (the store keeps such sums); `traceCollection` is what
    /// `CollectionTrace.rows` made of the captured events.
    public init(fiscalYear: Int, records: CircularityRecords, traceCollection: (rows: [CollectionRecord], issues: [String]) = ([], [])) {
        self.fiscalYear = fiscalYear
        let wasteByYear = WasteReport.byYear(records.waste)
        waste = wasteByYear[fiscalYear] ?? WasteReport(fiscalYear: fiscalYear)
        let imported = CollectionReport(fiscalYear: fiscalYear, rows: records.collection)
        let traced = CollectionReport(fiscalYear: fiscalYear, rows: traceCollection.rows)
        if !imported.isEmpty {
            (collection, collectionSource, collectionIssues) = (imported, .records, [])
        } else if !traced.isEmpty {
            (collection, collectionSource, collectionIssues) = (traced, .trace, traceCollection.issues)
        } else {
            (collection, collectionSource, collectionIssues) = (imported, .none, [])
        }
        var plastic: [String: Int64] = [:]
        for r in records.plasticWaste where r.fiscalYear == fiscalYear { plastic[r.scope, default: 0] += MicroUnits.units(r.massT) }
        plasticWaste = plastic.keys.sorted().map { scope in
            PlasticWaste(
                scope: scope, massT: MicroUnits.value(plastic[scope]!),
                netSalesMillionJPY: records.sales.first { $0.fiscalYear == fiscalYear && $0.scope == scope }?.netSalesMillionJPY)
        }
        targets = records.targets
            .sorted { ($0.indicator.rawValue, $0.scope, $0.baseYear, $0.targetYear) < ($1.indicator.rawValue, $1.scope, $1.baseYear, $1.targetYear) }
            .map { TargetEvaluation(target: $0, fiscalYear: fiscalYear, waste: wasteByYear, plasticWaste: records.plasticWaste, sales: records.sales) }
        prtr = PRTRReport(fiscalYear: fiscalYear, rows: records.prtr)
    }

    /// The data book's trend table: one row per fiscal year from `from` to `to`, zeros (and no rate) for a year without
    /// waste rows.
    public static func trend(from: Int, to: Int, waste: [WasteRecord]) -> [WasteReport] {
        let byYear = WasteReport.byYear(waste)
        return (from...max(from, to)).map { byYear[$0] ?? WasteReport(fiscalYear: $0) }
    }
}
