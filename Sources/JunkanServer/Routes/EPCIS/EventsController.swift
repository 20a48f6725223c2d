import Foundation
import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore

/// EPCIS 2.0 query interface: `GET /events` (SimpleEventQuery parameters, paged) and `GET /events/{eventID}`.
struct EventsController<Context: RequestContext> {
    let store: any EventStore

    /// Mounted at `/events`.
    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("") { request, _ in try await self.list(request) }
        routes.get("/{eventID}") { request, context in
            try request.onlyQueryParameters([])
            let raw = context.parameters.get("eventID") ?? ""
            let id = PercentEncoding.decode(raw) ?? raw
            guard let e = try await self.store.event(id: id) else { throw Problem.noSuchResource("no event with eventID \(id)") }
            return try Self.queryDocument([e], request: request)
        }
        return routes
    }

    func list(_ request: Request) async throws -> Response {
        // Hummingbird has already percent-decoded the values (decoding again would corrupt a literal '%').
        let params = request.decodedQueryParameters
        return try await Self.page(try EventQueryParameters.parse(params), store: store, request: request, params: params)
    }

    /// A page of a query's events, with the RFC 8288 `Link` to the next page: the same request (`params`) with the
    /// cursor of the last event returned.
    static func page(_ query: EventQuery, store: any EventStore, request: Request, params: [(String, String)]) async throws -> Response {
        let page = try await store.events(matching: query)
        var response = try Self.queryDocument(page.events, request: request)
        if let next = page.next {
            var kept = params.filter { $0.0 != "nextPageToken" }
            kept.append(("nextPageToken", next.token))
            let query = kept.map { PercentEncoding.encode($0.0) + "=" + PercentEncoding.encode($0.1) }.joined(separator: "&")
            response.headers[.linkHeader] = "<\(request.uri.path)?\(query)>; rel=\"next\""
            response.headers[.gs1NextPageToken] = next.token
        }
        return response
    }

    static var queryContext: JSONValue { EPCISQueryDocument.context }

    /// An EPCISQueryDocument (EPCIS 2.0 §9.4) holding the events: JSON-LD, or XML (valid against
    /// `EPCglobal-epcis-query-2_0.xsd`) when Accept prefers it.
    static func queryDocument(_ events: [EventRecord], request: Request) throws -> Response {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let type = MediaTypeNegotiation.best(accept: request.headers[.accept], offers: EPCISMediaType.queryResults) ?? "application/ld+json"
        let out: String
        if EPCISMediaType.xml.contains(type) {
            // The stored JSON was written by this node, so it parses; an event that somehow did not is left out of the
            // XML rather than failing the page.
            let json = events.compactMap { try? JSONParser.parse($0.json) }
            out = EPCISXMLDocumentWriter.queryDocument(events: json, queryName: "SimpleEventQuery", creationDate: now)
        } else {
            out = EPCISQueryDocument.text(events: events.map(\.json), creationDate: now)
        }
        var headers = HTTPFields()
        headers[.contentType] = EPCISMediaType.xml.contains(type) ? type : "application/ld+json"
        headers[.gs1EPCISVersion] = "2.0.0"
        headers[.gs1CBVVersion] = "2.0.0"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: out)))
    }
}
