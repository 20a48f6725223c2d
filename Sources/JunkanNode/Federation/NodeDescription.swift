import Foundation
public import JunkanCore
public import JunkanLedger
public import JunkanStore

/// What a node says about itself at `GET /.well-known/junkan-node` (issue 27, item 1; docs/federation.md): where it is,
/// the log it keeps (origin and verifier key), the witnesses whose keys it trusts, the GS1 Company Prefixes and GLNs its
/// organisations own (how another node finds the node that owns an identifier), and its endpoints. A peer pins the log
/// key from here only after an operator confirmed it (`junkan peer add`).
public struct NodeDescription: Sendable, Equatable {
    public static let type = "JunkanNode"

    public struct OrganisationEntry: Sendable, Equatable {
        public var id: String
        public var did: String
        public var gs1Prefixes: [String]
        public var glns: [String]
        public init(id: String, did: String, gs1Prefixes: [String], glns: [String]) {
            self.id = id; self.did = did; self.gs1Prefixes = gs1Prefixes; self.glns = glns
        }
    }

    public var baseURL: String
    public var did: String
    public var logKey: NoteVerifierKey
    public var logOrigin: String { logKey.name }
    public var witnessKeys: [NoteVerifierKey]
    public var organisations: [OrganisationEntry]
    /// Endpoint name → absolute URL (`NodeDescription.endpointPaths`).
    public var endpoints: [String: String]
    /// The cosignature key of the witness this node runs for its peers' logs (`junkan serve --witness-peers`, at
    /// `<baseURL>/witness`), nil when it runs none.
    public var peerWitness: NoteVerifierKey?

    /// The endpoints every Junkan node serves, by the name a peer looks them up with.
    public static let endpointPaths: [(name: String, path: String)] = [
        ("capture", "/capture"), ("events", "/events"), ("traceUpstream", "/trace/upstream"), ("traceDownstream", "/trace/downstream"),
        ("traceFootprint", "/trace/footprint"), ("resolver", "/"), ("passports", "/passports/01"), ("didDocument", "/.well-known/did.json"),
        ("logCheckpoint", "/tlog/checkpoint"), ("logTiles", "/tlog/tile/"), ("pactFootprints", "/3/footprints"),
        ("federationTrace", "/federation/trace")
    ]

    public init(
        baseURL: String, logKey: NoteVerifierKey, witnessKeys: [NoteVerifierKey], organisations: [OrganisationEntry],
        endpoints: [String: String]? = nil
    ) {
        self.baseURL = baseURL
        self.did = DIDWeb.did(baseURL: baseURL)
        self.logKey = logKey
        self.witnessKeys = witnessKeys
        self.organisations = organisations
        self.endpoints = endpoints ?? Dictionary(uniqueKeysWithValues: Self.endpointPaths.map { ($0.name, baseURL + $0.path) })
    }

    /// The description of this node: its organisations in ID order, each with the prefixes registered to it and the
    /// GLNs granted to it (a GLN under its own prefix is its own already).
    public static func of(
        baseURL: String, logKey: NoteVerifierKey, witnessKeys: [NoteVerifierKey], organisations: [Organisation], ownership: IdentifierOwnership
    ) -> NodeDescription {
        var prefixes: [String: [String]] = [:]
        for r in ownership.registrations { prefixes[r.organisationID, default: []].append(r.prefix) }
        var glns: [String: [String]] = [:]
        for g in ownership.grants {
            if case .gln(let gln) = g.scope { glns[g.grantee, default: []].append(gln) }
        }
        let entries = organisations.sorted { $0.id < $1.id }.map { org in
            OrganisationEntry(
                id: org.id, did: DIDWeb.organisation(baseURL: baseURL, id: org.id), gs1Prefixes: (prefixes[org.id] ?? []).sorted(),
                glns: (glns[org.id] ?? []).sorted())
        }
        return NodeDescription(baseURL: baseURL, logKey: logKey, witnessKeys: witnessKeys, organisations: entries)
    }

    /// The description with the witness this node runs for its peers.
    public func witnessing(with key: NoteVerifierKey?) -> NodeDescription {
        var d = self
        d.peerWitness = key
        if key != nil { d.endpoints["peerWitness"] = baseURL + "/witness" }
        return d
    }

    public var json: JSONValue {
        .object(
            JSONObject(
                [
                    ("type", .string(Self.type)), ("baseURL", .string(baseURL)), ("did", .string(did)),
                    ("log", .object(JSONObject([("origin", .string(logOrigin)), ("key", .string(logKey.description))]))),
                    ("witnesses", .array(witnessKeys.map { .string($0.description) })),
                    (
                        "organisations",
                        .array(
                            organisations.map { o in
                                .object(
                                    JSONObject([
                                        ("id", .string(o.id)), ("did", .string(o.did)), ("gs1Prefixes", .array(o.gs1Prefixes.map { .string($0) })),
                                        ("glns", .array(o.glns.map { .string($0) }))
                                    ]))
                            })
                    ),
                    ("endpoints", .object(JSONObject(endpoints.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
                ]
                    + (peerWitness.map { [("peerWitness", JSONValue.string($0.description))] } ?? [])))
    }

    /// A description another node served, checked member by member: every error names the member (a JSON Pointer).
    public init(parsing value: JSONValue) throws(NodeDescriptionError) {
        guard let o = value.objectValue else { throw .invalid("", "the description is not a JSON object") }
        guard o["type"]?.stringValue == Self.type else { throw .invalid("/type", "must be \"\(Self.type)\"") }
        guard let base = o["baseURL"]?.stringValue, let normalised = try? PeerURL.normalise(base), normalised == base else {
            throw .invalid("/baseURL", "must be an http(s) URL without query, fragment or trailing slash")
        }
        guard let log = o["log"]?.objectValue, let origin = log["origin"]?.stringValue, let keyText = log["key"]?.stringValue else {
            throw .invalid("/log", "must hold origin and key")
        }
        let key: NoteVerifierKey
        do { key = try NoteVerifierKey(parsing: keyText) } catch { throw .invalid("/log/key", "\(error)") }
        guard key.name == origin, key.type == .ed25519 else { throw .invalid("/log/key", "must be the Ed25519 key named \(origin)") }
        var witnesses: [NoteVerifierKey] = []
        for (i, w) in (o["witnesses"]?.arrayValue ?? []).enumerated() {
            guard let text = w.stringValue, let k = try? NoteVerifierKey(parsing: text) else { throw .invalid("/witnesses/\(i)", "is not a verifier key") }
            witnesses.append(k)
        }
        var entries: [OrganisationEntry] = []
        for (i, e) in (o["organisations"]?.arrayValue ?? []).enumerated() {
            guard let eo = e.objectValue, let id = eo["id"]?.stringValue, let did = eo["did"]?.stringValue else {
                throw .invalid("/organisations/\(i)", "must hold id and did")
            }
            let prefixes = (eo["gs1Prefixes"]?.arrayValue ?? []).compactMap(\.stringValue)
            guard prefixes.allSatisfy(IdentifierOwnership.validPrefix) else {
                throw .invalid("/organisations/\(i)/gs1Prefixes", "holds a value that is not 6 to 12 digits")
            }
            entries.append(OrganisationEntry(id: id, did: did, gs1Prefixes: prefixes, glns: (eo["glns"]?.arrayValue ?? []).compactMap(\.stringValue)))
        }
        var endpoints: [String: String] = [:]
        for (name, v) in o["endpoints"]?.objectValue?.members ?? [] {
            guard let url = v.stringValue, url == base || url.hasPrefix(base + "/") else {
                throw .invalid("/endpoints/\(name)", "must be a URL under \(base)/")
            }
            endpoints[name] = url
        }
        self.init(baseURL: base, logKey: key, witnessKeys: witnesses, organisations: entries, endpoints: endpoints)
        if let w = o["peerWitness"] {
            guard let text = w.stringValue, let k = try? NoteVerifierKey(parsing: text) else { throw .invalid("/peerWitness", "is not a verifier key") }
            peerWitness = k
        }
        guard did == DIDWeb.did(baseURL: base), o["did"]?.stringValue == did else { throw .invalid("/did", "must be \(DIDWeb.did(baseURL: base))") }
    }
}

public enum NodeDescriptionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The member at a JSON Pointer, and what is wrong with it.
    case invalid(String, String)
    /// A URL given for a node that cannot be one.
    case notANodeURL(String)
    public var description: String {
        switch self {
        case .invalid(let pointer, let why): "the node description's \(pointer.isEmpty ? "document" : pointer) \(why)"
        case .notANodeURL(let why): why
        }
    }
}

/// A peer's base URL as Junkan keeps it: http or https, a host (lower case), a port only when given, a path without a
/// trailing slash; no user, query or fragment. Two spellings of one node compare equal only in this form.
public enum PeerURL {
    public static func normalise(_ text: String) throws(NodeDescriptionError) -> String {
        guard let c = URLComponents(string: text), let scheme = c.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = c.host, !host.isEmpty
        else { throw .notANodeURL("\(text) is not an http(s) URL with a host") }
        guard c.user == nil, c.password == nil, c.query == nil, c.fragment == nil else {
            throw .notANodeURL("\(text): a node's base URL has no user, query or fragment")
        }
        var path = c.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        let h = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host.lowercased()
        return scheme + "://" + h + (c.port.map { ":\($0)" } ?? "") + path
    }
}
