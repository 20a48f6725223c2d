import Foundation
import HTTPTypes
import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore
import NIOCore

/// Where a consumer pulls a dataset under an agreement (`HttpData-PULL`; issue 28, item 2): `GET /dsp/data/{pid}` with
/// the bearer token of the transfer's start message, and the purpose of this use as `purpose` (a term of the closed
/// list, docs/dataspace.md). Every request is checked again: the transfer still STARTED, the token not expired, the
/// agreement finalized and its policy holding now for this consumer and purpose (`DSPProvider.authorise`). Refusals
/// are problem documents (this is the data plane, not a DSP message endpoint).
struct DSPDataController<Context: RequestContext> {
    let provider: DSPProvider
    let passports: PassportService
    let trace: TraceIndex
    let reporter: CircularityReporter

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("/data/{pid}") { request, context in
            try request.onlyQueryParameters(["purpose"])
            let pid = DSPController<Context>.parameter(context, "pid")
            var token: String?
            if let auth = request.headers[.authorization] {
                guard auth.lowercased().hasPrefix("bearer ") else { throw Problem.unauthorized("use Authorization: Bearer <token from the start message>") }
                token = String(auth.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
            }
            let authorised: (DSPTransferRecord, DSPDataset)
            do {
                authorised = try await provider.authorise(providerPid: pid, token: token, purpose: request.uri.queryParameters.get("purpose"))
            } catch let r as DSPProvider.Refusal {
                switch r.status {
                case 401: throw Problem.unauthorized(r.reasons.joined(separator: "; "))
                case 404: throw Problem.noSuchResource(r.reasons.joined(separator: "; "))
                case 400: throw Problem.queryParameter(r.reasons.joined(separator: "; "))
                default: throw Problem.forbidden(r.reasons.joined(separator: "; "))
                }
            }
            var response = try await content(authorised.1, consumer: authorised.0.consumer, request: request)
            response.headers[.cacheControl] = "private, no-store"
            return response
        }
        return routes
    }

    /// The most withheld event hashes listed in a header (each is about 80 bytes).
    static var withheldListed: Int { 64 }

    func content(_ d: DSPDataset, consumer: String, request: Request) async throws -> Response {
        switch d.kind {
        case .passport:
            guard let link = try? GS1Identifier.digitalLink(from: d.subject), let subject = PassportSubject(link),
                let assembled = try await passports.assembled(subject)
            else { throw Problem.noSuchResource("no passport for \(d.subject)") }
            let body = try await passports.rendered(subject: subject, assembled: assembled, level: .public, format: .json)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
        case .footprint:
            guard let f = try await provider.store.pactFootprint(id: d.subject) else { throw Problem.noSuchResource("no footprint \(d.subject)") }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: f.json)))
        case .circularity:
            guard let year = Int(d.subject) else { throw Problem.noSuchResource("no report \(d.subject)") }
            return .json(try await reporter.reportJSON(fiscalYear: year, scope: .organisation(d.organisationID)))
        case .events:
            return try await events(d, consumer: consumer, request: request)
        }
    }

    /// The lot's events and its upstream's as an EPCISQueryDocument: the dataset's organisation's events under the
    /// agreement, other organisations' events as their release policies allow this consumer (docs/federation.md); how
    /// many are withheld is in `Junkan-Withheld-Count` and, up to 64, their hashes in `Junkan-Withheld-Events`, so the
    /// consumer reports a gap, not a smaller graph.
    func events(_ d: DSPDataset, consumer: String, request: Request) async throws -> Response {
        let graph = try await trace.snapshot()
        let excerpt = GraphExcerpt(graph: graph, ids: [d.subject], direction: .upstream, depth: 100)
        let records = try await excerpt.events(from: provider.store)
        let own = records.filter { $0.organisationID == d.organisationID }
        let others = records.filter { $0.organisationID != d.organisationID }
        let gate = try await ReleaseGate.load(
            requester: try await provider.store.peer(baseURL: consumer), store: provider.store, now: provider.settings.now())
        let split = try await gate.split(others, ids: [d.subject], direction: .upstream, depth: 100, graph: graph, store: provider.store)
        let released = Set((own + split.released).map(\.eventID))
        // Released events as their provider captured them, unless GS1-EPC-Format asks otherwise (not an EPCIS query route,
        // so not the binding's Digital Link default).
        var response = try await EventsController<Context>.queryDocument(
            records.filter { released.contains($0.eventID) }, request: request, store: provider.store, defaultFormat: .neverTranslates)
        if !split.withheld.isEmpty {
            // A header stays small: the count always, the hashes while they fit.
            response.headers[HTTPField.Name("Junkan-Withheld-Count")!] = String(split.withheld.count)
            if split.withheld.count <= Self.withheldListed {
                response.headers[HTTPField.Name("Junkan-Withheld-Events")!] = split.withheld.sorted().joined(separator: ", ")
            }
        }
        return response
    }
}
