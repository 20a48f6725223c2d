import Hummingbird
import JunkanCore
import JunkanNode

/// `GET /materials/offers.html` (the searchable list) and `GET /materials/request.html?id=…` (matches and blend).
struct MaterialPagesController<Context: RequestContext> {
    let catalogue: MaterialCatalogue
    let index: MaterialIndex

    /// Mounted at `/materials`.
    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("/offers.html") { request, _ in try await self.offers(request) }
        routes.get("/request.html") { request, _ in try await self.request(request) }
        return routes
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func offers(_ request: Request) async throws -> Response {
        var query: [String: String] = [:]
        for (k, v) in request.uri.queryParameters where !v.isEmpty { query[String(k)] = String(v) }
        let s = try await index.snapshot()
        do {
            let filter = try MaterialQuery.filter(request)
            let found = filter.filter(s.profiles, keys: s.keys).sorted { $0.id < $1.id }
            return Self.html(try MaterialPages.offers(found, keys: s.keys, query: query, error: nil))
        } catch let p as Problem {
            // A bad search is shown on the form it came from, not as a bare problem document.
            return Self.html(try MaterialPages.offers([], keys: s.keys, query: query, error: p.detail), status: .badRequest)
        }
    }

    func request(_ request: Request) async throws -> Response {
        try request.onlyQueryParameters(["id"])
        guard let id = request.uri.queryParameters["id"].map(String.init), !id.isEmpty else {
            throw Problem.queryParameter("id is required: the request's id")
        }
        guard let r = try await catalogue.request(id) else { throw Problem.noSuchResource("no request \(id)") }
        let s = try await index.snapshot()
        let matches = LotMatcher.match(r, profiles: s.profiles, keys: s.keys, limit: 20)
        let blend = BlendOptimizer.blend(r, profiles: s.profiles, keys: s.keys)
        return Self.html(try MaterialPages.request(r, matches: matches, blend: blend))
    }
}
