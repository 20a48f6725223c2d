import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore

/// `POST /materials/import?kind=grades|lots`: a CSV (`text/csv`) or JSON (`application/json`) file of grades or lots.
/// Row by row: the answer counts what was stored and lists each rejected row with its line (or index) and reason.
struct MaterialImportController<Context: CallerRequestContext> {
    let catalogue: MaterialCatalogue
    static var maxBytes: Int { 64 << 20 }

    /// Mounted at `/materials`.
    var routes: RouteCollection<Context> {
        RouteCollection(context: Context.self).post("/import") { request, context in try await self.importFile(request, context) }
    }

    func importFile(_ request: Request, _ context: Context) async throws -> Response {
        let org = try context.organisation()
        try request.onlyQueryParameters(["kind"])
        let kind: MaterialCSV.Kind
        switch request.uri.queryParameters["kind"].map(String.init) {
        case "grades": kind = .grades
        case "lots": kind = .lots
        case let other: throw Problem.queryParameter("kind is grades or lots, found \(other.map { "\"\($0)\"" } ?? "none")")
        }
        let format: MaterialImporter.Format
        switch request.mediaType {
        case "text/csv": format = .csv
        case "application/json": format = .json
        default: throw Problem.unsupportedMediaType("send text/csv or application/json, found \(request.mediaType ?? "no Content-Type")")
        }
        // Read as it arrives, stored 2,000 records at a time (issue 25, item 4). A body that says it is too large is
        // refused before anything is read; one that turns out larger (chunked) stops at the limit, saying what was stored.
        try BodyLimit.checkDeclaredLength(request, maxBytes: Self.maxBytes, what: "an import file")
        var session = MaterialImportSession(format: format, kind: kind, catalogue: catalogue, owner: org.id)
        for try await piece in request.body {
            guard session.byteCount + piece.readableBytes <= Self.maxBytes else {
                var p = BodyLimit.tooLarge(maxBytes: Self.maxBytes, what: "an import file")
                p.detail += "; the records read before the limit were stored (send the rest in another file)"
                throw p
            }
            try await session.feed(piece.readableBytesView)
        }
        return .json(MaterialImporter.json(try await session.finish()))
    }
}
