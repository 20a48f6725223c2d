public import JunkanCore
public import JunkanLedger
public import JunkanStore

/// The answer of `POST /federation/trace` (docs/federation.md): a `GraphExcerpt`'s events, each with its leaf and
/// inclusion path in the answering node's log, all against one cosigned checkpoint; and, when the asker said which
/// checkpoint size it verified last (`since`), the consistency proof from that size. Written by the answering node,
/// read (member by member, every error naming the member) by the asking one.
public struct PeerGraphAnswer: Sendable {
    public static let type = "JunkanGraphExcerpt"

    public struct Entry: Sendable {
        /// The event as the node stored it (with its `@context`): the asker hashes it itself.
        public var event: JSONValue
        public var index: UInt64
        public var leaf: [UInt8]
        public var inclusionProof: [TreeHash]
    }

    public var node: String
    /// The signed checkpoint note with its cosignatures; empty when the log has no checkpoint yet.
    public var checkpoint: String
    public var consistencyProof: [TreeHash]?
    public var entries: [Entry]
    /// Event hashes of steps committed but not yet in a checkpoint (no proof can be given yet).
    public var pending: [String]
    /// Event hashes of steps the asker may not have (their organisations' release policies).
    public var withheld: [String]
    public var unknown: [String]
    public var truncated: Bool
    /// The events this answer releases (with a proof or pending), by hash, each with its organisation's ID: what the
    /// answering node records as released (`ReleaseRecord`). Not part of the JSON.
    public var released: [String: String] = [:]

    /// This node's answer for `excerpt` (from `ids` of `graph`): the events `gate` releases and their proofs against
    /// the latest checkpoint, and the hashes of those it withholds.
    public static func make(
        excerpt: GraphExcerpt, ids: [String], depth: Int, graph: TraceGraph, gate: ReleaseGate, node: String, store: any NodeStore,
        reader: LogReader, since: UInt64?
    ) async throws -> PeerGraphAnswer {
        async let recordsRead = excerpt.events(from: store)
        async let latestRead = store.latestCheckpoint()
        let (all, latest) = try await (recordsRead, latestRead)
        let (records, withheld) = try await gate.split(all, ids: ids, direction: excerpt.direction, depth: depth, graph: graph, store: store)
        var answer = PeerGraphAnswer(
            node: node, checkpoint: latest?.cosignedNote ?? "", consistencyProof: nil, entries: [], pending: [], withheld: withheld,
            unknown: excerpt.unknown, truncated: excerpt.truncated)
        for r in records { answer.released[r.eventHash] = r.organisationID }
        guard let latest else {
            answer.pending = records.map(\.eventHash)
            return answer
        }
        let proofs = try await reader.proofs(eventHashes: records.map(\.eventHash), against: latest)
        for r in records {
            guard let p = proofs[r.eventHash] ?? nil else {
                answer.pending.append(r.eventHash)
                continue
            }
            answer.entries.append(Entry(event: try JSONParser.parse(r.json), index: p.proof.index, leaf: p.leaf, inclusionProof: p.proof.proof))
        }
        if let since, since > 0, since < latest.size { answer.consistencyProof = try await reader.consistencyProof(from: since, to: latest.size) }
        return answer
    }

    public var json: JSONValue {
        var o = JSONObject([
            ("type", .string(Self.type)), ("node", .string(node)), ("checkpoint", .string(checkpoint)),
            (
                "events",
                .array(
                    entries.map { e in
                        .object(
                            JSONObject([
                                ("event", e.event), ("leafIndex", .number(JSONNumber(Int(e.index)))), ("leaf", .string(Base64.encode(e.leaf))),
                                ("inclusionProof", .array(e.inclusionProof.map { .string($0.base64) }))
                            ]))
                    })
            ),
            ("pending", .array(pending.map { .string($0) })), ("withheld", .array(withheld.map { .string($0) })),
            ("unknown", .array(unknown.map { .string($0) })), ("truncated", .bool(truncated))
        ])
        if let c = consistencyProof { o["consistencyProof"] = .array(c.map { .string($0.base64) }) }
        return .object(o)
    }

    public init(
        node: String, checkpoint: String, consistencyProof: [TreeHash]?, entries: [Entry], pending: [String], withheld: [String],
        unknown: [String], truncated: Bool
    ) {
        self.node = node; self.checkpoint = checkpoint; self.consistencyProof = consistencyProof; self.entries = entries
        self.pending = pending; self.withheld = withheld; self.unknown = unknown; self.truncated = truncated
    }

    /// An answer a peer sent, read member by member.
    public init(parsing value: JSONValue) throws(PeerAnswerError) {
        guard let o = value.objectValue, o["type"]?.stringValue == Self.type else { throw .invalid("/type", "must be \"\(Self.type)\"") }
        guard let node = o["node"]?.stringValue else { throw .invalid("/node", "must be the answering node's base URL") }
        guard let checkpoint = o["checkpoint"]?.stringValue else { throw .invalid("/checkpoint", "must be a signed checkpoint note") }
        guard let events = o["events"]?.arrayValue else { throw .invalid("/events", "must be an array") }
        var entries: [Entry] = []
        entries.reserveCapacity(events.count)
        for (i, e) in events.enumerated() {
            guard let eo = e.objectValue, let event = eo["event"], event.objectValue != nil else { throw .invalid("/events/\(i)/event", "must be an object") }
            guard let n = eo["leafIndex"]?.numberValue, n.isIntegerLiteral, let index = UInt64(n.literal) else {
                throw .invalid("/events/\(i)/leafIndex", "must be a whole number")
            }
            guard let leafText = eo["leaf"]?.stringValue, let leaf = Base64.decode(leafText[...]) else { throw .invalid("/events/\(i)/leaf", "must be base64") }
            entries.append(
                Entry(event: event, index: index, leaf: leaf, inclusionProof: try Self.hashes(eo["inclusionProof"], at: "/events/\(i)/inclusionProof")))
        }
        let consistency = try o["consistencyProof"].map { v throws(PeerAnswerError) in try Self.hashes(v, at: "/consistencyProof") }
        self.init(
            node: node, checkpoint: checkpoint, consistencyProof: consistency, entries: entries,
            pending: (o["pending"]?.arrayValue ?? []).compactMap(\.stringValue), withheld: (o["withheld"]?.arrayValue ?? []).compactMap(\.stringValue),
            unknown: (o["unknown"]?.arrayValue ?? []).compactMap(\.stringValue),
            truncated: o["truncated"]?.boolValue ?? false)
    }

    static func hashes(_ value: JSONValue?, at pointer: String) throws(PeerAnswerError) -> [TreeHash] {
        guard let a = value?.arrayValue, a.count <= 64 else { throw .invalid(pointer, "must be an array of at most 64 base64 hashes") }
        var out: [TreeHash] = []
        for (k, h) in a.enumerated() {
            guard let s = h.stringValue, let t = try? TreeHash(base64: s) else { throw .invalid("\(pointer)/\(k)", "is not a base64 SHA-256 hash") }
            out.append(t)
        }
        return out
    }
}

public enum PeerAnswerError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalid(String, String)
    public var description: String {
        switch self {
        case .invalid(let pointer, let why): "the peer's answer \(pointer) \(why)"
        }
    }
}
