import Foundation
import Hummingbird
import JunkanCore
import JunkanNode

/// The circularity reports (docs/circularity.md): JSON for one fiscal year, the trend table as JSON or CSV, and the
/// data-book page.
struct CircularityReportController<Context: RequestContext> {
    let reporter: CircularityReporter

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("/reports/circularity") { request, _ -> Response in
            try request.onlyQueryParameters(["fiscalYear", "organisation", "group"])
            return .json(try await reporter.reportJSON(fiscalYear: try Self.year(request, "fiscalYear"), scope: try Self.scope(request)))
        }
        routes.get("/reports/circularity/trend") { request, _ in try await self.trend(request) }
        routes.get("/reports/circularity.html") { request, _ in
            try request.onlyQueryParameters(["fiscalYear", "organisation", "group"])
            // Without a year (the navigation's link), the last complete fiscal year by the node's calendar.
            let year = request.uri.queryParameters["fiscalYear"] == nil ? Self.lastCompleteYear(reporter.calendar) : try Self.year(request, "fiscalYear")
            let html = try await reporter.page(fiscalYear: year, scope: try Self.scope(request))
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
        }
        return routes
    }

    /// `organisation=ID` or `group=NAME` (not both); neither: the one organisation holding records.
    static func scope(_ request: Request) throws -> CircularityScope {
        let q = request.uri.queryParameters
        switch (q["organisation"].map(String.init), q["group"].map(String.init)) {
        case (nil, nil): return .onlyHolder
        case (let o?, nil): return .organisation(o)
        case (nil, let g?): return .group(g)
        default: throw Problem.queryParameter("give organisation or group, not both")
        }
    }

    /// The fiscal year before the one today falls in.
    static func lastCompleteYear(_ calendar: FiscalCalendar, now: Date = Date()) -> Int {
        let utc = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: now)
        return calendar.fiscalYear(year: utc.year ?? 2000, month: utc.month ?? 1) - 1
    }

    static func year(_ request: Request, _ name: String) throws -> Int {
        guard let raw = request.uri.queryParameters[Substring(name)].map(String.init), !raw.isEmpty else {
            throw Problem.queryParameter("\(name) is required: a fiscal year such as 2023")
        }
        guard let y = FiscalCalendar.year(raw) else {
            throw Problem.queryParameter("\(name) must be a fiscal year such as 2023, found \"\(raw)\"")
        }
        return y
    }

    func trend(_ request: Request) async throws -> Response {
        try request.onlyQueryParameters(["from", "to", "format", "organisation", "group"])
        let from = try Self.year(request, "from"), to = try Self.year(request, "to")
        guard from <= to else { throw Problem.queryParameter("from (\(from)) is after to (\(to))") }
        guard to - from < CircularityReporter.maxTrendYears else {
            throw Problem.queryParameter("a trend covers at most \(CircularityReporter.maxTrendYears) fiscal years; \(from)–\(to) is \(to - from + 1)")
        }
        let years = try await reporter.trend(from: from, to: to, scope: try Self.scope(request))
        if try Self.wantsCSV(request) {
            return Response(
                status: .ok, headers: [.contentType: "text/csv; charset=utf-8; header=present"],
                body: .init(byteBuffer: ByteBuffer(string: CircularityJSON.trendCSV(years))))
        }
        return .json(CircularityJSON.trend(years))
    }

    /// CSV when `format=csv`, or when `Accept` prefers `text/csv` to JSON (JSON is the default, and `format` wins).
    static func wantsCSV(_ request: Request) throws -> Bool {
        if let f = request.uri.queryParameters["format"].map(String.init) {
            switch f {
            case "csv": return true
            case "json": return false
            default: throw Problem.queryParameter("format must be json or csv, found \"\(f)\"")
            }
        }
        let accept = request.headers[.accept] ?? ""
        var best: (csv: Double, json: Double) = (0, 0)
        for item in accept.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            let q = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            switch parts.first {
            case "text/csv": best.csv = max(best.csv, q)
            case "application/json", "*/*", "application/*": best.json = max(best.json, q)
            default: break
            }
        }
        if !accept.isEmpty && best.csv == 0 && best.json == 0 {
            throw Problem.notAcceptable("the trend is application/json or text/csv; Accept asks for \(accept)")
        }
        return best.csv > best.json
    }
}
