import Foundation
import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore

/// CRUD for `/materials/grades`, `/materials/lots` and `/materials/requests` (docs/materials.md). Writes need an
/// organisation's token and only the organisation that wrote a record may replace or delete it; reads are open (a
/// listing is an offer to anyone). Lots are addressed by their Digital Link path: `/materials/lots/01/{gtin}/10/{lot}`.
struct MaterialRecordsController<Context: CallerRequestContext> {
    let catalogue: MaterialCatalogue
    let index: MaterialIndex

    /// Mounted at `/materials`.
    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.post("/grades") { request, context in try await self.create(.grade, request, context) }
        routes.get("/grades") { request, _ in try await self.listGrades(request) }
        routes.get("/grades/{id}") { request, context in
            try request.onlyQueryParameters([])
            return try await self.show(.grade, try Self.id(context))
        }
        routes.put("/grades/{id}") { request, context in try await self.replace(.grade, Self.id, request, context) }
        routes.delete("/grades/{id}") { request, context in try await self.delete(.grade, Self.id, request, context) }

        routes.post("/lots") { request, context in try await self.create(.lot, request, context) }
        routes.get("/lots") { request, _ in try await self.listLots(request) }
        routes.get("/lots/01/{gtin}/10/{lot}") { request, context in
            try request.onlyQueryParameters([])
            return try await self.show(.lot, try Self.lotID(context))
        }
        routes.put("/lots/01/{gtin}/10/{lot}") { request, context in try await self.replace(.lot, Self.lotID, request, context) }
        routes.delete("/lots/01/{gtin}/10/{lot}") { request, context in try await self.delete(.lot, Self.lotID, request, context) }

        routes.post("/requests") { request, context in try await self.create(.request, request, context) }
        routes.get("/requests") { request, _ in
            try request.onlyQueryParameters([])
            return try await self.listRequests()
        }
        routes.get("/requests/{id}") { request, context in
            try request.onlyQueryParameters([])
            return try await self.show(.request, try Self.id(context))
        }
        routes.put("/requests/{id}") { request, context in try await self.replace(.request, Self.id, request, context) }
        routes.delete("/requests/{id}") { request, context in try await self.delete(.request, Self.id, request, context) }
        return routes
    }

    static func id(_ context: Context) throws -> String {
        guard let raw = context.parameters.get("id"), let id = PercentEncoding.decode(raw), !id.isEmpty else {
            throw Problem.validation("the path needs an id")
        }
        return id
    }

    static func lotID(_ context: Context) throws -> String {
        let gtin = context.parameters.get("gtin") ?? "", lot = PercentEncoding.decode(context.parameters.get("lot") ?? "") ?? ""
        let id: String
        do throws(MaterialError) { id = try MaterialLot.canonicalID("https://id.gs1.org/01/\(gtin)/10/\(PercentEncoding.encode(lot))") } catch {
            throw Problem.validation(error.reason)
        }
        return id
    }

    func decode(_ kind: MaterialRecord.Kind, _ request: Request, id: String?) async throws -> MaterialCatalogue.Decoded {
        let json = try await JSONBodyReader.materialDocument.read(request)
        let kinds = kind == .lot ? try await catalogue.gradeKinds() : [:]
        return try catalogue.decode(kind, json, id: id, kinds: kinds)
    }

    func create(_ kind: MaterialRecord.Kind, _ request: Request, _ context: Context) async throws -> Response {
        let org = try context.organisation()
        try request.onlyQueryParameters([])
        let doc = try await decode(kind, request, id: nil)
        let summary = try await catalogue.write([doc], owner: org.id, mode: .create)
        if let failure = summary.outcomes[0] { throw failure }
        var response = try await shown(doc)
        response.status = .created
        response.headers[.location] = MaterialPaths.path(kind, doc.record.id)
        return response
    }

    /// `id` reads the record's id from the path once the caller is known: a request without a token is a 401 whatever its path.
    func replace(_ kind: MaterialRecord.Kind, _ id: (Context) throws -> String, _ request: Request, _ context: Context) async throws -> Response {
        let org = try context.organisation()
        try request.onlyQueryParameters([])
        let id = try id(context)
        let doc = try await decode(kind, request, id: id)
        let summary = try await catalogue.write([doc], owner: org.id, mode: .replace)
        if let failure = summary.outcomes[0] { throw failure }
        return try await shown(doc)
    }

    func delete(_ kind: MaterialRecord.Kind, _ id: (Context) throws -> String, _ request: Request, _ context: Context) async throws -> Response {
        let org = try context.organisation()
        try request.onlyQueryParameters([])
        let id = try id(context)
        try await catalogue.delete(kind, id: id, owner: org.id)
        return Response(status: .noContent)
    }

    /// A written document as the API shows it (a lot with its computed values).
    func shown(_ doc: MaterialCatalogue.Decoded) async throws -> Response {
        if case .lot(let lot) = doc {
            let s = try await index.snapshot()
            if let p = s.profile(lot.id) { return .json(MaterialViews.lot(lot, p, grade: s.grades[lot.grade])) }
        }
        return .json(doc.record.json)
    }

    func show(_ kind: MaterialRecord.Kind, _ id: String) async throws -> Response {
        if kind == .lot {
            let s = try await index.snapshot()
            guard let p = s.profile(id), let view = try await catalogue.lotViews([p], grades: s.grades).first else {
                throw Problem.noSuchResource("no lot \(id) on offer")
            }
            return .json(view)
        }
        guard let r = try await catalogue.store.material(kind, id: id) else { throw Problem.noSuchResource("no \(kind.rawValue) \(id)") }
        // Withdrawn: the lots that name it show it with themselves; on its own it is no longer on offer.
        if r.withdrawn { throw Problem.noSuchResource("grade \(id) was withdrawn by its owner") }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: r.json)))
    }

    func listGrades(_ request: Request) async throws -> Response {
        try request.onlyQueryParameters(["polymer", "kind", "producer"])
        let q = request.uri.queryParameters
        var polymer: PolymerCode?
        if let p = q["polymer"].map(String.init), !p.isEmpty {
            do { polymer = try PolymerCode.parse(p) } catch { throw Problem.queryParameter("polymer: \(error.reason)") }
        }
        let kinds = try q["kind"].map { try MaterialQuery.kinds(String($0)) }
        let producer = q["producer"].map(String.init)
        let s = try await index.snapshot()
        let grades = s.grades.values.filter { g in
            !s.withdrawn.contains(g.id) && (polymer.map { $0.admits(g.polymer) } ?? true)
                && (kinds.map { $0.contains(g.kind) } ?? true)
                && (producer.map { g.producer.range(of: $0, options: .caseInsensitive) != nil } ?? true)
        }.sorted { $0.id < $1.id }
        return .json(.object(JSONObject([("count", .number(JSONNumber(grades.count))), ("grades", .array(grades.map(\.json)))])))
    }

    func listLots(_ request: Request) async throws -> Response {
        let filter = try MaterialQuery.filter(request)
        let (limit, offset) = try MaterialQuery.page(request)
        let s = try await index.snapshot()
        let found = filter.matching(s.profiles, keys: s.keys).sorted { s.profiles[$0].id < s.profiles[$1].id }
        var o = JSONObject([
            ("count", .number(JSONNumber(found.count))), ("offset", .number(JSONNumber(offset))),
            ("lots", .array(try await catalogue.lotViews(found.dropFirst(offset).prefix(limit).map { s.profiles[$0] }, grades: s.grades)))
        ])
        if offset + limit < found.count { o["nextOffset"] = .number(JSONNumber(offset + limit)) }
        return .json(.object(o))
    }

    func listRequests() async throws -> Response {
        let records = try await catalogue.store.materials(.request)
        let docs = records.compactMap { try? JSONParser.parse($0.json) }
        return .json(.object(JSONObject([("count", .number(JSONNumber(docs.count))), ("requests", .array(docs))])))
    }
}
