import Foundation
import Hummingbird
import JunkanCore
import JunkanStore

/// EPCIS 2.0 capture interface (§12.4, openapi.yaml): `POST /capture` (a document, answered 202 with
/// the job's Location once its events are committed), `GET /capture/{id}`, `OPTIONS /capture`
/// (limits), and `POST /events` (one event, 201).
struct CaptureController<Context: RequestContext> {
    let store: any EventStore
    let limits: CaptureLimits
    let metrics: ServerMetrics
    let trace: TraceIndex?

    var service: CaptureService { CaptureService(store: store, trace: trace) }
    var auth: BearerAuthenticator { BearerAuthenticator(store: store) }

    func addRoutes(to router: Router<Context>) {
        router.post("/capture") { request, _ in try await self.capture(request) }
        router.on("/capture", method: .options) { _, _ in self.options() }
        router.get("/capture/{captureID}") { _, context in
            let id = context.parameters.get("captureID") ?? ""
            guard let job = try await self.store.job(id: id) else { throw Problem.noSuchResource("no capture job \(id)") }
            return Response.json(Self.jobJSON(job))
        }
        router.post("/events") { request, _ in try await self.captureSingle(request) }
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

    /// Reads the body as JSON after checking media type and size; every failure is a 4xx problem.
    func readJSON(_ request: Request) async throws -> JSONValue {
        guard let type = request.mediaType, type == "application/json" || type == "application/ld+json" else {
            throw Problem.unsupportedMediaType("send EPCIS documents as application/ld+json or application/json, not \(request.headers[.contentType] ?? "no Content-Type")")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limits.maxBytes {
            throw Problem.captureLimitExceeded("the body has \(length) bytes; this node accepts at most \(limits.maxBytes) (GS1-EPCIS-Capture-File-Size-Limit)")
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limits.maxBytes)
        } catch {
            throw Problem.captureLimitExceeded("the body is larger than \(limits.maxBytes) bytes (GS1-EPCIS-Capture-File-Size-Limit)")
        }
        do {
            return try buffer.withUnsafeReadableBytes { raw in try JSONParser.parse(UnsafeRawBufferPointer(raw).bindMemory(to: UInt8.self), limits: .init(maxDepth: 64)) }
        } catch let e as JSONSyntaxError {
            throw Problem.validation("the body is not valid JSON: \(e)")
        }
    }

    func capture(_ request: Request) async throws -> Response {
        let org = try await auth.organisation(for: request)
        let behaviourHeader = request.headers[.gs1CaptureErrorBehaviour]?.lowercased() ?? "rollback"
        guard let behaviour = CaptureService.ErrorBehaviour(rawValue: behaviourHeader) else {
            throw Problem.validation("GS1-Capture-Error-Behaviour must be rollback or proceed, not \"\(behaviourHeader)\"")
        }
        let json = try await readJSON(request)
        if let count = json.objectValue?["epcisBody"]?.objectValue?["eventList"]?.arrayValue?.count, count > limits.maxEvents {
            throw Problem.captureLimitExceeded("the document has \(count) events; this node accepts at most \(limits.maxEvents) per capture (GS1-EPCIS-Capture-Limit)")
        }
        let jobID = UUID().uuidString.lowercased()
        metrics.captureDocuments.increment()
        let outcome: CaptureService.Outcome
        do {
            outcome = try await service.capture(consume json, organisation: org, signature: request.headers[.junkanCaptureSignature],
                                                behaviour: behaviour, jobID: jobID)
        } catch let e as EPCISValidationError {
            metrics.rejectedEvents.increment()
            throw Problem.validation(e.description, pointer: e.pointer.description)
        } catch let e as EventHashFailure {
            throw Problem.validation("event \(e.index): \(e.error)", pointer: EPCISDocument.eventPointer(e.index).description)
        } catch EventStoreError.eventIDConflict(let id) {
            throw Problem.conflict("eventID \(id) is already used by a different event")
        } catch let e as CaptureAttestation.Failure {
            throw Problem(e)
        }
        metrics.capturedEvents.increment(by: Int64(outcome.result.stored.count))
        metrics.duplicateEvents.increment(by: Int64(outcome.result.duplicates.count))
        metrics.rejectedEvents.increment(by: Int64(outcome.job.errors.count))
        var h = HTTPFields()
        h[.location] = "/capture/" + jobID
        h[.contentType] = "application/json"
        return Response(status: .accepted, headers: h, body: .init(byteBuffer: ByteBuffer(string: JSONWriter.string(Self.jobJSON(outcome.job)))))
    }

    /// `POST /events`: one event (with its own @context, or the standard one), stored at once.
    func captureSingle(_ request: Request) async throws -> Response {
        let org = try await auth.organisation(for: request)
        let json = try await readJSON(request)
        let context = json.objectValue?["@context"]
        let event: EPCISEvent
        do { event = try EPCISEventDecoder(context: context).decode(json) } catch {
            throw Problem.validation(error.description, pointer: error.pointer.description)
        }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var record: EventRecord
        do {
            record = try CaptureService.record(for: event, raw: json, context: context, hasher: EventHash.Hasher(context: context),
                                               organisationID: org.id, recordTime: now)
        } catch {
            throw Problem.validation(error.description)
        }
        let traceRecord: TraceRecord
        do {
            traceRecord = try TraceRecord.from(event, eventHash: record.eventHash, documentContext: context)
        } catch {
            throw Problem.validation(error.description, pointer: error.pointer.description)
        }
        do {
            var records = [record]
            try CaptureAttestation.attachLeaves(to: &records, organisation: org, signature: request.headers[.junkanCaptureSignature])
            record = records[0]
        } catch let e as CaptureAttestation.Failure {
            throw Problem(e)
        }
        let result: CaptureResult
        do { result = try await store.capture([record]) } catch EventStoreError.eventIDConflict(let id) {
            throw Problem.conflict("eventID \(id) is already used by a different event", pointer: "/eventID")
        }
        await trace?.add([traceRecord])
        metrics.capturedEvents.increment(by: Int64(result.stored.count))
        metrics.duplicateEvents.increment(by: Int64(result.duplicates.count))
        var h = HTTPFields()
        h[.location] = "/events/" + PercentEncoding.encode(record.eventID)
        h[.contentType] = "application/json"
        let body: JSONValue = ["eventID": .string(record.eventID), "eventHash": .string(record.eventHash), "duplicate": .bool(!result.duplicates.isEmpty)]
        // A repeat of an already stored event is not an error, but nothing new was created.
        return Response(status: result.duplicates.isEmpty ? .created : .ok, headers: h, body: .init(byteBuffer: ByteBuffer(string: JSONWriter.string(body))))
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
        o["errors"] = .array(job.errors.map { e in
            ["type": "epcisException:ValidationException", "title": "ValidationException", "status": 400,
             "detail": .string(e.detail), "pointer": .string(e.pointer), "eventIndex": .number(JSONNumber(e.index))]
        })
        return .object(o)
    }
}

/// What one capture may hold (advertised by `OPTIONS /capture`).
public struct CaptureLimits: Sendable {
    public var maxEvents: Int
    public var maxBytes: Int
    /// 10,000 events, 10 MiB: a full document of typical events fits, a larger body is refused unread.
    public init(maxEvents: Int = 10_000, maxBytes: Int = 10 * 1024 * 1024) { self.maxEvents = maxEvents; self.maxBytes = maxBytes }
}
