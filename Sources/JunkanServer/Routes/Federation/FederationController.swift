import Foundation
import HTTPTypes
import Hummingbird
import JunkanCore
import JunkanLedger
import JunkanNode
import JunkanStore

/// The node among nodes (issue 27; docs/federation.md): `GET /.well-known/junkan-node`, what this node says about itself
/// (its log, the witnesses it trusts, the prefixes and GLNs its organisations own, its endpoints), and
/// `GET /federation/status`, the peers it knows. Both read the store on each request, so an organisation, prefix or
/// peer added with the CLI shows without a restart.
struct FederationController<Context: RequestContext> {
    let store: any NodeStore
    let logKey: NoteVerifierKey?
    let witnessKeys: [NoteVerifierKey]
    let baseURL: String
    let trace: TraceIndex
    let reader: LogReader
    /// The cosignature key of the witness this node runs for its peers, if it runs one.
    var peerWitnessKey: NoteVerifierKey? = nil
    /// The most identifiers one question may ask about.
    static var maxQuestionIDs: Int { 5_000 }

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("/.well-known/junkan-node") { request, _ in
            try request.onlyQueryParameters([])
            guard let logKey else { throw Problem.noSuchResource("this node has no log key yet") }
            async let organisations = store.organisations()
            async let ownership = store.identifierOwnership()
            let description = NodeDescription.of(
                baseURL: baseURL, logKey: logKey, witnessKeys: witnessKeys, organisations: try await organisations, ownership: try await ownership
            )
            .witnessing(with: peerWitnessKey)
            return Response.json(description.json)
        }
        routes.get("/federation/status") { request, _ in
            try request.onlyQueryParameters([])
            async let peersRead = store.peers()
            async let mirrorsRead = store.mirrors()
            let (peers, mirrors) = try await (peersRead, mirrorsRead)
            return Response.json(
                .object(
                    JSONObject([
                        ("baseURL", .string(baseURL)),
                        (
                            "peers",
                            .array(
                                peers.map { p in
                                    var o = p.summary
                                    if let m = mirrors[p.baseURL] {
                                        o["mirror"] = .object(
                                            JSONObject([
                                                ("size", .number(JSONNumber(Int(m.size)))), ("checkpoint", .string(m.note)),
                                                ("url", .string(baseURL + "/mirror/" + MirrorController<Context>.id(of: p.baseURL))),
                                                ("at", .string(ISO8601Timestamp.utcString(epochMilliseconds: m.createdAt)))
                                            ]))
                                    }
                                    return .object(o)
                                })
                        ),
                        ("splitViews", .array(try await store.splitViews().map(Self.splitView)))
                    ])))
        }
        routes.post("/federation/trace") { request, _ in try await self.excerpt(request) }
        return routes
    }

    /// A peer asks for this node's part of a trace graph (docs/federation.md): the events from the identifiers given, to
    /// a depth, each with its inclusion proof.
    func excerpt(_ request: Request) async throws -> Response {
        try request.onlyQueryParameters([])
        let buffer = try await JSONBodyReader.graphQuestion.collect(request)
        let requester = try await self.requester(request, body: Array(buffer.readableBytesView))
        let body = try JSONBodyReader.graphQuestion.parse(buffer)
        guard let o = body.objectValue else { throw Problem.validation("the question must be a JSON object", pointer: "") }
        guard let d = o["direction"]?.stringValue, let direction = Provenance.Direction(rawValue: d) else {
            throw Problem.validation("direction must be \"upstream\" or \"downstream\"", pointer: "/direction")
        }
        guard let list = o["ids"]?.arrayValue, !list.isEmpty, list.count <= Self.maxQuestionIDs else {
            throw Problem.validation("ids must be an array of 1 to \(Self.maxQuestionIDs) identifiers", pointer: "/ids")
        }
        var ids: [String] = []
        for (i, v) in list.enumerated() {
            guard let s = v.stringValue, !s.isEmpty, s.utf8.count <= 2048 else {
                throw Problem.validation("each identifier must be a string of 1 to 2048 bytes", pointer: "/ids/\(i)")
            }
            ids.append(CBVCanonical.identifier(s))
        }
        let depth = try WholeNumber.read(o["depth"], at: "/depth", default: TraceController<Context>.defaultDepth, max: TraceController<Context>.maxDepth)
        let since = try o["since"].map { v in UInt64(try WholeNumber.read(v, at: "/since", default: 0, max: 1 << 53)) }
        let graph = try await trace.snapshot()
        let excerpt = GraphExcerpt(graph: graph, ids: ids, direction: direction, depth: depth)
        let gate = try await ReleaseGate.load(requester: requester, store: store, now: Int64(Date().timeIntervalSince1970 * 1000))
        let answer = try await PeerGraphAnswer.make(
            excerpt: excerpt, ids: ids, depth: depth, graph: graph, gate: gate, node: baseURL, store: store, reader: reader, since: since)
        // Every release to a peer is recorded, and its record is a leaf of this node's log, before the events leave
        // (docs/federation.md). An anonymous requester gets only public events: no record, so no one can grow the log
        // by asking.
        if let requester, !answer.released.isEmpty {
            _ = try await store.recordRelease(
                ReleaseRecord(
                    releasedAt: Int64(Date().timeIntervalSince1970 * 1000), requester: requester.baseURL,
                    organisations: Array(Set(answer.released.values)), eventHashes: Array(answer.released.keys)))
        }
        return Response.json(answer.json)
    }

    /// The registered peer that signed the request (RFC 9421, with the key pinned for it), nil for an unsigned one; a
    /// signature that does not verify is refused (401), not taken as anonymous.
    func requester(_ request: Request, body: [UInt8]) async throws -> Peer? {
        let peers = try await store.peers()
        do {
            return try HTTPMessageSignature.requester(
                method: request.method.rawValue, targetURI: baseURL + request.uri.string, body: body,
                header: { name in HTTPField.Name(name).flatMap { request.headers[$0] } }, now: Int64(Date().timeIntervalSince1970), peers: peers)
        } catch {
            throw Problem.unauthorized("\(error)")
        }
    }

    static func splitView(_ s: FederatedTrace.SplitView) -> JSONValue {
        .object(
            JSONObject([
                ("node", .string(s.node)), ("why", .string(s.why)), ("seenAt", .string(ISO8601Timestamp.utcString(epochMilliseconds: s.seenAt))),
                ("previousCheckpoint", .string(s.previous)), ("currentCheckpoint", .string(s.current))
            ]))
    }
}
