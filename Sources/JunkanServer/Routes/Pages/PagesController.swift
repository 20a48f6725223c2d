import Foundation
import Hummingbird
import JunkanCore
import JunkanLedger
import JunkanNode
import JunkanStore

/// The pages that tie the node together (issue 30): the home page `/`, the search box's `/search`, the trace explorer
/// `/explore`, the organisation dashboards `/orgs/{id}`, the log page `/log`, and the API description (`/openapi.yaml` as written, `/api` as a page). A page that
/// cannot be had answers as the reader asked: an HTML page for a browser, problem+json for an API client (`Accept`).
struct PagesController<Context: CallerRequestContext> {
    let store: any NodeStore
    let trace: TraceIndex
    let flows: MaterialFlowIndex
    let federation: FederatedTrace
    let reader: LogReader
    let logKey: NoteVerifierKey?
    let witnessKeys: [NoteVerifierKey]
    let baseURL: String
    var now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("/") { request, _ in
            try request.onlyQueryParameters([])
            return Self.html(try await HomePage(store: store, baseURL: baseURL).render(now: now()))
        }
        routes.get("/openapi.yaml") { request, _ in
            try request.onlyQueryParameters([])
            return Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: try APIDescription.text.get())))
        }
        routes.get("/api") { request, _ in
            try request.onlyQueryParameters([])
            return Self.html(try APIDescription.page.get())
        }
        routes.get("/search") { request, _ in try await self.search(request) }
        routes.get("/explore") { request, _ in try await self.explore(request) }
        routes.get("/flows") { request, _ in try await self.flows(request) }
        routes.get("/orgs/{id}") { request, context in
            try request.onlyQueryParameters([])
            let id = try context.parameters.require("id")
            switch try await OrganisationPage(store: store, trace: trace).render(id: id, viewer: try context.organisationIfAny()) {
            case .page(let html): return Self.html(html)
            case .unknown(let reason): return try Self.refusal(request, .noSuchResource(reason), query: "")
            }
        }
        routes.get("/log") { request, _ in
            try request.onlyQueryParameters([])
            return Self.html(try await LogPage(store: store, logKey: logKey, witnessKeys: witnessKeys, baseURL: baseURL).render(now: now()))
        }
        return routes
    }

    func search(_ request: Request) async throws -> Response {
        try request.onlyQueryParameters(["q"])
        let q = Self.formValue(request, "q") ?? ""
        let candidates: [SearchedIdentifier]
        do {
            candidates = try SearchedIdentifier.candidates(q)
        } catch {
            return try Self.refusal(request, .queryParameter("q: " + error.reason), query: q)
        }
        switch try await IdentifierSearch(store: store, trace: trace).resolve(candidates) {
        case .found(let path):
            // 303: the answer is another resource, fetched with GET whatever the form used.
            return Response(status: .seeOther, headers: [.location: path])
        case .unknown(let reason):
            return try Self.refusal(request, .noSuchResource(reason), query: q)
        }
    }

    func explore(_ request: Request) async throws -> Response {
        try request.onlyQueryParameters(["id", "depth", "direction"])
        let q = request.uri.queryParameters
        var depth = ExplorerPage.defaultDepth
        if let d = q["depth"], !d.isEmpty {
            guard let n = Int(d), (1...ExplorerPage.maxDepth).contains(n) else {
                return try Self.refusal(request, .queryParameter("depth must be a whole number from 1 to \(ExplorerPage.maxDepth), found \"\(d)\""), query: "")
            }
            depth = n
        }
        var direction = ExplorerGraph.Direction.both
        if let d = q["direction"], !d.isEmpty {
            guard let parsed = ExplorerGraph.Direction(rawValue: String(d)) else {
                return try Self.refusal(request, .queryParameter("direction must be both, upstream or downstream, found \"\(d)\""), query: "")
            }
            direction = parsed
        }
        var id: String?
        if let raw = q["id"].map(String.init), !raw.isEmpty {
            do throws(Problem) {
                try IdentifierParameter.check("id", raw)
            } catch {
                return try Self.refusal(request, error, query: raw)
            }
            id = CBVCanonical.identifier(raw)
        }
        switch try await ExplorerPage(store: store, trace: trace, federation: federation, reader: reader, logKey: logKey)
            .render(id: id, depth: depth, direction: direction)
        {
        case .page(let html): return Self.html(html)
        case .unknown(let reason): return try Self.refusal(request, .noSuchResource(reason), query: id ?? "")
        }
    }

    /// `from` and `to` are dates (`YYYY-MM-DD`, UTC, both included); `product` a GTIN; `polymer` an ISO 1043 code;
    /// `format` html (the default), json or csv.
    func flows(_ request: Request) async throws -> Response {
        try request.onlyQueryParameters(["from", "to", "product", "polymer", "format"])
        var query = FlowsPage.Query()
        do throws(Problem) {
            query.fromDay = try Self.day(request, "from")
            query.toDay = try Self.day(request, "to")
            if let from = query.fromDay, let to = query.toDay, from > to {
                throw Problem.queryParameter("from (\(MaterialFlowReport.date(from))) is after to (\(MaterialFlowReport.date(to)))")
            }
            if let raw = Self.formValue(request, "product"), !raw.isEmpty {
                let gtin = raw.count < 14 && [8, 12, 13].contains(raw.count) ? String(repeating: "0", count: 14 - raw.count) + raw : raw
                do { try GS1SyntaxDictionary.validate(ai: "01", value: gtin) } catch {
                    throw Problem.queryParameter("product must be a GTIN (8, 12, 13 or 14 digits with its check digit): \(error)")
                }
                query.product = gtin
            }
            if let raw = Self.formValue(request, "polymer"), !raw.isEmpty {
                do { query.polymer = try PolymerCode.parse(raw) } catch { throw Problem.queryParameter("polymer: \(error.reason)") }
            }
        } catch {
            return try Self.refusal(request, error, query: "")
        }
        let format = request.uri.queryParameters["format"].map(String.init) ?? "html"
        guard ["html", "json", "csv"].contains(format) else {
            return try Self.refusal(request, .queryParameter("format must be html, json or csv, found \"\(format)\""), query: "")
        }
        let page = FlowsPage(store: store, flows: flows)
        let report = try await page.report(query)
        switch format {
        case "json":
            return Response(
                status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: report.json)))
        case "csv":
            return Response(
                status: .ok, headers: [.contentType: "text/csv; charset=utf-8; header=present"],
                body: .init(byteBuffer: ByteBuffer(string: report.csv)))
        default:
            return Self.html(try FlowsPage.html(report))
        }
    }

    /// A `YYYY-MM-DD` date parameter as a UTC day number.
    static func day(_ request: Request, _ name: String) throws(Problem) -> Int32? {
        guard let raw = request.uri.queryParameters[Substring(name)].map(String.init), !raw.isEmpty else { return nil }
        guard raw.count == 10, let t = ISO8601Timestamp.parse(raw + "T00:00:00Z"),
            MaterialFlowReport.date(MaterialFlowLedger.day(ofEpochMilliseconds: t.epochMilliseconds)) == raw
        else {
            throw Problem.queryParameter("\(name) must be a date as YYYY-MM-DD, found \"\(raw)\"")
        }
        return MaterialFlowLedger.day(ofEpochMilliseconds: t.epochMilliseconds)
    }

    /// A parameter as an HTML form sends it (application/x-www-form-urlencoded): `+` is a space, `%2B` a plus. The
    /// router decodes only the `%` escapes, which would leave a typed "GTIN serial" as "GTIN+serial".
    static func formValue(_ request: Request, _ name: String) -> String? {
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.first == Substring(name) else { continue }
            let raw = parts.count > 1 ? String(parts[1]) : ""
            return PercentEncoding.decode(raw.replacingOccurrences(of: "+", with: " ")) ?? raw
        }
        return nil
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A 400 or 404 as a page for a browser (with the search box, filled with what was asked), else as the problem.
    static func refusal(_ request: Request, _ problem: Problem, query: String) throws -> Response {
        guard MediaTypeNegotiation.best(accept: request.headers[.accept], offers: ["application/problem+json", "application/json", "text/html"]) == "text/html"
        else { throw problem }
        let page = try ErrorPage.render(status: Int(problem.status.code), title: problem.status.reasonPhrase, detail: problem.detail, query: query)
        return html(page, status: problem.status)
    }
}
