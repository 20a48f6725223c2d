import Foundation
import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore
import Prometheus

/// EPCIS 2.0 capture interface (§12.4, openapi.yaml): `POST /capture` (a document, answered 202 with
/// the job's Location once its events are committed), `GET /capture/{id}`, `OPTIONS /capture`
/// (limits), and `POST /events` (one event, 201).
struct CaptureController<Context: CallerRequestContext> {
    let store: any CaptureStore
    let limits: CaptureLimits
    let metrics: ServerMetrics
    let trace: TraceIndex?
    /// Told when events were committed (the subscriptions' dispatcher, which then delivers without waiting for its poll).
    var committed: @Sendable () -> Void = {}

    var service: CaptureService { CaptureService(store: store, trace: trace) }
    var body: JSONBodyReader { .epcis(maxBytes: limits.maxBytes) }
    var xmlBody: JSONBodyReader { .epcisXML(maxBytes: limits.maxBytes) }

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.post("/capture") { request, context in try await self.capture(request, context) }
        routes.on("/capture", method: .options) { request, _ in
            try request.onlyQueryParameters([])
            return self.options()
        }
        routes.get("/capture/{captureID}") { request, context in
            let org = try context.organisation()
            try request.onlyQueryParameters([])
            let id = context.parameters.get("captureID") ?? ""
            // Another organisation's job is answered as no job at all: its counts and errors describe that
            // organisation's events, and even its existence is none of the caller's business.
            guard let job = try await self.store.job(id: id), job.organisationID == org.id else {
                throw Problem.noSuchResource("no capture job \(id)")
            }
            return Response.json(Self.jobJSON(job))
        }
        routes.post("/events") { request, context in try await self.captureSingle(request, context) }
        return routes
    }

    func options() -> Response {
        var h = HTTPFields()
        h[.allow] = "OPTIONS, POST"
        h[.gs1CaptureLimit] = String(limits.maxEvents)
        h[.gs1CaptureFileSizeLimit] = String(limits.maxBytes)
        h[.gs1EPCISVersion] = "2.0.0"
        h[.gs1CBVVersion] = "2.0.0"
        h[.gs1CaptureErrorBehaviour] = "rollback, proceed"
        return Response(status: .noContent, headers: h)
    }

    func capture(_ request: Request, _ context: Context) async throws -> Response {
        let org = try context.organisation()
        try request.onlyQueryParameters([])
        let behaviourHeader = request.headers[.gs1CaptureErrorBehaviour]?.lowercased() ?? "rollback"
        guard let behaviour = CaptureService.ErrorBehaviour(rawValue: behaviourHeader) else {
            throw Problem.validation("GS1-Capture-Error-Behaviour must be rollback or proceed, not \"\(behaviourHeader)\"")
        }
        let json = try await document(request, singleEvent: false)
        if let count = json.objectValue?["epcisBody"]?.objectValue?["eventList"]?.arrayValue?.count, count > limits.maxEvents {
            throw Problem.captureLimitExceeded(
                "the document has \(count) events; this node accepts at most \(limits.maxEvents) per capture (GS1-EPCIS-Capture-Limit)")
        }
        let jobID = UUID().uuidString.lowercased()
        metrics.captureDocuments.increment()
        let outcome: CaptureService.Outcome
        do {
            outcome = try await service.capture(
                consume json, organisation: org, signature: request.headers[.junkanCaptureSignature],
                behaviour: behaviour, jobID: jobID)
        } catch let e as EPCISValidationError {
            metrics.rejectedEvents.increment()
            throw e
        } catch EventStoreError.eventIDConflict(let id) {
            throw Problem.conflict("eventID \(id) is already used by a different event")
        }
        metrics.capturedEvents.increment(by: Int64(outcome.result.stored.count))
        if !outcome.result.stored.isEmpty { committed() }
        metrics.duplicateEvents.increment(by: Int64(outcome.result.duplicates.count))
        metrics.rejectedEvents.increment(by: Int64(outcome.job.errors.count))
        var h = HTTPFields()
        h[.location] = "/capture/" + jobID
        h[.contentType] = "application/json"
        return Response(status: .accepted, headers: h, body: .init(byteBuffer: ByteBuffer(string: JSONWriter.string(Self.jobJSON(outcome.job)))))
    }

    /// `POST /events`: one event (with its own @context, or the standard one), stored at once.
    func captureSingle(_ request: Request, _ context: Context) async throws -> Response {
        let org = try context.organisation()
        try request.onlyQueryParameters([])
        let json = try await document(request, singleEvent: true)
        let captured: (record: EventRecord, result: CaptureResult)
        do {
            captured = try await service.capture(event: json, organisation: org, signature: request.headers[.junkanCaptureSignature])
        } catch EventStoreError.eventIDConflict(let id) {
            throw Problem.conflict("eventID \(id) is already used by a different event", pointer: "/eventID")
        }
        let (record, result) = captured
        metrics.capturedEvents.increment(by: Int64(result.stored.count))
        if !result.stored.isEmpty { committed() }
        metrics.duplicateEvents.increment(by: Int64(result.duplicates.count))
        var h = HTTPFields()
        h[.location] = "/events/" + PercentEncoding.encode(record.eventID)
        h[.contentType] = "application/json"
        let body: JSONValue = ["eventID": .string(record.eventID), "eventHash": .string(record.eventHash), "duplicate": .bool(!result.duplicates.isEmpty)]
        // A repeat of an already stored event is not an error, but nothing new was created.
        return Response(status: result.duplicates.isEmpty ? .created : .ok, headers: h, body: .init(byteBuffer: ByteBuffer(string: JSONWriter.string(body))))
    }

    /// The body as JSON-LD: JSON as sent, or EPCIS XML validated against GS1's XML Schema and decoded into the JSON-LD
    /// form of the same events (so both hash, store and log alike).
    func document(_ request: Request, singleEvent: Bool) async throws -> JSONValue {
        guard let type = request.mediaType, EPCISMediaType.xml.contains(type) else { return try await body.read(request) }
        let bytes = try await xmlBody.collect(request)
        do {
            return try bytes.withUnsafeReadableBytes { raw throws(EPCISXMLError) in
                singleEvent ? try EPCISXMLReader.singleEvent(raw) : try EPCISXMLReader.captureDocument(raw)
            }
        } catch {
            throw Problem.xml(error)
        }
    }

    static func jobJSON(_ job: CaptureJob) -> JSONValue {
        var o = JSONObject()
        o["captureID"] = .string(job.id)
        o["createdAt"] = .string(ISO8601Timestamp.utcString(epochMilliseconds: job.createdAt))
        if let f = job.finishedAt { o["finishedAt"] = .string(ISO8601Timestamp.utcString(epochMilliseconds: f)) }
        o["running"] = .bool(job.status == .running)
        o["success"] = .bool(job.status == .success)
        o["captureErrorBehaviour"] = .string(job.errorBehaviour)
        o["eventCount"] = .number(JSONNumber(job.eventCount))
        o["storedCount"] = .number(JSONNumber(job.storedCount))
        o["duplicateCount"] = .number(JSONNumber(job.duplicateCount))
        o["errors"] = .array(
            job.errors.map { e in
                [
                    "type": "epcisException:ValidationException", "title": "ValidationException", "status": 400,
                    "detail": .string(e.detail), "pointer": .string(e.pointer), "eventIndex": .number(JSONNumber(e.index))
                ]
            })
        return .object(o)
    }
}
