import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore

/// The REST binding's discovery resources: `/eventTypes`, `/epcs`, `/bizSteps`, `/bizLocations`, `/readPoints` and
/// `/dispositions` list what the repository holds (paged); `/{resource}/{value}` lists the value's sub-resources
/// (`events`); `/{resource}/{value}/events` is `GET /events` with the value as one more filter.
struct DiscoveryController<Context: RequestContext> {
    let store: any EventStore

    /// A discovery resource: its path, the field it lists, and how a value in a path becomes a filter.
    struct Resource: Sendable {
        var path: String
        var field: DiscoverableField?
        /// The `/events` parameter the value filters with.
        var parameter: String
    }

    static var resources: [Resource] {
        [
            Resource(path: "eventTypes", field: nil, parameter: "eventType"),
            Resource(path: "epcs", field: .epc, parameter: "MATCH_anyEPC"),
            Resource(path: "bizSteps", field: .bizStep, parameter: "EQ_bizStep"),
            Resource(path: "bizLocations", field: .bizLocation, parameter: "EQ_bizLocation"),
            Resource(path: "readPoints", field: .readPoint, parameter: "EQ_readPoint"),
            Resource(path: "dispositions", field: .disposition, parameter: "EQ_disposition")
        ]
    }

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        for r in Self.resources {
            routes.get("/\(r.path)") { request, _ in try await self.list(r, request) }
            routes.get("/\(r.path)/{value}") { request, context in
                try request.onlyQueryParameters([])
                try await self.checkKnown(r, context)
                return Self.collection(["events"])
            }
            routes.get("/\(r.path)/{value}/events") { request, context in
                let value = Self.value(context)
                let params = request.decodedQueryParameters
                if let taken = params.first(where: { $0.0 == r.parameter }) {
                    throw Problem.queryParameter("\(taken.0) is given by the path of /\(r.path)/{value}/events; it cannot be a query parameter too")
                }
                if r.field == nil {
                    // A bad parameter is a 400 before an unknown event type is a 404 (as on every route).
                    _ = try EventQueryParameters.parse(params)
                    try Self.checkEventType(value)
                }
                // The path's value is one more parameter (a single value: it is not split at `|`).
                let query = try EventQueryParameters.parse(EventQueryParameters.lists(params) + [(r.parameter, [value])], prefixes: nil)
                return try await EventsController<Context>.page(query, store: self.store, request: request, params: params)
            }
        }
        return routes
    }

    static func checkEventType(_ value: String) throws(Problem) {
        guard EPCISEvent.EventType(rawValue: value) != nil else { throw .noSuchResource("\(value) is not an EPCIS event type") }
    }

    static func value(_ context: Context) -> String {
        let raw = context.parameters.get("value") ?? ""
        return PercentEncoding.decode(raw) ?? raw
    }

    /// A 404 unless the repository holds the path's value (every standard event type is held, captured or not).
    func checkKnown(_ r: Resource, _ context: Context) async throws {
        let value = Self.value(context)
        guard r.field != nil else { return try Self.checkEventType(value) }
        var q = try EventQueryParameters.parse([(r.parameter, value)])
        q.perPage = 1
        guard !(try await store.events(matching: q).events.isEmpty) else {
            throw Problem.noSuchResource("no captured event has the \(r.path) value \(value)")
        }
    }

    func list(_ r: Resource, _ request: Request) async throws -> Response {
        try request.onlyQueryParameters(["perPage", "nextPageToken"])
        let paging = try ValuePaging(request)
        let found: [String]
        if let field = r.field {
            found = try await store.distinctValues(of: field, after: paging.after, limit: paging.perPage + 1)
        } else {
            found = EPCISEvent.EventType.allCases.map(\.rawValue).sorted().filter { paging.after == nil || $0 > paging.after! }
        }
        let page = Array(found.prefix(paging.perPage))
        var response = Self.collection(page)
        paging.link(&response, path: "/" + r.path, last: page.last, more: found.count > paging.perPage)
        return response
    }

    static func collection(_ members: [String]) -> Response {
        var response = Response.json(
            .object(
                JSONObject([
                    ("@context", EventsController<Context>.queryContext), ("type", "Collection"), ("member", .array(members.map(JSONValue.string)))
                ])))
        response.headers[.gs1EPCISVersion] = "2.0.0"
        response.headers[.gs1CBVVersion] = "2.0.0"
        return response
    }
}
