import Foundation
import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore
import NIOCore

/// Substances of concern (issue 31, docs/substances.md): `POST /substances/declarations` (an organisation's token)
/// takes IEC 62474 XML, a chemSHERPA archive of it, or the JSON or CSV form, all or none; `GET /substances/compliance?id=…&list=…`
/// checks a product or lot against lists by id (every shipped list when none is named); `GET /substances/scip` answers
/// a SCIP notification's data; `GET`/`POST /substances/lists` lists the lists and loads an organisation's own.
struct SubstanceController<Context: CallerRequestContext> {
    let service: SubstanceService
    let now: @Sendable () -> Int64
    static var maxBytes: Int { DeclarationDocument.maxBytes }

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.post("/substances/declarations") { request, context in try await self.declare(request, context) }
        routes.get("/substances/compliance") { request, _ in try await self.compliance(request) }
        routes.get("/substances/scip") { request, _ in try await self.scip(request) }
        routes.get("/substances/lists") { request, _ in
            try request.onlyQueryParameters([])
            let directory = try await service.lists()
            return Response.json(.array(directory.ids.compactMap { id in directory.lists[id].map { Self.summary($0, owner: directory.owners[id]) } }))
        }
        routes.post("/substances/lists") { request, context in try await self.load(request, context) }
        return routes
    }

    static var reader: JSONBodyReader {
        JSONBodyReader(
            mediaTypes: ["application/json", "application/xml", "text/xml", "text/csv", "application/zip"], maxBytes: maxBytes,
            wrongType: { request in
                Problem.unsupportedMediaType(
                    "send an IEC 62474 declaration as application/xml, or the JSON form as application/json, or the CSV form as text/csv, or a chemSHERPA archive (.shai, .shci) as application/zip, not \(request.headers[.contentType] ?? "no Content-Type")"
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
            } else if request.mediaType == "application/zip" {
                declarations = try DeclarationDocument.declarations(archive: Array(body.readableBytesView)).map { ($0, "iec62474-zip") }
            } else if request.mediaType == "text/csv" {
                declarations = try DeclarationDocument.declarations(csv: Array(body.readableBytesView)).map { ($0, "csv") }
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

    /// `id`: a GS1 identifier, or a GTIN alone (its product class, as a declaration's ProductID may name it).
    static func subject(_ request: Request) throws -> String {
        let raw = request.uri.queryParameters["id"].map(String.init) ?? ""
        guard !raw.isEmpty, raw.allSatisfy({ $0.isASCII && $0.isNumber }) else { return try TraceController<Context>.id(request) }
        switch DeclarationSubject.canonical(raw) {
        case .success(let link): return link
        case .failure(let problem): throw Problem.queryParameter("id: " + problem.reason)
        }
    }

    static func today(_ now: Int64) -> String { String(ISO8601Timestamp.utcString(epochMilliseconds: now).prefix(10)) }

    /// `GET /substances/scip?id=…`: the SCIP notification's data for a product or lot (docs/substances.md).
    func scip(_ request: Request) async throws -> Response {
        try request.onlyQueryParameters(["id"])
        let id = try Self.subject(request)
        guard let notification = try await service.scip(id, on: Self.today(now())) else {
            throw Problem.noSuchResource("no captured event and no declaration names \(id)")
        }
        return .json(ScipJSON.json(notification))
    }

    func compliance(_ request: Request) async throws -> Response {
        try request.onlyQueryParameters(["id", "list"])
        let id = try Self.subject(request)
        var ids: [String] = []
        for value in request.uri.queryParameters.getAll("list") {
            for part in value.split(separator: ",", omittingEmptySubsequences: true) where !ids.contains(String(part)) { ids.append(String(part)) }
        }
        if ids.isEmpty { ids = SubstanceListCatalogue.shippedIDs }
        let directory = try await service.lists()
        var lists: [RestrictedSubstanceList] = []
        for listID in ids {
            guard let list = directory.lists[listID] else {
                throw Problem.queryParameter("list \"\(listID)\" is not a list of this node; its lists are " + directory.ids.joined(separator: ", "))
            }
            lists.append(list)
        }
        let day = Self.today(now())
        guard let check = try await service.check(id, against: lists, on: day) else {
            throw Problem.noSuchResource("no captured event and no declaration names \(id)")
        }
        return .json(SubstanceComplianceJSON.json(id: id, day: day, check))
    }

    /// `POST /substances/lists`: an organisation's own restricted-substance list (the JSON form of the shipped lists,
    /// docs/substances.md), or a newer version of it; 201 with its summary.
    func load(_ request: Request, _ context: Context) async throws -> Response {
        let org = try context.organisation()
        try request.onlyQueryParameters([])
        let json = try await JSONBodyReader.materialDocument.read(request)
        do {
            let list = try await service.load(json, organisationID: org.id, at: now())
            return .json(Self.summary(list, owner: org.id), status: .created)
        } catch let refusal as SubstanceListRefusal {
            switch refusal {
            case .invalid(let error): throw Problem.validation(refusal.description, pointer: error.pointer)
            case .taken: throw Problem.conflict(refusal.description, pointer: "/id")
            }
        }
    }

    static func summary(_ list: RestrictedSubstanceList, owner: String?) -> JSONValue {
        var o = JSONObject([
            ("id", .string(list.id)), ("name", .string(list.name)), ("version", .string(list.version)), ("date", .string(list.date)),
            ("source", .string(list.source)), ("legalBasis", .string(list.legalBasis)), ("isExcerpt", .bool(list.isExcerpt)),
            ("entries", .number(JSONNumber(list.entries.count)))
        ])
        // An organisation's own list names it; a public list has no owner.
        if let owner { o["organisation"] = .string(owner) }
        return .object(o)
    }
}
