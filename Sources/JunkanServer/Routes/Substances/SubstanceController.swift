import Foundation
import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore
import NIOCore

/// Substances of concern (issue 31, docs/substances.md): `POST /substances/declarations` (an organisation's token)
/// takes IEC 62474 XML or the JSON form, one declaration or an array, all or none; `GET /substances/compliance?id=…&list=…`
/// checks a product or lot against lists by id (every shipped list when none is named).
struct SubstanceController<Context: CallerRequestContext> {
    let service: SubstanceService
    let now: @Sendable () -> Int64
    static var maxBytes: Int { DeclarationDocument.maxBytes }

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.post("/substances/declarations") { request, context in try await self.declare(request, context) }
        routes.get("/substances/compliance") { request, _ in try await self.compliance(request) }
        routes.get("/substances/lists") { request, _ in
            try request.onlyQueryParameters([])
            return Response.json(.array(SubstanceListCatalogue.shippedIDs.compactMap { SubstanceListCatalogue.shipped[$0] }.map(Self.summary)))
        }
        return routes
    }

    static var reader: JSONBodyReader {
        JSONBodyReader(
            mediaTypes: ["application/json", "application/xml", "text/xml"], maxBytes: maxBytes,
            wrongType: { request in
                Problem.unsupportedMediaType(
                    "send an IEC 62474 declaration as application/xml, or the JSON form as application/json, not \(request.headers[.contentType] ?? "no Content-Type")"
                )
            },
            tooLarge: { length in
                var p = Problem(
                    status: .contentTooLarge, type: "about:blank", title: "Content Too Large",
                    detail: "a declaration is at most \(maxBytes) bytes" + (length.map { ", the body has \($0)" } ?? ""))
                p.pointer = nil
                return p
            },
            notJSON: { error in Problem.validation("the body is not JSON: \(error)") })
    }

    func declare(_ request: Request, _ context: Context) async throws -> Response {
        let org = try context.organisation()
        try request.onlyQueryParameters([])
        let body = try await Self.reader.collect(request)
        var declarations: [(MaterialDeclaration, format: String)] = []
        do {
            if request.mediaType == "application/json" {
                declarations = try DeclarationDocument.declarations(json: try Self.reader.parse(body)).map { ($0, "json") }
            } else {
                let d = try body.withUnsafeReadableBytes { raw throws(DeclarationError) in try DeclarationDocument.read(raw) }
                declarations = [(d, "iec62474")]
            }
        } catch let error as DeclarationError {
            throw Self.refused(error)
        }
        try await service.keep(declarations, organisationID: org.id, at: now())
        return Response.json(
            .object(
                JSONObject([
                    ("stored", .number(JSONNumber(declarations.count))), ("organisation", .string(org.id)),
                    ("subjects", .array(declarations.map { .string($0.0.subject) }))
                ])), status: .created)
    }

    /// A declaration refused: `detail` lists each problem, and `errors` has them one by one (`path`, `line`, `detail`).
    static func refused(_ error: DeclarationError) -> Problem {
        var p = Problem.validation("the declaration is refused, nothing was stored: " + error.description)
        p.extensions["errors"] = .array(
            error.issues.map { issue in
                var o = JSONObject([("path", .string(issue.path))])
                if let line = issue.line { o["line"] = .number(JSONNumber(line)) }
                o["detail"] = .string(issue.reason)
                return .object(o)
            })
        return p
    }

    func compliance(_ request: Request) async throws -> Response {
        try request.onlyQueryParameters(["id", "list"])
        // A GTIN alone names its product class, as a declaration's ProductID may.
        let raw = request.uri.queryParameters["id"].map(String.init) ?? ""
        let id: String
        if !raw.isEmpty, raw.allSatisfy({ $0.isASCII && $0.isNumber }) {
            switch DeclarationSubject.canonical(raw) {
            case .success(let link): id = link
            case .failure(let problem): throw Problem.queryParameter("id: " + problem.reason)
            }
        } else {
            id = try TraceController<Context>.id(request)
        }
        var ids: [String] = []
        for value in request.uri.queryParameters.getAll("list") {
            for part in value.split(separator: ",", omittingEmptySubsequences: true) where !ids.contains(String(part)) { ids.append(String(part)) }
        }
        if ids.isEmpty { ids = SubstanceListCatalogue.shippedIDs }
        var lists: [RestrictedSubstanceList] = []
        for listID in ids {
            guard let list = SubstanceListCatalogue.shipped[listID] else {
                throw Problem.queryParameter(
                    "list \"\(listID)\" is not a list of this node; its lists are " + SubstanceListCatalogue.shippedIDs.joined(separator: ", "))
            }
            lists.append(list)
        }
        let day = String(ISO8601Timestamp.utcString(epochMilliseconds: now()).prefix(10))
        guard let check = try await service.check(id, against: lists, on: day) else {
            throw Problem.noSuchResource("no captured event and no declaration names \(id)")
        }
        return .json(SubstanceComplianceJSON.json(id: id, day: day, check))
    }

    static func summary(_ list: RestrictedSubstanceList) -> JSONValue {
        .object(
            JSONObject([
                ("id", .string(list.id)), ("name", .string(list.name)), ("version", .string(list.version)), ("date", .string(list.date)),
                ("source", .string(list.source)), ("legalBasis", .string(list.legalBasis)), ("isExcerpt", .bool(list.isExcerpt)),
                ("entries", .number(JSONNumber(list.entries.count)))
            ]))
    }
}
