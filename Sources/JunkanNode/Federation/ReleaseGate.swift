public import JunkanCore
public import JunkanStore

/// Which of this node's events another node may have (issue 27, item 6; docs/federation.md), by the release policy of
/// the organisation that captured each one. A release policy is an ODRL policy in the data-space vocabulary
/// (docs/dataspace.md): the named ones are shorthands (`ReleasePolicy.odrl`): `public` to anyone; `partners` to a
/// registered peer that signed its request (`junkan:memberOf junkan:peers`); `receivers` (the default) to a signed peer
/// whose organisations received the lot asked about, or a lot made from it here, as this node's events with a
/// destination show (any destination type whose party the peer's organisations own, by GS1 Company Prefix or a GLN its
/// description lists: `junkan:receiver`); `private` to no one. An organisation may write its own instead
/// (`junkan org policy set ORG --role release`), evaluated for the requester's DIDs, its groups here and the time. What
/// is withheld is named by its event hash, so the asker reports a gap rather than a wrong number. An organisation may
/// also grant a named peer its events (`junkan org release-grant`), whatever its policy but the named `private`.
public struct ReleaseGate: Sendable {
    /// The peer that signed the request; nil for an unsigned one.
    public var requester: Peer?
    public var policies: [String: ReleasePolicy]
    /// The nodes each organisation granted its events by name (`junkan org release-grant`).
    public var grants: [String: Set<String>]
    /// Release policies written in ODRL, by organisation; they take the place of the named one.
    public var written: [String: ODRLPolicy]
    /// The groups of peers the requester belongs to here.
    public var groups: Set<String>
    /// Ms since the epoch.
    public var now: Int64

    public init(
        requester: Peer?, policies: [String: ReleasePolicy], grants: [String: Set<String>] = [:], written: [String: ODRLPolicy] = [:],
        groups: Set<String> = [], now: Int64 = 0
    ) {
        self.requester = requester; self.policies = policies; self.grants = grants; self.written = written; self.groups = groups
        self.now = now
    }

    /// The gate for `requester`, from what the store holds: named and written policies, grants, groups.
    public static func load(requester: Peer?, store: any NodeStore, now: Int64) async throws -> ReleaseGate {
        async let policies = store.releasePolicies()
        async let grants = store.releaseGrants()
        async let groups = store.peerGroups()
        var written: [String: ODRLPolicy] = [:]
        for r in try await store.datasetPolicies() where r.role == .release {
            if let json = try? JSONParser.parse(r.policy), let p = try? ODRLPolicy(parsing: json) { written[r.organisationID] = p }
        }
        let all = try await groups
        let member = requester.map { p in Set(all.filter { $0.value.contains(p.baseURL) }.keys) } ?? []
        return ReleaseGate(requester: requester, policies: try await policies, grants: try await grants, written: written, groups: member, now: now)
    }

    /// The requester's DIDs: its node's and its organisations', as its pinned description lists them.
    var requesterDIDs: Set<String> {
        guard let requester else { return [] }
        var dids: Set<String> = [DIDWeb.did(baseURL: requester.baseURL)]
        if let json = try? JSONParser.parse(requester.description), let d = try? NodeDescription(parsing: json) { dids.formUnion(d.organisations.map(\.did)) }
        return dids
    }

    /// `records` split into those released and the hashes of those withheld, for an excerpt from `ids` of `graph`.
    public func split(
        _ records: [EventRecord], ids: [String], direction: Provenance.Direction, depth: Int, graph: TraceGraph, store: any EventStore
    ) async throws -> (released: [EventRecord], withheld: [String]) {
        var released: [EventRecord] = []
        var withheld: [String] = []
        var receiverVisible: Set<String>?
        var context = ODRLContext(
            requester: requesterDIDs, groups: requester == nil ? groups : groups.union([ReleasePolicy.peersGroup]), now: now)
        for r in records {
            let named = policies[r.organisationID] ?? .default
            let policy = written[r.organisationID] ?? named.odrl
            if written[r.organisationID] != nil || named != .private, let requester, grants[r.organisationID]?.contains(requester.baseURL) == true {
                released.append(r)
                continue
            }
            context.receiver = false
            if policy.mentions(.receiver) {
                if receiverVisible == nil {
                    receiverVisible = try await visibleToReceiver(ids: ids, direction: direction, depth: depth, graph: graph, store: store)
                }
                context.receiver = receiverVisible!.contains(r.eventID)
            }
            if policy.evaluate(context) == .permitted { released.append(r) } else { withheld.append(r.eventHash) }
        }
        return (released, withheld)
    }

    /// The event IDs of the excerpt from the identifiers asked about that the requester received (itself, or a lot made
    /// from it here). Every lot reached from any of them is looked up at once (a question may name thousands).
    func visibleToReceiver(
        ids: [String], direction: Provenance.Direction, depth: Int, graph: TraceGraph, store: any EventStore
    ) async throws -> Set<String> {
        guard let requester, let owned = Self.parties(of: requester) else { return [] }
        var reach: [String: [String]] = [:]
        var all = Set<String>()
        for id in ids where graph.contains(id) {
            let made = GraphExcerpt.reach(graph, from: id, direction: .downstream, depth: 100)
            reach[id] = made
            all.formUnion(made)
        }
        let shipped = try await Self.shipped(Array(all), toPartiesOf: owned, store: store)
        let received = ids.filter { reach[$0]?.contains(where: shipped.contains) == true }
        return Set(GraphExcerpt(graph: graph, ids: received, direction: direction, depth: depth).eventIDs)
    }

    /// The identifiers a peer's organisations own: their GS1 Company Prefixes, and the GLNs granted to them.
    static func parties(of peer: Peer) -> (ownership: IdentifierOwnership, glns: Set<String>)? {
        guard let json = try? JSONParser.parse(peer.description), let d = try? NodeDescription(parsing: json) else { return nil }
        let registrations = d.organisations.flatMap { o in o.gs1Prefixes.map { IdentifierOwnership.Registration(prefix: $0, organisationID: o.id) } }
        return (IdentifierOwnership(registrations: registrations), Set(d.organisations.flatMap(\.glns)))
    }

    /// Those of `lots` that an event here names with a destination one of those parties owns.
    static func shipped(
        _ lots: [String], toPartiesOf owned: (ownership: IdentifierOwnership, glns: Set<String>), store: any EventStore
    ) async throws
        -> Set<String>
    {
        let wanted = Set(lots)
        var found = Set<String>()
        for start in stride(from: 0, to: lots.count, by: GraphExcerpt.readBatch) {
            var q = EventQuery()
            q.identifierMatches = [
                (
                    roles: EPCISEvent.IdentifierRole.allCases,
                    values: lots[start..<min(start + GraphExcerpt.readBatch, lots.count)].map { .init(value: $0, isPrefix: false) }
                )
            ]
            q.perPage = 1_000
            var after: PageCursor?
            repeat {
                q.after = after
                let page = try await store.events(matching: q)
                for e in page.events where e.json.contains("destination") {
                    guard let json = try? JSONParser.parse(e.json),
                        let event = try? EPCISEventDecoder(context: json.objectValue?["@context"]).decode(CaptureService.withoutContext(json)),
                        event.destinationList.contains(where: { d in
                            guard let dl = try? GS1Identifier.digitalLink(from: d.id) else { return false }
                            return owned.ownership.owner(of: dl) != nil || owned.glns.contains(dl.primaryKey.value)
                        })
                    else { continue }
                    found.formUnion(event.touchedIdentifiers.map { CBVCanonical.identifier($0.id) }.filter(wanted.contains))
                }
                after = page.next
            } while after != nil
        }
        return found
    }
}

extension ReleasePolicy {
    /// The group every registered peer belongs to, as `junkan:memberOf` names it.
    public static let peersGroup = "junkan:peers"

    /// The named policy as the ODRL policy it stands for (docs/federation.md, docs/dataspace.md).
    public var odrl: ODRLPolicy {
        let id = "urn:junkan:release:" + rawValue
        switch self {
        case .public: return ODRLPolicy(id: id, kind: .set, permissions: [.init(action: "use")])
        case .partners:
            return ODRLPolicy(id: id, kind: .set, permissions: [.init(action: "use", constraints: [.atomic(.memberOf, .eq, [Self.peersGroup])])])
        case .receivers:
            return ODRLPolicy(id: id, kind: .set, permissions: [.init(action: "use", constraints: [.atomic(.receiver, .eq, ["true"])])])
        case .private: return ODRLPolicy(id: id, kind: .set, prohibitions: [.init(action: "use")])
        }
    }
}
