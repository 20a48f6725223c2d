public import JunkanCore
public import JunkanLedger
public import JunkanStore

/// The registered peers as the walk uses them: each with its pinned key, the endpoint it answers graph questions at,
/// the witnesses it names, and which GS1 Company Prefixes its organisations own, so the peer that owns an identifier
/// is found by the identifier's prefix (issue 27, item 2). Built from what each peer described when it was added.
public struct PeerDirectory: Sendable {
    public struct Entry: Sendable {
        public enum Kind: Sendable, Equatable {
            /// A Junkan node: asked at its federation endpoint, every answer proven.
            case junkan(logKey: NoteVerifierKey)
            /// A plain EPCIS 2.0 interface (`PlainEPCISPeer`): asked with standard queries, nothing proven.
            case epcis(events: String)
            /// A Dataspace Protocol provider (`DSPPeer`): a lot's upstream negotiated and pulled, nothing proven.
            case dsp
        }
        public var baseURL: String
        public var kind: Kind
        public var traceEndpoint: String
        public var witnessKeys: [NoteVerifierKey]
        /// The log's origin, for a Junkan node.
        public var logOrigin: String? {
            if case .junkan(let key) = kind { return key.name }
            return nil
        }
    }

    public private(set) var entries: [Entry] = []
    /// Prefix → peer base URL (the "organisation" of a registration is the peer here).
    let ownership: IdentifierOwnership

    /// Peers whose stored key or description no longer reads are left out (they were checked when added).
    public init(peers: [Peer]) {
        var registrations: [IdentifierOwnership.Registration] = []
        for p in peers {
            guard let json = try? JSONParser.parse(p.description) else { continue }
            if json.objectValue?["type"]?.stringValue == DSPPeer.type {
                let prefixes = (json.objectValue?["gs1Prefixes"]?.arrayValue ?? []).compactMap(\.stringValue).filter(IdentifierOwnership.validPrefix)
                entries.append(Entry(baseURL: p.baseURL, kind: .dsp, traceEndpoint: "", witnessKeys: []))
                registrations += prefixes.map { IdentifierOwnership.Registration(prefix: $0, organisationID: p.baseURL) }
                continue
            }
            if json.objectValue?["type"]?.stringValue == PlainEPCISPeer.type {
                let o = json.objectValue
                let prefixes = (o?["gs1Prefixes"]?.arrayValue ?? []).compactMap(\.stringValue).filter(IdentifierOwnership.validPrefix)
                entries.append(
                    Entry(baseURL: p.baseURL, kind: .epcis(events: o?["events"]?.stringValue ?? p.baseURL + "/events"), traceEndpoint: "", witnessKeys: []))
                registrations += prefixes.map { IdentifierOwnership.Registration(prefix: $0, organisationID: p.baseURL) }
                continue
            }
            guard let key = try? NoteVerifierKey(parsing: p.logKey), let d = try? NodeDescription(parsing: json) else { continue }
            entries.append(
                Entry(
                    baseURL: p.baseURL, kind: .junkan(logKey: key),
                    traceEndpoint: d.endpoints["federationTrace"] ?? p.baseURL + "/federation/trace", witnessKeys: d.witnessKeys))
            for o in d.organisations { registrations += o.gs1Prefixes.map { IdentifierOwnership.Registration(prefix: $0, organisationID: p.baseURL) } }
        }
        ownership = IdentifierOwnership(registrations: registrations)
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// The GS1 Company Prefix by which a peer owns the identifier.
    public func ownerPrefix(of identifier: String) -> String? { ownership.owner(of: identifier)?.prefix }

    /// The peer whose organisations own the identifier's GS1 Company Prefix (the longest registered one wins).
    public func owner(of identifier: String) -> Entry? {
        guard let url = ownership.owner(of: identifier)?.organisationID else { return nil }
        return entries.first { $0.baseURL == url }
    }
}
