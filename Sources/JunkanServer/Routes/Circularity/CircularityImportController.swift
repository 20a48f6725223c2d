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
        guard request.mediaType == "text/csv" else {
            throw Problem.unsupportedMediaType("send one circularity file as text/csv (UTF-8), found \(request.mediaType ?? "no Content-Type")")
        }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: Self.maxBytes) } catch {
            throw Problem(
                status: .contentTooLarge, type: "junkan:CircularityImportTooLarge", title: "CircularityImportTooLarge",
                detail: "a circularity file may be at most \(Self.maxBytes >> 20) MiB")
        }
        let summary = try await CircularityImporter.importFile(
            Array(body.readableBytesView), fileName: request.uri.queryParameters["file"].map(String.init),
            store: store, organisationID: org.id, by: org.id, at: now())
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
