public import Foundation
public import JunkanCore
public import JunkanStore

/// The provider side of the Dataspace Protocol 2025-1 (issue 28, item 1; docs/dataspace.md): the catalog as a requester
/// may see it, and the contract negotiations and transfer processes it runs, each moved only along the state machines
/// the specification draws (`DSPNegotiationState`, `DSPTransferState`). Negotiations and transfers are open to
/// registered peers that sign their requests (RFC 9421, the federation's node keys); what the provider sends back goes
/// to the consumer's callback address, which must be on the host of the peer's base URL (no one can make this node
/// post to a third party), and is signed the same way.
public struct DSPProvider: Sendable {
    public struct Settings: Sendable {
        /// Signs callbacks with the node's did:web key; without it, callbacks go unsigned.
        public var signer: FederatedTrace.Signer?
        /// How long a pull token lives, ms.
        public var tokenLifetime: Int64
        /// Posts a message to a consumer's callback; the HTTP status (tests pass their own).
        public var send: @Sendable (_ url: String, _ body: [UInt8], _ headers: [String: String]) async throws -> Int
        /// Waits before each retry of a callback (three tries in all).
        public var retryDelays: [Double]
        public var now: @Sendable () -> Int64

        public init(
            signer: FederatedTrace.Signer? = nil, tokenLifetime: Int64 = 300_000,
            send: @escaping @Sendable (String, [UInt8], [String: String]) async throws -> Int = Self.post,
            retryDelays: [Double] = [0.2, 1], now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }
        ) {
            self.signer = signer; self.tokenLifetime = tokenLifetime; self.send = send; self.retryDelays = retryDelays; self.now = now
        }

        public static let post: @Sendable (String, [UInt8], [String: String]) async throws -> Int = { url, body, headers in
            try await PeerHTTP.send(url, method: "POST", json: body, headers: headers, timeout: 10, maxBytes: 1 << 16).status
        }
    }

    /// Who asks, as policies see it.
    public struct Requester: Sendable {
        /// The registered peer that signed the request; nil for an anonymous one.
        public var peer: Peer?
        /// The peer's node DID and its organisations' DIDs.
        public var dids: Set<String>
        /// The groups of peers it belongs to here.
        public var groups: Set<String>
        /// The assignee an agreement names: the peer's node DID.
        public var did: String? { peer.map { DIDWeb.did(baseURL: $0.baseURL) } }
    }

    /// Why a message is refused: `status` is the HTTP status, `code` and `reasons` go into the protocol's error object.
    public struct Refusal: Error, Sendable, Equatable {
        public var status: Int
        public var code: String
        public var reasons: [String]
        public init(_ status: Int, _ code: String, _ reasons: [String]) { self.status = status; self.code = code; self.reasons = reasons }
        static func notFound(_ what: String) -> Refusal { Refusal(404, "NotFound", [what]) }
        static func badRequest(_ why: String) -> Refusal { Refusal(400, "BadRequest", [why]) }
        static func transition(_ why: String) -> Refusal { Refusal(400, "InvalidStateTransition", [why]) }
    }

    public let store: any NodeStore
    public let catalog: DSPCatalog
    public let baseURL: String
    public let settings: Settings

    public init(store: any NodeStore, catalog: DSPCatalog, baseURL: String, settings: Settings = .init()) {
        self.store = store; self.catalog = catalog; self.baseURL = baseURL; self.settings = settings
    }

    /// The format of the one transfer type offered: the consumer pulls over HTTP with a bearer token.
    public static let pullFormat = "HttpData-PULL"

    public func requester(_ peer: Peer?) async throws -> Requester {
        guard let peer else { return Requester(peer: nil, dids: [], groups: []) }
        var dids: Set<String> = [DIDWeb.did(baseURL: peer.baseURL)]
        if let json = try? JSONParser.parse(peer.description), let d = try? NodeDescription(parsing: json) {
            dids.formUnion(d.organisations.map(\.did))
        }
        let groups = try await store.peerGroups().filter { $0.value.contains(peer.baseURL) }.keys
        return Requester(peer: peer, dids: dids, groups: Set(groups))
    }

    func context(_ r: Requester, purpose: String? = nil, deferPurpose: Bool) -> ODRLContext {
        ODRLContext(requester: r.dids, groups: r.groups, purpose: purpose, now: settings.now(), deferPurpose: deferPurpose)
    }

    // MARK: Catalog

    /// The datasets whose access policy lets `r` see them, each with its contract policy (the offer's terms); each
    /// distinct access policy is evaluated once per request, and the policies are read once for all datasets.
    public func visible(to r: Requester) async throws -> [(DSPDataset, ODRLPolicy)] {
        async let all = catalog.datasets()
        let book = await catalog.policyBook(try await store.datasetPolicies())
        let ctx = context(r, deferPurpose: true)
        var decided: [String: Bool] = [:]
        return try await all.compactMap { d in Self.offered(d, book: book, context: ctx, decided: &decided) }
    }

    /// One dataset with its contract policy, if it is offered and its access policy lets `r` see it.
    public func visible(_ id: String, to r: Requester) async throws -> (DSPDataset, ODRLPolicy)? {
        guard let d = try await catalog.dataset(id: id) else { return nil }
        var decided: [String: Bool] = [:]
        let book = await catalog.policyBook(try await store.datasetPolicies())
        return Self.offered(d, book: book, context: context(r, deferPurpose: true), decided: &decided)
    }

    /// `d` with its contract policy when it has one and its access policy (evaluated once per policy in `decided`) holds.
    static func offered(_ d: DSPDataset, book: DSPPolicyBook, context: ODRLContext, decided: inout [String: Bool]) -> (DSPDataset, ODRLPolicy)? {
        guard let contract = book.policy(.contract, for: d) else { return nil }
        if let access = book.policy(.access, for: d) {
            let ok = decided[access.id] ?? (access.evaluate(context) == .permitted)
            decided[access.id] = ok
            guard ok else { return nil }
        }
        return (d, contract)
    }

    /// The catalog as `r` may see it, as JSON text. Written piece by piece rather than as one JSON tree: a catalog of
    /// ten thousand datasets is megabytes, and each offer differs from its policy's others only in its `@id`, so each
    /// policy's offer is written once and each dataset's entry is its ID, title and that offer.
    public func catalogText(for r: Requester) async throws -> String {
        let datasets = try await visible(to: r)
        var out = String(JSONWriter.string(catalogHead()).dropLast())
        guard !datasets.isEmpty else { return out + "}" }
        let distribution = JSONWriter.string(distributionJSON)
        // Each contract policy's offer with a placeholder ID, split around it.
        var templates: [String: (String, String)] = [:]
        out += ",\"dataset\":["
        out.reserveCapacity(datasets.count * 600)
        for (i, (d, contract)) in datasets.enumerated() {
            if i > 0 { out += "," }
            let template =
                templates[contract.id]
                ?? {
                    let text = JSONWriter.string(
                        DSPPolicyBook.offer(contract, for: DSPDataset(id: "\u{1}", kind: d.kind, organisationID: "", subject: "", title: "")).json)
                    let parts = text.components(separatedBy: JSONWriter.string(.string(DSPPolicyBook.offerID(dataset: "\u{1}", policy: contract.id))))
                    let t = (parts[0], parts.count > 1 ? parts[1] : "")
                    templates[contract.id] = t
                    return t
                }()
            out += "{\"@id\":" + JSONWriter.string(.string(d.id)) + ",\"@type\":\"Dataset\",\"title\":" + JSONWriter.string(.string(d.title))
            out += ",\"hasPolicy\":[" + template.0 + JSONWriter.string(.string(DSPPolicyBook.offerID(dataset: d.id, policy: contract.id))) + template.1
            out += "],\"distribution\":[" + distribution + "]}"
        }
        return out + "]}"
    }

    /// The catalog as a JSON value (the same document as `catalogText`).
    public func catalogJSON(for r: Requester) async throws -> JSONValue {
        var o = catalogHead().objectValue ?? JSONObject([])
        let datasets = try await visible(to: r)
        // DSP 2025-1: a catalog's `dataset` has at least one item; an empty catalog leaves it out.
        if !datasets.isEmpty { o["dataset"] = .array(datasets.map { datasetJSON($0.0, offer: DSPPolicyBook.offer($0.1, for: $0.0)) }) }
        return .object(o)
    }

    func catalogHead() -> JSONValue {
        DSPWire.message(
            "Catalog",
            [
                ("@id", .string(baseURL + "/dsp/catalog")), ("participantId", .string(DIDWeb.did(baseURL: baseURL))),
                ("service", .array([dataService]))
            ])
    }

    var dataService: JSONValue {
        .object(JSONObject([("@id", .string(baseURL + "/dsp")), ("@type", .string("DataService")), ("endpointURL", .string(baseURL + "/dsp"))]))
    }

    var distributionJSON: JSONValue {
        .object(JSONObject([("@type", .string("Distribution")), ("format", .string(Self.pullFormat)), ("accessService", dataService)]))
    }

    public func datasetJSON(_ d: DSPDataset, offer: ODRLPolicy, root: Bool = false) -> JSONValue {
        var members: [(String, JSONValue)] = root ? [("@context", .array([.string(DSPMessage.context)]))] : []
        members += [
            ("@id", .string(d.id)), ("@type", .string("Dataset")), ("title", .string(d.title)), ("hasPolicy", .array([offer.json])),
            ("distribution", .array([distributionJSON]))
        ]
        return .object(JSONObject(members))
    }

    /// One dataset as `r` may see it; not found when it does not exist or its access policy hides it.
    public func dataset(id: String, for r: Requester) async throws -> JSONValue {
        guard let (d, contract) = try await visible(id, to: r) else { throw Refusal.notFound("no dataset \(id)") }
        return datasetJSON(d, offer: DSPPolicyBook.offer(contract, for: d), root: true)
    }

    // MARK: Callbacks

    /// `callbackAddress` joined with `path`, refused unless http(s) on the host of the peer's base URL.
    static func callback(_ address: String, _ path: String, peer: Peer) throws(Refusal) -> String {
        guard let c = URLComponents(string: address), let scheme = c.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = c.host?.lowercased(), c.query == nil, c.fragment == nil, c.user == nil
        else { throw .badRequest("callbackAddress must be an http(s) URL without query or fragment") }
        guard host == URLComponents(string: peer.baseURL)?.host?.lowercased() else {
            throw .badRequest("callbackAddress must be on the host of the consumer's registered base URL (\(peer.baseURL))")
        }
        var base = address
        while base.hasSuffix("/") { base.removeLast() }
        return base + path
    }

    /// Sends a message to a consumer's callback, signed, trying again after each delay; whether it was acknowledged (2xx).
    func deliver(_ message: JSONValue, to url: String) async -> Bool {
        let body = JSONWriter.bytes(message)
        for delay in [0] + settings.retryDelays {
            if delay > 0 { try? await Task.sleep(for: .milliseconds(Int(delay * 1000))) }
            var headers: [String: String] = [:]
            if let signer = settings.signer {
                headers =
                    (try? HTTPMessageSignature.sign(
                        method: "POST", targetURI: url, body: body, contentType: "application/json", keyID: signer.keyID, key: signer.key,
                        created: settings.now() / 1000)) ?? [:]
            }
            if let status = try? await settings.send(url, body, headers), (200..<300).contains(status) { return true }
        }
        return false
    }

    static func newPid() -> String { "urn:uuid:" + UUID().uuidString.lowercased() }
}
