import Foundation
package import JunkanCore
package import JunkanLedger
package import JunkanStore

/// `GET /`: what this node is (its base URL, organisations, events, the log's latest checkpoint and its witnesses'
/// cosignatures, its peers), a search box for any identifier, and links to every page: the latest items' and lots'
/// passports, the explorer, the data book, the materials bank, the log and the API description.
package struct HomePage: Sendable {
    let store: any NodeStore
    let baseURL: String
    /// How many of the latest items and lots to link.
    static let latestLimit = 8

    package init(store: any NodeStore, baseURL: String) { self.store = store; self.baseURL = baseURL }

    package func render(now: Int64) async throws -> String {
        async let organisationsRead = store.organisations()
        async let unnamedRead = store.organisationsNotNamedOnPassports()
        async let countRead = store.eventCount()
        async let checkpointRead = store.latestCheckpoint()
        async let peersRead = store.peers()
        async let mirrorsRead = store.mirrors()
        async let splitViewsRead = store.splitViews()
        async let latestRead = Self.latestSubjects(store: store)
        let unnamed = try await unnamedRead
        let organisations = try await organisationsRead
        let named = organisations.filter { !unnamed.contains($0.id) }.sorted { $0.name < $1.name }
        let checkpoint = try await checkpointRead
        let mirrors = try await mirrorsRead
        let splitViews = Set(try await splitViewsRead.map(\.node))
        let peers = try await peersRead.map { peer -> [String: Any] in
            let mirrored = mirrors[peer.baseURL]
            let status =
                splitViews.contains(peer.baseURL)
                ? "split view seen: its log showed two different histories"
                : mirrored.map { "log mirrored to size \($0.size), \(DisplayAge.ago($0.createdAt, now: now))" } ?? "not mirrored yet"
            return ["baseURL": peer.baseURL, "description": peer.description, "status": status, "alarm": splitViews.contains(peer.baseURL)]
        }
        var view: [String: Any] = [
            "title": "Home", "baseURL": baseURL, "eventCount": DisplayFormat.number(Double(try await countRead)),
            "organisations": named.enumerated().map {
                ["name": $1.name, "href": "/orgs/" + PercentEncoding.encode($1.id), "sep": $0 == named.count - 1 ? "" : ", "]
            },
            "hasOrganisations": !named.isEmpty, "organisationCount": organisations.count,
            "unnamedCount": organisations.count - named.count, "hasUnnamed": organisations.count > named.count,
            "peers": peers, "hasPeers": !peers.isEmpty, "latest": try await latestRead
        ]
        view["hasLatest"] = !((view["latest"] as? [Any])?.isEmpty ?? true)
        if let checkpoint {
            let witnesses = checkpoint.cosignatures.keys.sorted()
            view["checkpoint"] = [
                "size": DisplayFormat.number(Double(checkpoint.size)), "age": DisplayAge.ago(checkpoint.createdAt, now: now),
                "at": ISO8601Timestamp.utcString(epochMilliseconds: checkpoint.createdAt),
                "cosignatures": witnesses.count, "witnesses": witnesses.joined(separator: ", "), "cosigned": !witnesses.isEmpty
            ]
        }
        return try PageTemplates.render(view, "home")
    }

    /// The items and lots of the latest captured events, newest first, each once, with their passports.
    static func latestSubjects(store: any NodeStore) async throws -> [[String: String]] {
        var q = EventQuery()
        q.direction = .descending
        q.perPage = 100
        let records = try await store.events(matching: q).events
        return RecentSubjects.of(records, limit: latestLimit, keep: { _, link in PassportSubject(link) != nil }).compactMap { s in
            guard let subject = PassportSubject(s.link) else { return nil }
            let serial = s.link.qualifier("21").map { "serial \($0)" } ?? s.link.qualifier("10").map { "lot \($0)" } ?? ""
            return [
                "label": "GTIN \(subject.gtin) \(serial)", "href": subject.resolverPath,
                "explore": "/explore?id=" + PercentEncoding.encode(subject.id),
                "when": ISO8601Timestamp.utcString(epochMilliseconds: s.record.eventTime).prefix(10).description
            ]
        }
    }
}
