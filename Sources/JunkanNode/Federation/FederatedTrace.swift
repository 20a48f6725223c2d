public import Crypto
import Foundation
public import JunkanCore
public import JunkanLedger
public import JunkanStore

/// The trace graph across nodes (issue 27, item 3; docs/federation.md). Upstream, the walk finds the ends of a lot's
/// upstream in the graph it has (lots no step made and no event created: made elsewhere) and asks the peer that owns
/// each one's GS1 Company Prefix, which alone can have made it (or, when no peer owns the prefix, every peer: a contract
/// manufacturer makes lots under its customer's GTIN). Downstream, any lot reached may also have been used at
/// any other node (a lot is split between customers, and its receiver is not known from its identifier), so every
/// peer is asked about every lot reached that it has not already answered for. Each adds what verifies, and the walk
/// goes on from there, hop by hop. Each hop asks each peer at most once, for all its identifiers together. A peer that
/// cannot be asked, does not answer in time, refuses, or sends what does not verify leaves a tombstone saying so.
///
/// What verified is kept per peer with the checkpoint it verified against; within `freshness` an identifier already
/// asked about is answered from there without a request, and a later answer's checkpoint must be consistent with it.
public actor FederatedTrace {
    public struct Settings: Sendable {
        /// Seconds a peer has to answer one request (the whole answer).
        public var timeout: Double
        /// The most bytes one answer may have.
        public var maxAnswerBytes: Int
        /// Seconds a peer's answer about an identifier is reused without asking again.
        public var freshness: Double
        public init(timeout: Double = 5, maxAnswerBytes: Int = 64 << 20, freshness: Double = 60) {
            self.timeout = timeout; self.maxAnswerBytes = maxAnswerBytes; self.freshness = freshness
        }
    }

    /// POST of a JSON body with the headers given; the answer's status and body.
    public typealias Post =
        @Sendable (_ url: String, _ body: [UInt8], _ headers: [String: String], _ timeout: Double, _ maxBytes: Int) async throws
        -> PeerHTTP.Answer

    /// How this node signs its requests (RFC 9421): its did:web key ID and the log's private key.
    public struct Signer: Sendable {
        public var keyID: String
        public var key: Curve25519.Signing.PrivateKey
        public init(keyID: String, key: Curve25519.Signing.PrivateKey) { self.keyID = keyID; self.key = key }
    }

    /// Where a remote step came from: the node, its log, whether it verified, and its proof (for passports).
    public struct Origin: Sendable {
        public var node: String
        /// Nil for a plain EPCIS peer (no log).
        public var logOrigin: String?
        /// False while the peer is in a split view (its proofs check out against a checkpoint it contradicted), and
        /// for a plain EPCIS peer's steps (nothing proves them).
        public var verified: Bool
        public var proof: TlogProof?
        /// The peer names witnesses, but the checkpoint its proof is against had no cosignature of theirs yet (they were
        /// down when it was made): the step is asked again next time, not kept, so the cosignatures come once they are there.
        public var awaitingCosignature = false
    }

    /// A part of the graph that could not be had: which node, about which identifiers or event, and why.
    public struct Tombstone: Sendable, Equatable {
        public var node: String
        public var ids: [String]
        public var eventHash: String?
        public var reason: String
    }

    /// Evidence that a peer showed two views of its log (kept in the store: it outlives a restart).
    public typealias SplitView = JunkanStore.SplitView

    public struct Result: Sendable {
        public var graph: TraceGraph
        /// Remote steps and creating events, by event hash.
        public var origins: [String: Origin]
        public var tombstones: [Tombstone]
        /// Requests sent per peer by this walk.
        public var requests: [String: Int]
        /// Lots whose footprint is a peer's PACT footprint, standing in for steps the walk could not have.
        public var boundaries: [Boundary] = []
        /// Tells this walk from any other (0: none into the peers, the local graph as it is): a walk reused from the
        /// cache keeps its stamp, so an answer computed from it may be reused with it.
        public var stamp: UInt64 = 0
    }

    /// A peer's PACT footprint used as a lot's boundary factor.
    public struct Boundary: Sendable, Equatable {
        public var node: String
        public var id: String
        public var footprintID: String
        public var kgCO2ePerKg: Double
    }

    let peers: any PeerStore
    let signer: Signer?
    let witnessKeys: [NoteVerifierKey]
    let settings: Settings
    let post: Post
    let get: Get
    /// The PACT client credentials a peer issued this node, by the peer's base URL (`junkan peer pact`).
    let pactCredentials: @Sendable (String) -> PeerPactFootprint.Credentials?
    /// Pulls a lot's events dataset from a DSP provider (`DSPPeer`); nil: such peers are tombstones.
    let dspFetch: DSPPeer.Fetch?
    let now: @Sendable () -> Int64

    /// What this node verified of each peer, by base URL.
    struct PeerState {
        var verified: PeerAnswerVerifier.Verified?
        var events: [String: PeerAnswerVerifier.RemoteEvent] = [:]
        var answers: [Key: Answered] = [:]
        /// The event hashes of each answer, by its number: the identifiers one answer covered share it.
        var answerEvents: [[String]] = []
    }
    struct Key: Hashable {
        var direction: Provenance.Direction
        var id: String
    }
    struct Answered {
        /// Into `answerEvents`; nil for an identifier the peer said it does not know.
        var answer: Int?
        var depth: Int
        var at: Int64
    }
    var state: [String: PeerState] = [:]
    /// The peers with a split view recorded, as read at the start of the walk.
    var split = Set<String>()

    /// Whole walks, reused while the local graph and the peers are unchanged and their answers fresh: the merge is then
    /// not done again (a warm 2,000-step walk would otherwise rebuild the graph it had).
    struct WalkKey: Hashable {
        var id: String
        var direction: Provenance.Direction
        var depth: Int
    }
    struct Walked {
        var localVersion: Int
        var peers: [Peer]
        var split: Set<String>
        var at: Int64
        var result: Result
    }
    /// What each owner's resolver said, by owner base URL and GTIN, with when (`PeerResolver`).
    var resolved: [String: (found: PeerResolver.Found, at: Int64)] = [:]
    var walks: [WalkKey: Walked] = [:]
    var walkOrder: [WalkKey] = []
    static let walksKept = 16

    /// `signer`: without one, requests go unsigned and peers release only what is public.
    public init(
        peers: any PeerStore, signer: Signer? = nil, witnessKeys: [NoteVerifierKey] = [], settings: Settings = .init(),
        post: @escaping Post = FederatedTrace.send, get: @escaping Get = FederatedTrace.fetch,
        pactCredentials: @escaping @Sendable (String) -> PeerPactFootprint.Credentials? = { _ in nil }, dspFetch: DSPPeer.Fetch? = nil,
        now: @escaping @Sendable () -> Int64 = FederatedTrace.wallClock
    ) {
        self.peers = peers; self.signer = signer; self.witnessKeys = witnessKeys; self.settings = settings; self.post = post; self.get = get
        self.pactCredentials = pactCredentials; self.dspFetch = dspFetch; self.now = now
    }

    /// Milliseconds since the epoch.
    public static let wallClock: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }

    /// GET of a URL with the headers given; the answer's status, body and headers.
    public typealias Get = @Sendable (_ url: String, _ headers: [String: String], _ timeout: Double, _ maxBytes: Int) async throws -> PeerHTTP.Answer
    public static let fetch: Get = { url, headers, timeout, maxBytes in
        try await PeerHTTP.send(url, headers: headers, timeout: timeout, maxBytes: maxBytes)
    }

    public static let send: Post = { url, body, headers, timeout, maxBytes in
        try await PeerHTTP.send(url, method: "POST", json: body, headers: headers, timeout: timeout, maxBytes: maxBytes)
    }

    /// The split views recorded, by peer.
    public func splitViews() async throws -> [SplitView] { try await peers.splitViews() }

    /// `local` grown with the peers' verified parts of `id`'s graph, to `depth` hops from it.
    public func walk(local: TraceGraph, id: String, direction: Provenance.Direction, depth: Int) async throws -> Result {
        let registered = try await peers.peers()
        let directory = PeerDirectory(peers: registered)
        var result = Result(graph: local, origins: [:], tombstones: [], requests: [:])
        guard !directory.isEmpty else { return result }
        split = Set(try await peers.splitViews().map(\.node))
        let key = WalkKey(id: id, direction: direction, depth: depth)
        let started = now()
        let splitAtStart = split
        if let w = walks[key], w.localVersion == local.version, w.peers == registered, w.split == splitAtStart,
            w.at >= started - Int64(settings.freshness * 1000)
        {
            return w.result
        }
        result.stamp = UInt64.random(in: 1...UInt64.max)
        defer { keep(key, Walked(localVersion: local.version, peers: registered, split: splitAtStart, at: started, result: result)) }
        var asked = Set<String>()
        var found: [String: PeerResolver.Found] = [:]
        var unlinked = Set<String>()
        for _ in 0...depth {
            var batches: [String: (entry: PeerDirectory.Entry, ids: [String], depth: Int)] = [:]
            let ends = Self.frontier(of: result.graph, from: id, direction: direction, depth: depth)
            if direction == .upstream { await discover(ends.map(\.0).filter { found[$0] == nil }, directory: directory, into: &found, &result) }
            for (end, remaining) in ends {
                // Upstream, the node the owner's resolver links the identifier to (the owner itself when its resolver
                // cannot be asked); when no peer owns the prefix (this node's own, or no one's: a contract manufacturer
                // made it under its customer's GTIN), every peer. Downstream, every peer.
                let targets: [PeerDirectory.Entry]
                if direction == .upstream, let owner = directory.owner(of: end) {
                    switch found[end] {
                    case .peer(let url): targets = directory.entries.filter { $0.baseURL == url }
                    case .epcis(let events):
                        var e = owner
                        e.kind = .epcis(events: events)
                        targets = [e]
                    case .unknown: targets = []
                    case .unregistered(let href):
                        // Every walk that meets it says so (the lookup may have been answered by an earlier walk).
                        targets = []
                        if unlinked.insert(end).inserted {
                            result.tombstones.append(
                                Tombstone(
                                    node: owner.baseURL, ids: [end], eventHash: nil,
                                    reason: "its resolver links it to \(href), which is not a registered peer (junkan peer add)"))
                        }
                    case .failed, nil: targets = [owner]
                    }
                } else {
                    targets = directory.entries
                }
                for p in targets where asked.insert(p.baseURL + "\n" + end).inserted {
                    batches[p.baseURL, default: (p, [], 0)].ids.append(end)
                    batches[p.baseURL]!.depth = max(batches[p.baseURL]!.depth, remaining)
                }
            }
            if batches.isEmpty { break }
            let parts = await withTaskGroup(of: Part.self) { group in
                for b in batches.values { group.addTask { await self.part(of: b.entry, ids: b.ids, direction: direction, depth: b.depth) } }
                var parts: [Part] = []
                for await p in group { parts.append(p) }
                return parts.sorted { $0.node < $1.node }
            }
            for p in parts {
                if p.requested { result.requests[p.node, default: 0] += 1 }
                result.tombstones += p.tombstones
                for e in p.events {
                    // A Junkan peer walked on from every lot its events name: it need not be asked about them again (a
                    // plain EPCIS peer answered one hop only).
                    if p.logOrigin != nil || p.whole, let step = e.record.step {
                        for f in step.inputs + step.outputs { asked.insert(p.node + "\n" + f.id) }
                    }
                    result.graph.add(e.record)
                    result.origins[e.eventHash] = Origin(
                        node: p.node, logOrigin: p.logOrigin, verified: p.verified, proof: e.proof, awaitingCosignature: p.awaitingCosignature)
                }
            }
        }
        if direction == .upstream { await boundaryFactors(&result, id: id, depth: depth, directory: directory) }
        return result
    }

    /// The most PACT footprints one walk looks up.
    static let maxPactLookups = 100

    /// Upstream ends still made elsewhere after the walk (their steps withheld, or their peer not answering): where the
    /// owning peer publishes a PACT footprint of the lot and issued this node credentials, that footprint is the lot's
    /// boundary factor, marked as the supplier's primary data (issue 27, item 4).
    func boundaryFactors(_ result: inout Result, id: String, depth: Int, directory: PeerDirectory) async {
        var tokens: [String: String] = [:]
        var lookups = 0
        for (end, _) in Self.frontier(of: result.graph, from: id, direction: .upstream, depth: depth) where lookups < Self.maxPactLookups {
            guard let peer = directory.owner(of: end), let credentials = pactCredentials(peer.baseURL), let prefix = directory.ownerPrefix(of: end),
                let dl = try? GS1Identifier.digitalLink(from: end), let urn = try? EPCURI.urn(dl, companyPrefixLength: prefix.count)
            else { continue }
            lookups += 1
            do {
                if tokens[peer.baseURL] == nil {
                    tokens[peer.baseURL] = try await PeerPactFootprint.token(
                        peer: peer.baseURL, credentials: credentials, post: post, timeout: settings.timeout)
                }
                guard
                    let found = try await PeerPactFootprint.footprint(
                        peer: peer.baseURL, lotURN: urn, token: tokens[peer.baseURL]!, get: get, timeout: settings.timeout,
                        maxBytes: settings.maxAnswerBytes)
                else { continue }
                let tag = "pact:" + found.footprintID
                result.graph.add(
                    TraceRecord(
                        step: nil,
                        declarations: [
                            end: LotDeclaration(
                                eventID: tag, eventHash: tag, eventTime: now(), emissionFactor: found.kgCO2ePerKg, pactFootprintID: found.footprintID)
                        ]))
                result.boundaries.append(Boundary(node: peer.baseURL, id: end, footprintID: found.footprintID, kgCO2ePerKg: found.kgCO2ePerKg))
            } catch {
                result.tombstones.append(Tombstone(node: peer.baseURL, ids: [end], eventHash: nil, reason: "no PACT footprint to stand in: \(error)"))
            }
        }
    }

    /// The identifiers to ask peers about, with the hops left from each: upstream, the ends of `id`'s upstream within
    /// `depth` hops (lots no step made and no event created here); downstream, every lot reached within `depth`. `id`
    /// itself when no event here mentions it.
    static func frontier(of graph: TraceGraph, from id: String, direction: Provenance.Direction, depth: Int) -> [(String, Int)] {
        guard graph.contains(id) else { return [(id, depth)] }
        var found: [(String, Int)] = []
        var seen: Set<String> = [id]
        var frontier = [id]
        for hop in 0...depth {
            var next: [String] = []
            for n in frontier {
                let steps = direction == .upstream ? graph.producers(of: n) : graph.consumers(of: n)
                if direction == .downstream {
                    found.append((n, depth - hop))
                } else if steps.isEmpty {
                    if graph.declaration(of: n) == nil { found.append((n, depth - hop)) }
                    continue
                }
                guard hop < depth else { continue }
                for s in steps {
                    let step = graph.steps[s]
                    for f in direction == .upstream ? step.inputs : step.outputs where seen.insert(f.id).inserted { next.append(f.id) }
                }
            }
            frontier = next
        }
        return found
    }
    /// One peer's part from `ids`: from what verified before while fresh, else asked.
    struct Part: Sendable {
        var node: String
        var logOrigin: String?
        var verified: Bool
        var events: [PeerAnswerVerifier.RemoteEvent]
        var tombstones: [Tombstone]
        var requested: Bool
        /// Its checkpoint still lacks the cosignatures of the witnesses the peer names (`Origin.awaitingCosignature`).
        var awaitingCosignature = false
        /// It answered the whole upstream of what it was asked (a DSP dataset): not to be asked about the lots inside.
        var whole = false
    }
}
