import Foundation
import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore

/// PACT v3 `ListFootprints` and `GetFootprint` (`../shared/fixtures/pact/data-exchange-protocol/spec/v3/openapi.yaml`).
struct PactFootprintsController<Context: CallerRequestContext> {
    let store: any PactStore
    let gate: PactGate

    /// The host parameter that carries the pagination cursor: the storage row of the last footprint on the page before
    /// (keyset paging: a link stays valid, and means the same, for as long as the node runs).
    static var cursorParameter: String { "x-junkan-after" }

    /// Mounted at `/3/footprints`.
    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("") { request, context in
            try await pactResponse(context) { try await self.list(request) }
        }
        routes.get("/:id") { request, context in
            try await pactResponse(context) {
                if let refusal = request.unknownQueryParameter([]) { throw PactError.badRequest(refusal) }
                let id = context.parameters.get("id") ?? ""
                guard let record = try await store.pactFootprint(id: id) else {
                    throw PactError.notFound("no product footprint with id \"\(id)\" on this host")
                }
                return Response.json(.object(JSONObject([("data", PactFootprintJSON.render(record))])))
            }
        }
        return routes
    }

    func list(_ request: Request) async throws -> Response {
        // Decoded here rather than by the router, which leaves names percent-encoded.
        let query = FormURLEncoded.parse(request.uri.query ?? "")
        let filter = try PactFilter(query: query, ignoring: ["limit", Self.cursorParameter])
        var limit = gate.configuration.defaultPageSize
        if let l = query.last(where: { $0.name.lowercased() == "limit" })?.value {
            guard let n = Int(l), n >= 0 else { throw PactError.badRequest("limit must be a whole number ≥ 0, found \"\(l)\"") }
            // A limit past the documented maximum is refused rather than quietly cut: a client that asked for more than
            // one page can hold would otherwise read a short page as the end of a list that has a next link.
            guard n <= gate.configuration.maxPageSize else {
                throw PactError.badRequest("limit is at most \(gate.configuration.maxPageSize) on this host, found \(n)")
            }
            limit = n
        }
        var after: Int64 = 0
        if let c = query.last(where: { $0.name == Self.cursorParameter })?.value {
            guard let n = Int64(c), n >= 0 else { throw PactError.badRequest("\(Self.cursorParameter) is not a cursor this host wrote") }
            after = n
        }
        let (page, more) = try await store.pactFootprints(matching: filter, after: after, limit: limit)
        var headers: HTTPFields = [.contentType: "application/json"]
        if more, limit > 0, let last = page.last {
            headers[.linkHeader] = "<\(nextLink(request, query: query, after: last.row))>; rel=\"next\""
        }
        let body = JSONValue.object(JSONObject([("data", .array(page.map(PactFootprintJSON.render)))]))
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: JSONWriter.string(body))))
    }

    /// An absolute URL on the host the request named (PACT: the link's host equals the request's `Host`), with the same
    /// filters and limit and the cursor moved on.
    func nextLink(_ request: Request, query: [(name: String, value: String)], after row: Int64) -> String {
        let scheme = PactGate.arrivedOverTLS(request) || gate.requiresTLS ? "https" : "http"
        let host = request.head.authority ?? "localhost"
        var items = query.filter { $0.name != Self.cursorParameter }.map { URLQueryItem(name: $0.name, value: $0.value) }
        items.append(URLQueryItem(name: Self.cursorParameter, value: String(row)))
        var c = URLComponents()
        c.scheme = scheme
        c.percentEncodedHost = host.split(separator: ":").first.map(String.init) ?? host
        if let colon = host.lastIndex(of: ":"), let port = Int(host[host.index(after: colon)...]) { c.port = port }
        c.path = "/3/footprints"
        c.queryItems = items
        // URLComponents leaves "+" alone in queries; a form decoder would read it as a space.
        c.percentEncodedQuery = c.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return c.string ?? "/3/footprints?\(Self.cursorParameter)=\(row)"
    }

}
