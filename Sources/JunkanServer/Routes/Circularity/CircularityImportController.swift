import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore

/// `POST /circularity/import`: one of the six circularity files as `text/csv` (docs/circularity.md). The header says
/// which file it is (`?file=waste.csv` makes sure). All or nothing: one bad row and nothing of the file is stored;
/// the answer lists every bad row with its line and reason. The rows are the caller's and replace only its own.
struct CircularityImportController<Context: CallerRequestContext> {
    let store: any CircularityStore
    let now: @Sendable () -> Int64
    /// 500,000 rows of waste.csv are about 40 MB.
    static var maxBytes: Int { 64 << 20 }

    var routes: RouteCollection<Context> {
        RouteCollection(context: Context.self).post("/circularity/import") { request, context in try await self.importFile(request, context) }
    }

    func importFile(_ request: Request, _ context: Context) async throws -> Response {
        let org = try context.organisation()
        try request.onlyQueryParameters(["file"])
        guard request.mediaType == "text/csv" else {
            throw Problem.unsupportedMediaType("send one circularity file as text/csv (UTF-8), found \(request.mediaType ?? "no Content-Type")")
        }
        // Read as it arrives: what is held is the rows read so far, not the text (issue 25, item 4).
        try BodyLimit.checkDeclaredLength(request, maxBytes: Self.maxBytes, what: "a circularity file")
        var session = CircularityImportSession(fileName: request.uri.queryParameters["file"].map(String.init))
        for try await piece in request.body {
            guard session.byteCount + piece.readableBytes <= Self.maxBytes else {
                throw BodyLimit.tooLarge(maxBytes: Self.maxBytes, what: "a circularity file")
            }
            try session.feed(piece.readableBytesView)
        }
        let summary = try await session.store(into: store, organisationID: org.id, by: org.id, at: now())
        return .json(Self.json(summary))
    }

    static func json(_ s: CircularityImportSummary) -> JSONValue {
        .object(
            JSONObject([
                ("file", .string(s.file.fileName)), ("rows", .number(JSONNumber(s.rows))),
                ("replacedRows", .number(JSONNumber(s.replacedRows))),
                ("fiscalYears", .array(s.fiscalYears.map { .number(JSONNumber($0)) }))
            ]))
    }
}
