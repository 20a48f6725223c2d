import Foundation
public import JunkanCore
import JunkanLedger
public import JunkanStore

/// What capture writes to and reads: the events, and who owns which identifiers (an event may create or declare only
/// what its organisation owns or was granted, docs/ownership.md).
public typealias CaptureStore = EventStore & OwnershipStore

/// Turns a capture document into stored events: decode and validate, check who may declare what, hash (CBV 2.0),
/// assign eventID and recordTime, index, and write in one transaction.
public struct CaptureService: Sendable {
    public enum ErrorBehaviour: String, Sendable { case rollback, proceed }

    public struct Outcome: Sendable {
        public var job: CaptureJob
        public var result: CaptureResult
    }

    package let store: any CaptureStore
    package let trace: TraceIndex?
    /// Events per chunk of the capture pipeline (tests make it small, to capture across many chunks).
    package let chunkSize: Int

    public init(store: any CaptureStore, trace: TraceIndex? = nil, chunkSize: Int = CaptureService.pipelineChunk) {
        self.store = store
        self.trace = trace
        self.chunkSize = max(1, chunkSize)
    }

    /// Hashes and indexes one validated event. `raw` is the JSON-LD as sent (what the hash reads);
    /// `hasher` is built once per document from its `@context`.
    public static func record(
        for event: EPCISEvent, raw: JSONValue, context: JSONValue?, hasher: EventHash.Hasher, organisationID: String,
        recordTime: Int64
    ) throws(EventHashError) -> EventRecord {
        let hash = try hasher.hash(event: Self.withoutContext(raw))
        var e = event
        // EPCIS 2.0 §7.4.1: without an eventID, the event hash serves as one.
        if e.eventID == nil { e.eventID = hash }
        e.recordTime = ISO8601Timestamp.utcString(epochMilliseconds: recordTime)
        // Keep the document's context with the event: its extensions stay readable alone, and its hash can be
        // recomputed from the stored JSON alone (`junkan verify`), since the hash reads namespaces from the context.
        if e.context == nil, let context { e.context = context }
        return indexed(e, eventHash: hash, organisationID: organisationID, recordTime: recordTime)
    }

    /// The stored record of an event that has its eventID, recordTime and context: its index columns, derived from the
    /// event alone (so `junkan verify` derives them again from the stored JSON and compares).
    package static func indexed(_ e: EPCISEvent, eventHash hash: String, organisationID: String, recordTime: Int64) -> EventRecord {
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
    public static func prepare(
        _ json: JSONValue, organisationID: String, behaviour: ErrorBehaviour, jobID: String,
        now: Int64, ownership: IdentifierOwnership = IdentifierOwnership()
    ) throws -> Prepared {
        let document = try Document(
            json, organisationID: organisationID, behaviour: behaviour, jobID: jobID, now: now, chunkSize: .max, ownership: ownership)
        let chunk = try document.prepare(0)
        var job = document.job
        job.errors += chunk.errors
        return Prepared(job: job, records: chunk.records, traces: chunk.traces)
    }

    /// A capture document with its header checked and its events, as sent, cut into the capture's chunks. Each chunk
    /// is decoded, validated and hashed when it is prepared, and its events are then no longer held here: the JSON
    /// of a 10,000-event document is freed chunk by chunk, on the cores that prepared it, instead of all at once on
    /// the request's thread after the commit.
    package struct Document: Sendable {
        /// The job before any event is looked at: its event count, no errors yet.
        package let job: CaptureJob
        package let context: JSONValue
        package let decoder: EPCISEventDecoder
        package let hasher: EventHash.Hasher
        package let organisationID: String
        /// Who owns which identifiers, read once for the whole document.
        package let ownership: IdentifierOwnership
        package let behaviour: ErrorBehaviour
        package let now: Int64
        package let chunkSize: Int
        package let chunkCount: Int
        /// The master data of the document's header (`epcisHeader.epcisMasterData`), checked: stored for the
        /// organisation once the events are.
        package let masterData: [VocabularyElement]
        private let events: ChunkSlots<[JSONValue]>

        package init(
            _ json: JSONValue, organisationID: String, behaviour: ErrorBehaviour, jobID: String, now: Int64, chunkSize: Int,
            ownership: IdentifierOwnership
        ) throws {
            let header = try EPCISDocument.header(json)
            let declared = try EPCISMasterData.elements(of: json)
            // Master data is a statement about the element: only its owner (or a grantee) may make it.
            for d in declared {
                if let refused = IdentifierNotOwned.check(
                    d.element.id, at: d.pointer.appending("id"), rule: .masterData, organisationID: organisationID, ownership: ownership)
                {
                    throw refused
                }
            }
            masterData = declared.map(\.element)
            let list = header.eventList
            job = CaptureJob(
                id: jobID, organisationID: organisationID, createdAt: now, finishedAt: nil, status: .running,
                errorBehaviour: behaviour.rawValue, eventCount: list.count, storedCount: 0, duplicateCount: 0, errors: [])
            context = header.context
            decoder = EPCISEventDecoder(context: header.context)
            hasher = EventHash.Hasher(context: header.context)
            self.organisationID = organisationID
            self.ownership = ownership
            self.behaviour = behaviour
            self.now = now
            self.chunkSize = max(1, min(chunkSize, list.count))
            // At least one chunk: an empty document still goes through the attestation (an own-key capture without its
            // signature is refused).
            chunkCount = max(1, (list.count + self.chunkSize - 1) / self.chunkSize)
            let size = self.chunkSize
            events = ChunkSlots((0..<chunkCount).map { c in Array(list[min(list.count, c * size)..<min(list.count, (c + 1) * size)]) })
        }

        /// Chunk `c`'s records, in document order, with the errors (`proceed`) of its events. Under `rollback` the first
        /// failing event of the chunk is thrown. Each chunk is prepared once.
        package func prepare(_ c: Int) throws -> Chunk {
            let raw = events.take(c) ?? []
            let first = c * chunkSize
            // Decoding, hashing, indexing and reading the trace terms of one event need nothing from the others, so they run
            // on all cores; the results are then taken in document order, so errors and records come out as in one pass.
            let prepared = ParallelMap.map(raw.count) { j in prepareEvent(raw[j], at: first + j) }
            var chunk = Chunk()
            chunk.records.reserveCapacity(raw.count)
            chunk.traces.reserveCapacity(raw.count)
            for (j, outcome) in prepared.enumerated() {
                let i = first + j
                switch outcome {
                case .ready(let r, let t):
                    chunk.records.append(r)
                    chunk.traces.append(t)
                case .invalid(let error):
                    if behaviour == .rollback { throw error }
                    chunk.errors.append(.init(index: i, pointer: error.pointer.description, detail: error.reason))
                case .hashFailed(let error):
                    if behaviour == .rollback { throw EventHashFailure(index: i, error: error) }
                    chunk.errors.append(.init(index: i, pointer: EPCISDocument.eventPointer(i).description, detail: error.description))
                case .traceFailed(let error):
                    if behaviour == .rollback { throw error }
                    chunk.errors.append(.init(index: i, pointer: error.pointer.description, detail: error.reason))
                case .refused(let error):
                    throw error
                }
            }
            return chunk
        }

        /// Event `i` of the document, `raw` as sent: decoded and validated, hashed and indexed, and read for the trace graph.
        private func prepareEvent(_ raw: JSONValue, at i: Int) -> PreparedEvent {
            CaptureService.prepareEvent(
                raw, at: EPCISDocument.eventPointer(i), decoder: decoder, hasher: hasher, context: context,
                organisationID: organisationID, ownership: ownership, now: now)
        }
    }

    /// One event, `raw` as sent, at `pointer` of what was sent: decoded and validated, hashed and indexed, and read for
    /// the trace graph. The one path of an event into the store, for a document's events and for `POST /events`.
    fileprivate static func prepareEvent(
        _ raw: JSONValue, at pointer: JSONPointer, decoder: EPCISEventDecoder, hasher: EventHash.Hasher,
        context: JSONValue?, organisationID: String, ownership: IdentifierOwnership, now: Int64
    ) -> PreparedEvent {
        let event: EPCISEvent
        do throws(EPCISValidationError) { event = try decoder.decode(raw, at: pointer) } catch {
            return .invalid(error)
        }
        if let refused = IdentifierNotOwned.check(event, at: pointer, organisationID: organisationID, ownership: ownership) {
            return .refused(refused)
        }
        let r: EventRecord
        do throws(EventHashError) {
            r = try record(for: event, raw: raw, context: context, hasher: hasher, organisationID: organisationID, recordTime: now)
        } catch {
            return .hashFailed(error)
        }
        do throws(EPCISValidationError) {
            return .ready(r, try TraceRecord.from(event, eventHash: r.eventHash, documentContext: context))
        } catch {
            // Junkan's trace terms (docs/vocabulary.md) are checked here, so a wrong one is refused with where it is.
            return .traceFailed(EPCISValidationError(JSONPointer(pointer.tokens + error.pointer.tokens), error.reason))
        }
    }

    /// Part of a document's events, prepared.
    package struct Chunk: Sendable {
        package var records: [EventRecord] = []
        /// What each record adds to the trace graph (same order as `records`).
        package var traces: [TraceRecord] = []
        package var errors: [CaptureJob.EventError] = []
    }

    /// Late records made again at a later record time (`EventStore`): the new time in their JSON, and their leaves made
    /// again over it (`CaptureAttestation.releaf`).
    package static func restamp(organisation: Organisation) -> Restamp {
        { records, time in
            var again = try ParallelMap.map(records.count) { i in Result { try records[i].restamped(recordTime: time) } }.map { r in try r.get() }
            try CaptureAttestation.releaf(&again, organisation: organisation)
            return again
        }
    }

    /// Events prepared per chunk while the store writes the one before (`EventStore.capture(chunks:produce:)`): on a
    /// 10,000-event document the writer's thread and the preparing cores then work at the same time.
    public static let pipelineChunk = 1000

    /// Captures a document: each chunk prepared, its records given their log leaves, and all of them written in one
    /// transaction. `signature`: the `Junkan-Capture-Signature` header, required when the organisation keeps its own key.
    /// The document is consumed: its events are freed chunk by chunk as they are prepared.
    public func capture(
        _ json: consuming JSONValue, organisation: Organisation, signature: String? = nil, behaviour: ErrorBehaviour,
        jobID: String
    ) async throws -> Outcome {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        // An organisation that signs its captures itself signs one statement over all the events' hashes, which must
        // be checked before anything is stored: its documents are prepared whole.
        let size = if case .own = organisation.key { Int.max } else { chunkSize }
        // `json` is moved into the document's initialiser, which frees the tree around the events: from here on the
        // events are held by the document's chunks alone.
        let ownership = try await store.identifierOwnership()
        let document = try Document(
            json, organisationID: organisation.id, behaviour: behaviour, jobID: jobID, now: now, chunkSize: size, ownership: ownership)
        // What each chunk leaves for after the commit; its records go to the store, which frees them once written.
        let kept = ChunkSlots<Chunk>(Array(repeating: Chunk(), count: document.chunkCount))
        let result = try await store.capture(
            chunks: document.chunkCount,
            produce: { c in
                var chunk = try document.prepare(c)
                try CaptureAttestation.attachLeaves(to: &chunk.records, organisation: organisation, signature: signature)
                let records = chunk.records
                chunk.records = []
                kept.put(c, chunk)
                return records
            }, restamp: Self.restamp(organisation: organisation),
            // In the events' transaction: a capture that fails keeps no master data, and one answered has stored it.
            masterData: document.masterData.isEmpty ? nil : MasterDataDeclaration(elements: document.masterData, organisationID: organisation.id, at: now))
        // Only after the commit: the graph never shows what the store does not hold (replays are ignored).
        let prepared = kept.takeAll()
        await trace?.add(prepared.flatMap(\.traces))
        var job = document.job
        job.errors = prepared.flatMap(\.errors)
        job.storedCount = result.stored.count
        job.duplicateCount = result.duplicates.count
        job.finishedAt = Int64(Date().timeIntervalSince1970 * 1000)
        // Failed only when every event was refused (each has at most one error); an empty document succeeds.
        job.status = !job.errors.isEmpty && job.errors.count == job.eventCount ? .failed : .success
        try await store.saveJob(job)
        return Outcome(job: job, result: result)
    }
}

extension CaptureService {
    /// Captures one event (`POST /events`), with its own `@context` or the standard one: the steps of a document's
    /// event, at the root of what was sent, then its leaf and the store, at once. Throws the event's
    /// `EPCISValidationError` or `EventHashError`, the attestation's failure, or the store's.
    public func capture(
        event json: JSONValue, organisation: Organisation, signature: String? = nil
    ) async throws -> (
        record: EventRecord,
        result: CaptureResult
    ) {
        let context = json.objectValue?["@context"]
        let prepared = Self.prepareEvent(
            json, at: .root, decoder: EPCISEventDecoder(context: context), hasher: EventHash.Hasher(context: context),
            context: context, organisationID: organisation.id, ownership: try await store.identifierOwnership(),
            now: Int64(Date().timeIntervalSince1970 * 1000))
        var records: [EventRecord]
        let trace: TraceRecord
        switch prepared {
        case .ready(let r, let t): (records, trace) = ([r], t)
        case .invalid(let error), .traceFailed(let error): throw error
        case .hashFailed(let error): throw error
        case .refused(let error): throw error
        }
        try CaptureAttestation.attachLeaves(to: &records, organisation: organisation, signature: signature)
        let result = try await store.capture(records, restamp: Self.restamp(organisation: organisation))
        await self.trace?.add([trace])
        return (records[0], result)
    }
}

/// Values put and taken by index from several threads (a capture's chunks, made by the store's pipeline worker
/// or on the writer's thread). What is taken is no longer held here, so it is freed by whoever took it.
package final class ChunkSlots<Value: Sendable>: @unchecked Sendable {
    private var values: [Value?]
    private let lock = NSLock()

    package init(_ values: [Value]) { self.values = values }

    package func put(_ index: Int, _ value: Value) { lock.withLock { values[index] = value } }

    package func take(_ index: Int) -> Value? {
        lock.withLock {
            let v = values[index]
            values[index] = nil
            return v
        }
    }

    /// Every value still held, in index order.
    package func takeAll() -> [Value] {
        lock.withLock {
            let all = values.compactMap { $0 }
            values = []
            return all
        }
    }
}

/// One event of a document after `prepare`'s per-event work.
private enum PreparedEvent {
    case ready(EventRecord, TraceRecord)
    case invalid(EPCISValidationError)
    case hashFailed(EventHashError)
    case traceFailed(EPCISValidationError)
    case refused(IdentifierNotOwned)
}

public struct EventHashFailure: Error, Sendable {
    public let index: Int
    public let error: EventHashError
}
