import Hummingbird
import JunkanCore
import JunkanNode

/// Provenance and footprints over the trace graph (docs/vocabulary.md), and the vocabulary's JSON-LD context.
struct TraceController<Context: RequestContext> {
    let index: TraceIndex
    /// Continues a walk into the peers (issue 27): without peers it is the local graph.
    let federation: FederatedTrace
    /// Answers as sent, reused while nothing they depend on changed.
    var answers = TraceAnswerCache()
    /// Depth when the request does not say, and the most a request may ask for.
    static var defaultDepth: Int { 20 }
    static var maxDepth: Int { 100 }

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("/trace/upstream") { request, _ in try await self.provenance(request, .upstream) }
        routes.get("/trace/downstream") { request, _ in try await self.provenance(request, .downstream) }
        routes.get("/trace/footprint") { request, _ in try await self.footprint(request) }
        routes.get("/voc/context.jsonld") { request, _ in
            try request.onlyQueryParameters([])
            return Response(
                status: .ok,
                headers: [
                    .contentType: "application/ld+json", .cacheControl: "public, max-age=86400",
                    .accessControlAllowOrigin: "*"
                ],
                body: .init(byteBuffer: ByteBuffer(string: JunkanContext.text)))
        }
        return routes
    }

    /// The `id` parameter in canonical form (Digital Link for GS1 keys, as the graph keeps them).
    static func id(_ request: Request) throws -> String {
        guard let raw = request.uri.queryParameters["id"].map(String.init), !raw.isEmpty else {
            throw Problem.queryParameter("id is required: the EPC or EPC class (URN or GS1 Digital Link URI) of a lot or item")
        }
        try IdentifierParameter.check("id", raw)
        return CBVCanonical.identifier(raw)
    }

    func provenance(_ request: Request, _ direction: Provenance.Direction) async throws -> Response {
        try request.onlyQueryParameters(["id", "depth"])
        let id = try Self.id(request)
        var depth = Self.defaultDepth
        if let d = request.uri.queryParameters["depth"] {
            guard let n = Int(d), n >= 0, n <= Self.maxDepth else {
                throw Problem.queryParameter("depth must be a whole number from 0 to \(Self.maxDepth), found \"\(d)\"")
            }
            depth = n
        }
        let local = try await index.snapshot()
        let walked = try await federation.walk(local: local, id: id, direction: direction, depth: depth)
        let key = TraceAnswerCache.Key(path: request.uri.path, id: id, depth: depth, graphVersion: local.version, walk: walked.stamp)
        if let body = await answers.answer(key) { return Self.json(body) }
        guard let p = Provenance(graph: walked.graph, id: id, direction: direction, depth: depth) else { throw Self.unknown(id, walked) }
        let body = ByteBuffer(string: JSONWriter.string(TraceJSON.provenance(p, origins: walked.origins, tombstones: walked.tombstones)))
        // Only an answer with every peer reached: one with tombstones is walked (and written) again next time.
        if walked.tombstones.isEmpty { await answers.keep(key, body) }
        return Self.json(body)
    }

    static func json(_ body: ByteBuffer) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
    }

    func footprint(_ request: Request) async throws -> Response {
        try request.onlyQueryParameters(["id"])
        let id = try Self.id(request)
        let walked = try await federation.walk(local: try await index.snapshot(), id: id, direction: .upstream, depth: Self.maxDepth)
        guard let f = FootprintCalculator(graph: walked.graph).footprint(of: id) else { throw Self.unknown(id, walked) }
        return .json(TraceJSON.footprint(f, tombstones: walked.tombstones, boundaries: walked.boundaries))
    }

    /// No event here or at a peer mentions `id`; the peers that could not be asked are named.
    static func unknown(_ id: String, _ walked: FederatedTrace.Result) -> Problem {
        let gaps = walked.tombstones.map { "\($0.node): \($0.reason)" }
        return Problem.noSuchResource(
            "no captured event mentions \(id)" + (gaps.isEmpty ? "" : "; not answered: " + gaps.joined(separator: "; ")))
    }
}
