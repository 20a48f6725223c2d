import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore

/// `GET /materials/requests/{id}/matches` ranks single lots; `POST /materials/requests/{id}/blend` proposes a blend
/// (docs/materials.md). Both read the index and compute; neither writes, so neither needs a token.
struct MatchingController<Context: CallerRequestContext> {
    let catalogue: MaterialCatalogue
    let index: MaterialIndex

    /// Mounted at `/materials`.
    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("/requests/{id}/matches") { request, context -> Response in
            try request.onlyQueryParameters(["limit"])
            let r = try await self.request(context)
            let limit = try MaterialQuery.limit(request, default: 50)
            let s = try await index.snapshot()
            return .json(MaterialViews.matches(r, LotMatcher.match(r, profiles: s.profiles, keys: s.keys, limit: limit)))
        }
        routes.post("/requests/{id}/blend") { request, context -> Response in
            try request.onlyQueryParameters([])
            let r = try await self.request(context)
            let s = try await index.snapshot()
            return .json(MaterialViews.blend(r, BlendOptimizer.blend(r, profiles: s.profiles, keys: s.keys)))
        }
        return routes
    }

    func request(_ context: Context) async throws -> MaterialRequest {
        let id = try MaterialRecordsController<Context>.id(context)
        guard let r = try await catalogue.request(id) else { throw Problem.noSuchResource("no request \(id)") }
        return r
    }
}
