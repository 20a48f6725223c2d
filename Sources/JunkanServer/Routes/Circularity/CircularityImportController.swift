import Hummingbird
import JunkanCore
import JunkanStore

/// `POST /circularity/import`: one of the six circularity files as `text/csv` (docs/circularity.md). The header says
/// which file it is (`?file=waste.csv` makes sure). All or nothing: one bad row and nothing of the file is stored;
/// the answer lists every bad row with its line and reason.
struct CircularityImportController<Context: RequestContext> {
    let store: any CircularityStore
    let auth: BearerAuthenticator
    let now: @Sendable () -> Int64
    /// 500,000 rows of waste.csv are about 40 MB.
    static var maxBytes: Int { 64 << 20 }

    func addRoutes(to router: Router<Context>) {
        router.post("/circularity/import") { request, _ in try await self.importFile(request) }
    }

    func importFile(_ request: Request) async throws -> Response {
        let org = try await auth.organisation(for: request)
        guard request.mediaType == "text/csv" else {
            throw Problem.unsupportedMediaType("send one circularity file as text/csv (UTF-8), found \(request.mediaType ?? "no Content-Type")")
        }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: Self.maxBytes) } catch {
            throw Problem(status: .contentTooLarge, type: "junkan:CircularityImportTooLarge", title: "CircularityImportTooLarge",
                          detail: "a circularity file may be at most \(Self.maxBytes >> 20) MiB")
        }
        let summary: CircularityImportSummary
        do {
            summary = try await CircularityImporter.importFile(Array(body.readableBytesView), fileName: request.uri.queryParameters["file"].map(String.init),
                                                               store: store, by: org.id, at: now())
        } catch let e as CircularityImportError {
            throw Self.problem(e)
        }
        return .json(Self.json(summary))
    }

    static func json(_ s: CircularityImportSummary) -> JSONValue {
        .object(JSONObject([("file", .string(s.file.fileName)), ("rows", .number(JSONNumber(s.rows))),
                            ("replacedRows", .number(JSONNumber(s.replacedRows))),
                            ("fiscalYears", .array(s.fiscalYears.map { .number(JSONNumber($0)) }))]))
    }

    /// 400 with every bad row as `errors: [{file, line, reason}]`.
    static func problem(_ e: CircularityImportError) -> Problem {
        var p = Problem.validation("\(e.file): \(e.errors.count + e.more) bad row\(e.errors.count + e.more == 1 ? "" : "s"), nothing of the file "
            + "was stored; the first: line \(e.errors.first?.line ?? 0): \(e.errors.first?.reason ?? "")")
        p.extensions["errors"] = .array(e.errors.map { r in
            .object(JSONObject([("file", .string(r.file)), ("line", .number(JSONNumber(r.line))), ("reason", .string(r.reason))]))
        })
        if e.more > 0 { p.extensions["moreErrors"] = .number(JSONNumber(e.more)) }
        return p
    }
}
