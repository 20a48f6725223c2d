import Foundation
package import JunkanCore
package import JunkanLedger
package import JunkanStore

/// Where the search box sends a reader: the first candidate reading of what they typed that names something on this
/// node, and the page for it. An item, lot or product class goes to its passport (the resolver's default page, which
/// links to the explorer); a location to the resolver's location page; any other identifier in the trace graph to the
/// explorer; an event to the explorer at its step (or, for an event outside the trace graph, to the event itself).
package struct IdentifierSearch: Sendable {
    package enum Outcome: Sendable, Equatable {
        case found(path: String)
        case unknown(reason: String)
    }

    let store: any NodeStore
    let trace: TraceIndex

    package init(store: any NodeStore, trace: TraceIndex) { self.store = store; self.trace = trace }

    package func resolve(_ candidates: [SearchedIdentifier]) async throws -> Outcome {
        let graph = try await trace.snapshot()
        for candidate in candidates {
            if let path = try await path(for: candidate, graph: graph) { return .found(path: path) }
        }
        let named = candidates.map(\.text).joined(separator: " or ")
        return .unknown(reason: "nothing on this node names \(named): no captured event, product class or location master data")
    }

    func path(for candidate: SearchedIdentifier, graph: TraceGraph) async throws -> String? {
        switch candidate {
        case .gs1(let link):
            let id = link.canonicalURI
            let path = String(id.dropFirst("https://id.gs1.org".count))
            switch link.primaryKey.ai {
            case "01":
                if link.qualifiers.isEmpty, try await store.product(gtin: link.primaryKey.value) != nil { return path }
                if graph.contains(id) { return path }
                return try await mentioned(id, link.qualifiers.isEmpty) ? path : nil
            case "414":
                if try await !store.masterData(ids: [id]).isEmpty { return path }
                var q = EventQuery()
                q.perPage = 1
                q.bizLocations = [id]
                if try await !store.events(matching: q).events.isEmpty { return path }
                q.bizLocations = []
                q.readPoints = [id]
                return try await store.events(matching: q).events.isEmpty ? nil : path
            default:
                return graph.contains(id) ? Self.explorer(id) : nil
            }
        case .identifier(let id):
            return graph.contains(id) ? Self.explorer(id) : nil
        case .eventHash(let hash):
            guard let digest = EventHash.digest(uri: hash), let (_, bytes) = try await store.leaf(eventHash: hash),
                let leaf = try? CaptureLeaf(parsing: bytes), leaf.eventHash == digest
            else { return nil }
            return Self.event(hash: hash, id: leaf.eventID, graph: graph)
        case .eventID(let id):
            guard let record = try await store.event(id: id) else { return nil }
            return Self.event(hash: record.eventHash, id: record.eventID, graph: graph)
        }
    }

    /// Whether a captured event names `id` (an EPC, or with `asClass` an EPC class too).
    func mentioned(_ id: String, _ asClass: Bool) async throws -> Bool {
        var q = EventQuery()
        q.perPage = 1
        let roles: [EPCISEvent.IdentifierRole] = asClass ? [.epcClass, .childClass, .inputClass, .outputClass] : EPCISEvent.IdentifierRole.allCases
        q.identifierMatches = [(roles: roles, values: [.init(value: id, isPrefix: false)])]
        return try await !store.events(matching: q).events.isEmpty
    }

    /// The explorer at an event's step (the step's first output, else its first input), or the event itself.
    static func event(hash: String, id: String?, graph: TraceGraph) -> String {
        if let step = graph.steps.first(where: { $0.eventHash == hash }), let lot = (step.outputs.first ?? step.inputs.first)?.id {
            return explorer(lot) + "#" + ExplorerAnchor.step(hash)
        }
        if let id { return "/events/" + PercentEncoding.encode(id) }
        return "/tlog/proof?eventHash=" + PercentEncoding.encode(hash)
    }

    static func explorer(_ id: String) -> String { "/explore?id=" + PercentEncoding.encode(id) }
}

extension SearchedIdentifier {
    /// The reading as the reader would recognise it.
    var text: String {
        switch self {
        case .gs1(let link): return link.canonicalURI
        case .identifier(let id), .eventHash(let id), .eventID(let id): return id
        }
    }
}

/// Fragment ids of the explorer's steps, shared with the search that links to them.
package enum ExplorerAnchor {
    /// `step-` and the first 16 hex digits of the event hash (of its text, for a hash not written as CBV writes one).
    package static func step(_ eventHash: String) -> String {
        "step-" + Hex.encode((EventHash.digest(uri: eventHash) ?? Array(eventHash.utf8)).prefix(8))
    }
}
