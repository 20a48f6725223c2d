import Foundation
import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore

/// Named queries (EPCIS 2.0 REST binding, `/queries`): an organisation names a query; anyone reads the definitions and
/// runs them (`GET /queries/{name}/events`, like `GET /events`, whose events are public too); only the organisation
/// that named a query deletes it.
struct QueriesController<Context: CallerRequestContext> {
    let store: any NodeStore
    let now: @Sendable () -> Int64

    /// Mounted at `/queries`.
    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.post("") { request, context in try await self.create(request, context: context) }
        routes.get("") { request, _ in try await self.list(request) }
        routes.get("/{name}") { request, context in
            try request.onlyQueryParameters([])
            let named = try await self.named(context)
            return Response.json(Self.definition(named))
        }
        routes.delete("/{name}") { request, context in
            try request.onlyQueryParameters([])
            let org = try context.organisation()
            let named = try await self.named(context)
            guard named.organisationID == org.id else {
                throw Problem.forbidden("query \(named.name) was named by another organisation; only it may delete the query")
            }
            _ = try await self.store.removeNamedQuery(name: named.name)
            return Response(status: .noContent)
        }
        routes.get("/{name}/events") { request, context in
            try request.onlyQueryParameters(["perPage", "nextPageToken"])
            let named = try await self.named(context)
            let params = request.decodedQueryParameters
            var query = try NamedQueryParser.eventQuery(named)
            let paging = try EventQueryParameters.parse(params)
            query.perPage = paging.perPage
            query.after = paging.after
            return try await EventsController<Context>.page(query, store: self.store, request: request, params: params)
        }
        return routes
    }

    func create(_ request: Request, context: Context) async throws -> Response {
        try request.onlyQueryParameters([])
        let org = try context.organisation()
        let definition = try NamedQueryDefinition(try await JSONBodyReader.namedQuery.read(request))
        let named = NamedQuery(
            name: definition.name, query: JSONWriter.string(.object(definition.query)), organisationID: org.id, createdAt: now())
        guard try await store.addNamedQuery(named) else {
            throw Problem.epcis("ResourceAlreadyExistsException", .conflict, "a query named \(named.name) exists already", pointer: "/name")
        }
        var response = Response.json(Self.definition(named), status: .created)
        response.headers[.location] = "/queries/" + named.name
        return response
    }

    func list(_ request: Request) async throws -> Response {
        try request.onlyQueryParameters(["perPage", "nextPageToken"])
        let paging = try ValuePaging(request)
        let found = try await store.namedQueries(after: paging.after, limit: paging.perPage + 1)
        let page = found.prefix(paging.perPage)
        var response = Response.json(.array(page.map(Self.definition)))
        paging.link(&response, path: "/queries", last: page.last?.name, more: found.count > paging.perPage)
        return response
    }

    func named(_ context: Context) async throws -> NamedQuery {
        let raw = context.parameters.get("name") ?? ""
        let name = PercentEncoding.decode(raw) ?? raw
        guard let named = try await store.namedQuery(name: name) else {
            throw Problem.noSuchName(name)
        }
        return named
    }

    static func stored(_ named: NamedQuery) throws -> JSONObject {
        guard case .object(let o) = try JSONParser.parse(named.query) else { return JSONObject() }
        return o
    }

    static func definition(_ named: NamedQuery) -> JSONValue {
        .object(JSONObject([("name", .string(named.name)), ("query", .object((try? stored(named)) ?? JSONObject()))]))
    }
}
