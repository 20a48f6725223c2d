public import JunkanCore
public import JunkanStore

/// Loads what a circularity report needs — the stored records, and the collection facts of the trace graph — and
/// computes it. Shared by the routes and `junkan report circularity`.
public struct CircularityReporter: Sendable {
    package let store: any CircularityStore & EventStore
    package let trace: TraceIndex?
    package let calendar: FiscalCalendar
    /// The longest trend a request may ask for (and the years the page shows).
    package static let maxTrendYears = 50
    package static let pageTrendYears = 10

    public init(store: any CircularityStore & EventStore, trace: TraceIndex?, calendar: FiscalCalendar = .init()) {
        self.store = store; self.trace = trace; self.calendar = calendar
    }

    /// The records of what `scope` covers, and the organisations it covers.
    package func records(_ scope: CircularityScope, prtrFiscalYear: Int?) async throws -> (CircularityRecords, covers: [String]) {
        let organisations = try await scope.organisations(in: store)
        return (try await store.circularityRecords(organisations: Set(organisations), prtrFiscalYear: prtrFiscalYear), organisations)
    }

    public func report(fiscalYear: Int, scope: CircularityScope = .onlyHolder) async throws -> CircularityReport {
        try await report(fiscalYear: fiscalYear, records: try await records(scope, prtrFiscalYear: fiscalYear).0)
    }

    /// The report as JSON, with the organisations it covers.
    public func reportJSON(fiscalYear: Int, scope: CircularityScope = .onlyHolder) async throws -> JSONValue {
        let (records, covers) = try await records(scope, prtrFiscalYear: fiscalYear)
        let json = CircularityJSON.report(try await report(fiscalYear: fiscalYear, records: records))
        guard case .object(var o) = json else { return json }
        o["organisations"] = .array(covers.map { .string($0) })
        if case .group(let name) = scope { o["group"] = .string(name) }
        return .object(o)
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

    public func trend(from: Int, to: Int, scope: CircularityScope = .onlyHolder) async throws -> [WasteReport] {
        // PRTR rows of fiscal year 0, i.e. none: the trend reads only the waste sums.
        CircularityReport.trend(from: from, to: to, waste: try await records(scope, prtrFiscalYear: 0).0.waste)
    }

    /// The data-book page: the report and the trend of up to ten years that ends with it (from the first year with
    /// records), from one read of the records.
    public func page(fiscalYear: Int, scope: CircularityScope = .onlyHolder) async throws -> String {
        let records = try await records(scope, prtrFiscalYear: fiscalYear).0
        let report = try await self.report(fiscalYear: fiscalYear, records: records)
        let first = records.waste.map(\.fiscalYear).filter { $0 <= fiscalYear }.min() ?? fiscalYear
        let trend = CircularityReport.trend(from: max(first, fiscalYear - Self.pageTrendYears + 1), to: fiscalYear, waste: records.waste)
        return try CircularityPage.render(report, trend: trend)
    }
}
