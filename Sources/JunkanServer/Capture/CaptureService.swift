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

    public init(store: any EventStore, trace: TraceIndex? = nil) {
        self.store = store
        self.trace = trace
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
        var job = CaptureJob(id: jobID, organisationID: organisationID, createdAt: now, finishedAt: nil, status: .running,
                             errorBehaviour: behaviour.rawValue, eventCount: 0, storedCount: 0, duplicateCount: 0, errors: [])
        let (doc, invalid) = try EPCISDocument.decode(json, collectEventErrors: behaviour == .proceed)
        job.eventCount = doc.events.count + invalid.count
        for (i, e) in invalid.sorted(by: { $0.key < $1.key }) {
            job.errors.append(.init(index: i, pointer: e.pointer.description, detail: e.reason))
        }
        var records: [EventRecord] = []
        var traces: [TraceRecord] = []
        records.reserveCapacity(doc.events.count)
        let validIndices = (0..<job.eventCount).filter { invalid[$0] == nil }
        let hasher = EventHash.Hasher(context: doc.context)
        // Hashing, indexing and reading the trace terms of one event need nothing from the others, so they run on
        // all cores; the results are then taken in document order, so errors and records come out as in one pass.
        let prepared = ParallelMap.map(doc.events.count) { k in
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
        for (k, outcome) in prepared.enumerated() {
            let i = validIndices[k]
            switch outcome {
            case .ready(let r, let t):
                records.append(r)
                traces.append(t)
            case .hashFailed(let error):
                if behaviour == .rollback { throw EventHashFailure(index: i, error: error) }
                job.errors.append(.init(index: i, pointer: EPCISDocument.eventPointer(i).description, detail: error.description))
            case .traceFailed(let error):
                // Junkan's trace terms (docs/vocabulary.md) are checked here, so a wrong one is refused with where it is.
                let at = JSONPointer(EPCISDocument.eventPointer(i).tokens + error.pointer.tokens)
                if behaviour == .rollback { throw EPCISValidationError(at, error.reason) }
                job.errors.append(.init(index: i, pointer: at.description, detail: error.reason))
            }
        }
        return Prepared(job: job, records: records, traces: traces)
    }

    /// Captures a decoded document: `prepare`, then each record's log leaf, then one transaction for events and leaves.
    /// `signature`: the `Junkan-Capture-Signature` header, required when the organisation keeps its own key.
    public func capture(_ json: JSONValue, organisation: Organisation, signature: String? = nil, behaviour: ErrorBehaviour,
                        jobID: String) async throws -> Outcome {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var prepared = try Self.prepare(json, organisationID: organisation.id, behaviour: behaviour, jobID: jobID, now: now)
        try CaptureAttestation.attachLeaves(to: &prepared.records, organisation: organisation, signature: signature)
        let result = try await store.capture(prepared.records)
        // Only after the commit: the graph never shows what the store does not hold (replays are ignored).
        await trace?.add(prepared.traces)
        var job = prepared.job
        job.storedCount = result.stored.count
        job.duplicateCount = result.duplicates.count
        job.finishedAt = Int64(Date().timeIntervalSince1970 * 1000)
        job.status = job.errors.isEmpty ? .success : (prepared.records.isEmpty ? .failed : .success)
        try await store.saveJob(job)
        return Outcome(job: job, result: result)
    }
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
