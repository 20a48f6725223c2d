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
            return try await Self.queryDocument([e], request: request, store: self.store)
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
        var response = try await Self.queryDocument(page.events, request: request, store: store)
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
    /// `EPCglobal-epcis-query-2_0.xsd`) when Accept prefers it; identifiers as `GS1-EPC-Format` asks (the binding's
    /// default, Digital Links, when it does not; `defaultFormat` for routes outside the binding), CBV values in XML as
    /// `GS1-CBV-XML-Format` asks. The response names both formats it applied.
    static func queryDocument(
        _ events: [EventRecord], request: Request, store: any EventStore, defaultFormat: EPCFormat = .standardDefault
    ) async throws -> Response {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let type = MediaTypeNegotiation.best(accept: request.headers[.accept], offers: EPCISMediaType.queryResults) ?? "application/ld+json"
        let xml = EPCISMediaType.xml.contains(type)
        let epcFormat = try headerValue(EPCFormat.self, request.headers[.gs1EPCFormat], "GS1-EPC-Format") ?? defaultFormat
        let cbvFormat = try headerValue(CBVXMLFormat.self, request.headers[.gs1CBVXMLFormat], "GS1-CBV-XML-Format") ?? .alwaysURN
        // Digital Links become URNs only with the company prefix lengths this node knows (its organisations' prefixes).
        let ownership = epcFormat == .alwaysURN ? try await (store as? any OwnershipStore)?.identifierOwnership() : nil
        let translator = EPCTranslator(format: epcFormat, ownership: ownership ?? IdentifierOwnership())
        let out: String
        if xml {
            // The stored JSON was written by this node, so it parses; an event that somehow did not is left out of the
            // XML rather than failing the page.
            let json = events.compactMap { try? JSONParser.parse($0.json) }.map(translator.translate)
            out = EPCISXMLDocumentWriter.queryDocument(events: json, queryName: "SimpleEventQuery", creationDate: now, cbv: cbvFormat)
        } else {
            let texts = events.map { e in
                guard translator.mayChange(e.json), let json = try? JSONParser.parse(e.json) else { return e.json }
                return JSONWriter.string(translator.translate(json))
            }
            out = EPCISQueryDocument.text(events: texts, creationDate: now)
        }
        var headers = HTTPFields()
        headers[.contentType] = xml ? type : "application/ld+json"
        headers[.gs1EPCISVersion] = "2.0.0"
        headers[.gs1CBVVersion] = "2.0.0"
        headers[.gs1EPCFormat] = epcFormat.rawValue
        if xml { headers[.gs1CBVXMLFormat] = cbvFormat == .alwaysWebURI ? cbvFormat.rawValue : CBVXMLFormat.alwaysURN.rawValue }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: out)))
    }

    /// A format header's value, or nil when it is absent; anything else is a 400 naming the values it may take.
    static func headerValue<Format: RawRepresentable & CaseIterable>(_: Format.Type, _ value: String?, _ name: String) throws -> Format?
    where Format.RawValue == String {
        // Absent is the default; present but empty is a value like any other, and not one of the allowed ones.
        guard let value = value?.trimmingCharacters(in: .whitespaces) else { return nil }
        guard let format = Format.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(value) == .orderedSame }) else {
            throw Problem.validation(
                "\(name) must be one of \(Format.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(value)\"")
        }
        return format
    }
}
