import Foundation
import JunkanCore
import JunkanLedger
import JunkanStore

/// Turns a capture document into stored events: decode and validate, hash (CBV 2.0), assign
/// eventID and recordTime, index, and write in one transaction.
public struct CaptureService: Sendable {
    public enum ErrorBehaviour: String, Sendable { case rollback, proceed }

    public struct Outcome: Sendable {
        public var job: CaptureJob
        public var result: CaptureResult
    }

    let store: any EventStore
    let trace: TraceIndex?
    /// Events per chunk of the capture pipeline (tests make it small, to capture across many chunks).
    let chunkSize: Int

    public init(store: any EventStore, trace: TraceIndex? = nil, chunkSize: Int = CaptureService.pipelineChunk) {
        self.store = store
        self.trace = trace
        self.chunkSize = max(1, chunkSize)
    }

    /// Hashes and indexes one validated event. `raw` is the JSON-LD as sent (what the hash reads);
    /// `hasher` is built once per document from its `@context`.
    public static func record(for event: EPCISEvent, raw: JSONValue, context: JSONValue?, hasher: EventHash.Hasher, organisationID: String,
                              recordTime: Int64) throws(EventHashError) -> EventRecord {
        let hash = try hasher.hash(event: Self.withoutContext(raw))
        var e = event
        // EPCIS 2.0 §7.4.1: without an eventID, the event hash serves as one.
        if e.eventID == nil { e.eventID = hash }
        e.recordTime = ISO8601Timestamp.utcString(epochMilliseconds: recordTime)
        // Keep the document's context with the event: its extensions stay readable alone, and its hash can be
        // recomputed from the stored JSON alone (`junkan verify`), since the hash reads namespaces from the context.
        if e.context == nil, let context { e.context = context }
        let time = ISO8601Timestamp.parse(e.eventTime)!.epochMilliseconds
        return EventRecord(
            eventID: e.eventID!, eventHash: hash, type: e.type.rawValue, eventTime: time, recordTime: recordTime,
            action: e.action?.rawValue, bizStep: e.bizStep.map(CBVCanonical.bizStep), disposition: e.disposition.map(CBVCanonical.disposition),
            readPoint: e.readPoint.map { CBVCanonical.identifier($0.id) }, bizLocation: e.bizLocation.map { CBVCanonical.identifier($0.id) },
            transformationID: e.transformationID, organisationID: organisationID,
            identifiers: Array(Set(e.touchedIdentifiers.map { EventIdentifier(role: $0.role, id: CBVCanonical.identifier($0.id)) })),
            json: JSONWriter.string(e.json))
    }

    /// The event as the hash reads it: an event-level `@context` only declares namespaces (the hasher is built
    /// from it), so it is not hashed as a field — and the stored event, which carries its context, hashes the same.
    public static func withoutContext(_ raw: JSONValue) -> JSONValue {
        guard case .object(var o) = raw, o["@context"] != nil else { return raw }
        o["@context"] = nil
        return .object(o)
    }

    /// A document decoded, validated and hashed, not yet stored: the records to write and the job that reports them.
    public struct Prepared: Sendable {
        public var job: CaptureJob
        public var records: [EventRecord]
        /// What each record adds to the trace graph (same order as `records`).
        public var traces: [TraceRecord]
    }

    /// Decodes, validates and hashes a document into records. With `rollback` any invalid event fails the whole
    /// capture; with `proceed` the valid ones are kept and the others reported in the job.
    public static func prepare(_ json: JSONValue, organisationID: String, behaviour: ErrorBehaviour, jobID: String,
                               now: Int64) throws -> Prepared {
        let decoded = try Decoded(json, organisationID: organisationID, behaviour: behaviour, jobID: jobID, now: now)
        let chunk = try decoded.prepare(0..<decoded.doc.events.count)
        var job = decoded.job
        job.errors += chunk.errors
        return Prepared(job: job, records: chunk.records, traces: chunk.traces)
    }

    /// A decoded and validated document, and what its events need to become records.
    struct Decoded: Sendable {
        var job: CaptureJob
        let doc: EPCISDocument
        /// The document index of each decoded event (invalid events, under `proceed`, are left out of `doc.events`).
        let validIndices: [Int]
        let hasher: EventHash.Hasher
        let organisationID: String
        let behaviour: ErrorBehaviour
        let now: Int64

        init(_ json: JSONValue, organisationID: String, behaviour: ErrorBehaviour, jobID: String, now: Int64) throws {
            job = CaptureJob(id: jobID, organisationID: organisationID, createdAt: now, finishedAt: nil, status: .running,
                             errorBehaviour: behaviour.rawValue, eventCount: 0, storedCount: 0, duplicateCount: 0, errors: [])
            let (doc, invalid) = try EPCISDocument.decode(json, collectEventErrors: behaviour == .proceed)
            job.eventCount = doc.events.count + invalid.count
            for (i, e) in invalid.sorted(by: { $0.key < $1.key }) {
                job.errors.append(.init(index: i, pointer: e.pointer.description, detail: e.reason))
            }
            let eventCount = job.eventCount
            validIndices = (0..<eventCount).filter { invalid[$0] == nil }
            self.doc = doc
            hasher = EventHash.Hasher(context: doc.context)
            self.organisationID = organisationID
            self.behaviour = behaviour
            self.now = now
        }

        /// The records of `doc.events[range]`, in document order, with the errors (`proceed`) of that range.
        /// Under `rollback` the first failing event of the range is thrown.
        func prepare(_ range: Range<Int>) throws -> Chunk {
            // Hashing, indexing and reading the trace terms of one event need nothing from the others, so they run on
            // all cores; the results are then taken in document order, so errors and records come out as in one pass.
            let prepared = ParallelMap.map(range.count) { j in
                let k = range.lowerBound + j
                let event = doc.events[k]
                let r: EventRecord
                do throws(EventHashError) {
                    r = try record(for: event, raw: doc.rawEvents[k], context: doc.context, hasher: hasher,
                                   organisationID: organisationID, recordTime: now)
                } catch {
                    return PreparedEvent.hashFailed(error)
                }
                do throws(EPCISValidationError) {
                    return .ready(r, try TraceRecord.from(event, eventHash: r.eventHash, documentContext: doc.context))
                } catch {
                    return .traceFailed(error)
                }
            }
            var chunk = Chunk()
            chunk.records.reserveCapacity(range.count)
            for (j, outcome) in prepared.enumerated() {
                let i = validIndices[range.lowerBound + j]
                switch outcome {
                case .ready(let r, let t):
                    chunk.records.append(r)
                    chunk.traces.append(t)
                case .hashFailed(let error):
                    if behaviour == .rollback { throw EventHashFailure(index: i, error: error) }
                    chunk.errors.append(.init(index: i, pointer: EPCISDocument.eventPointer(i).description, detail: error.description))
                case .traceFailed(let error):
                    // Junkan's trace terms (docs/vocabulary.md) are checked here, so a wrong one is refused with where it is.
                    let at = JSONPointer(EPCISDocument.eventPointer(i).tokens + error.pointer.tokens)
                    if behaviour == .rollback { throw EPCISValidationError(at, error.reason) }
                    chunk.errors.append(.init(index: i, pointer: at.description, detail: error.reason))
                }
            }
            return chunk
        }
    }

    /// Part of a document's events, prepared.
    struct Chunk: Sendable {
        var records: [EventRecord] = []
        /// What each record adds to the trace graph (same order as `records`).
        var traces: [TraceRecord] = []
        var errors: [CaptureJob.EventError] = []
    }

    /// Events prepared per chunk while the store writes the one before (`EventStore.capture(chunks:produce:)`): on a
    /// 10,000-event document the writer's thread and the preparing cores then work at the same time.
    public static let pipelineChunk = 1000

    /// Captures a decoded document: `prepare`, then each record's log leaf, then one transaction for events and leaves.
    /// `signature`: the `Junkan-Capture-Signature` header, required when the organisation keeps its own key.
    public func capture(_ json: JSONValue, organisation: Organisation, signature: String? = nil, behaviour: ErrorBehaviour,
                        jobID: String) async throws -> Outcome {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let decoded = try Decoded(json, organisationID: organisation.id, behaviour: behaviour, jobID: jobID, now: now)
        let count = decoded.doc.events.count
        // An organisation that signs its captures itself signs one statement over all the events' hashes, which must
        // be checked before anything is stored: its documents are prepared whole.
        let size: Int
        if case .own = organisation.key { size = max(count, 1) } else { size = chunkSize }
        // At least one chunk: an empty document still goes through the attestation (an own-key capture without its signature is refused).
        let chunks = ChunkResults(count: max(1, (count + size - 1) / size))
        let result = try await store.capture(chunks: chunks.count) { c in
            var chunk = try decoded.prepare((c * size)..<min(count, (c + 1) * size))
            try CaptureAttestation.attachLeaves(to: &chunk.records, organisation: organisation, signature: signature)
            chunks.set(c, chunk)
            return chunk.records
        }
        // Only after the commit: the graph never shows what the store does not hold (replays are ignored).
        let prepared = chunks.all
        await trace?.add(prepared.flatMap(\.traces))
        var job = decoded.job
        job.errors += prepared.flatMap(\.errors)
        job.storedCount = result.stored.count
        job.duplicateCount = result.duplicates.count
        job.finishedAt = Int64(Date().timeIntervalSince1970 * 1000)
        let recordCount = prepared.reduce(0) { $0 + $1.records.count }
        job.status = job.errors.isEmpty ? .success : (recordCount == 0 ? .failed : .success)
        try await store.saveJob(job)
        return Outcome(job: job, result: result)
    }
}

/// The chunks a capture's producer made, kept for after the commit (their traces and errors). Each chunk is set once,
/// by the producer call for it, which the store makes one at a time or from its pipeline's worker; the lock orders them.
private final class ChunkResults: @unchecked Sendable {
    let count: Int
    private var chunks: [CaptureService.Chunk?]
    private let lock = NSLock()

    init(count: Int) {
        self.count = count
        chunks = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ chunk: CaptureService.Chunk) { lock.withLock { chunks[index] = chunk } }

    /// All chunks, once the store has produced every one of them.
    var all: [CaptureService.Chunk] { lock.withLock { chunks.map { $0 ?? CaptureService.Chunk() } } }
}

/// One event of a document after `prepare`'s per-event work.
private enum PreparedEvent {
    case ready(EventRecord, TraceRecord)
    case hashFailed(EventHashError)
    case traceFailed(EPCISValidationError)
}

public struct EventHashFailure: Error, Sendable {
    public let index: Int
    public let error: EventHashError
}
