import Foundation
import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore
import NIOCore

/// PACT v3 `Action Events` (`POST /3/events`): CloudEvents in structured mode. Every valid event is recorded (once per
/// source and id); a RequestCreatedEvent is answered later with a Fulfilled or Rejected event sent to its `source`.
struct PactEventsController<Context: CallerRequestContext> {
    let store: any PactStore
    let gate: PactGate
    let responder: PactRequestResponder

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.post("/3/events") { request, context in
            try await pactResponse(context) { try await self.receive(request, from: context.caller.pactClientID ?? "") }
        }
        return routes
    }

    /// `client`: the PACT client the gate found (`PactCallerMiddleware`).
    func receive(_ request: Request, from client: String) async throws -> Response {
        if let refusal = request.unknownQueryParameter([]) { throw PactError.badRequest(refusal) }
        let type = request.mediaType
        guard type == "application/cloudevents+json" else {
            throw PactError.badRequest("events must be sent as application/cloudevents+json (CloudEvents structured mode), found \(type ?? "none")")
        }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: 4 << 20) } catch is NIOTooManyBytesError {
            throw PactError.tooLarge("the event is larger than 4 MiB")
        }
        let value: JSONValue
        do { value = try JSONParser.parse(body.readableBytesView) } catch {
            throw PactError.badRequest("the body is not JSON: \(error)")
        }
        let event = try PactEvent(parsing: value)
        var callback: URL?
        if case .requestCreated(let filter, _) = event.payload {
            guard !filter.isEmpty else {
                throw PactError.badRequest(
                    "/data: a RequestCreatedEvent must name at least one criterion (productId, companyId, geography, "
                        + "classification, validOn, validAfter, validBefore or status)")
            }
            guard let url = responder.callbackURL(event.source) else {
                throw PactError.badRequest(
                    "/source: \"\(event.source)\" is not the https URL of your events endpoint, so this host could not "
                        + "send its answer there")
            }
            callback = url
        }
        let record = PactEventRecord(
            source: event.source, id: event.id, type: event.kind.rawValue, clientID: client,
            receivedAt: gate.configuration.now(), json: JSONWriter.string(value),
            outcome: event.kind == .requestCreated ? "processing" : "accepted")
        // A repeated (source, id) is the same event sent again: acknowledge it, act on it only once.
        if try await store.recordPactEvent(record), let callback {
            responder.answer(event, to: callback, host: request.head.authority ?? "localhost")
        }
        return Response(status: .ok)
    }
}
