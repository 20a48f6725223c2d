public import JunkanCore
public import JunkanStore

/// Loads what a circularity report needs — the stored records, and the collection facts of the trace graph — and
/// computes it. Shared by the routes and `junkan report circularity`.
public struct CircularityReporter: Sendable {
    package let store: any CircularityStore
    package let trace: TraceIndex?
    package let calendar: FiscalCalendar
    /// The longest trend a request may ask for (and the years the page shows).
    package static let maxTrendYears = 50
    package static let pageTrendYears = 10

    public init(store: any CircularityStore, trace: TraceIndex?, calendar: FiscalCalendar = .init()) {
        self.store = store; self.trace = trace; self.calendar = calendar
    }

    public func report(fiscalYear: Int) async throws -> CircularityReport {
        try await report(fiscalYear: fiscalYear, records: try await store.circularityRecords(prtrFiscalYear: fiscalYear))
    }

    package func report(fiscalYear: Int, records: CircularityRecords) async throws -> CircularityReport {
        var traced: (rows: [CollectionRecord], issues: [String]) = ([], [])
        // The trace is read only when no collection rows were imported for the year: imported rows win.
        if let trace, !records.collection.contains(where: { $0.fiscalYear == fiscalYear }) {
            let facts = try await trace.snapshot().collectionFacts
            let all = CollectionTrace.rows(facts, calendar: calendar)
            traced.rows = all.rows.filter { $0.fiscalYear == fiscalYear }
            traced.issues = all.issues
        }
        return CircularityReport(fiscalYear: fiscalYear, records: records, traceCollection: traced)
    }

    public func trend(from: Int, to: Int) async throws -> [WasteReport] {
        // PRTR rows of fiscal year 0, i.e. none: the trend reads only the waste sums.
        CircularityReport.trend(from: from, to: to, waste: try await store.circularityRecords(prtrFiscalYear: 0).waste)
    }

    /// The data-book page: the report and the trend of up to ten years that ends with it (from the first year with
    /// records), from one read of the records.
    public func page(fiscalYear: Int) async throws -> String {
        let records = try await store.circularityRecords(prtrFiscalYear: fiscalYear)
        let report = try await self.report(fiscalYear: fiscalYear, records: records)
        let first = records.waste.map(\.fiscalYear).filter { $0 <= fiscalYear }.min() ?? fiscalYear
        let trend = CircularityReport.trend(from: max(first, fiscalYear - Self.pageTrendYears + 1), to: fiscalYear, waste: records.waste)
        return try CircularityPage.render(report, trend: trend)
    }
}
