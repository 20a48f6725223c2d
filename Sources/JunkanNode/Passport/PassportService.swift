import Foundation
package import JunkanCore
import JunkanLedger
package import JunkanStore

/// Where passports and their links point: the node's public base URL (its did:web, the credential ids, the links
/// of the resolver).
public struct PassportConfiguration: Sendable {
    public var baseURL: String
    public init(baseURL: String = "http://127.0.0.1:8080") {
        var b = baseURL
        while b.hasSuffix("/") { b.removeLast() }
        self.baseURL = b
    }
}

/// Passports by subject, assembled once and kept while nothing new was captured and the product classes are unchanged
/// (a passport whose trail still waits for log proofs is rebuilt after a second), and the level a caller sees.
package actor PassportService {
    package let assembler: PassportAssembler
    package let store: any NodeStore
    nonisolated package let configuration: PassportConfiguration
    private var cache: [Key: Cached] = [:]

    /// A passport as a visitor sees it (across nodes), or as this node's graph alone gives it (what the resolver decides
    /// its links from: a peer's walk asks the resolver, and that lookup must not start a walk of its own into the peers).
    struct Key: Hashable {
        var subject: PassportSubject
        var acrossNodes: Bool
    }

    struct Cached {
        var assembled: PassportAssembler.Assembled
        /// The log's size when it was last found current.
        var leaves: UInt64
        var at: Date
        /// The subject's own events recorded shortly before it was assembled, newest first: what tells a capture about
        /// this subject from the many that are not.
        var recent: [String]
    }
    /// The revision of what passports read beside the log and the graph: product classes, declarations and substance
    /// lists, materials (a bank lot's measured substances).
    private var productsRevision = ""
    private(set) var renderedCache: [String: (stamp: String, text: String)] = [:]

    package init(assembler: PassportAssembler, store: any NodeStore, configuration: PassportConfiguration) {
        self.assembler = assembler
        self.store = store
        self.configuration = configuration
    }

    package func assembled(_ subject: PassportSubject, acrossNodes: Bool = true) async throws -> PassportAssembler.Assembled? {
        let key = Key(subject: subject, acrossNodes: acrossNodes)
        let assembler = acrossNodes ? assembler : assembler.local
        // Independent reads at once: on PostgreSQL each is a round trip, and a passport's latency is mostly their sum
        // (issue 26). Any captured event may concern the subject (a shipment, a repair), whether or not it changes the
        // trace graph: the log's size says whether anything was captured since.
        async let revisionRead = sourcesRevision()
        async let leavesRead = store.leafCount()
        async let graphRead = assembler.trace.snapshot()
        let (revision, leaves, graph) = try await (revisionRead, leavesRead, graphRead)
        if revision != productsRevision { cache.removeAll(); renderedCache.removeAll(); productsRevision = revision }
        if let hit = cache[key], hit.assembled.graphVersion == graph.version, hit.assembled.complete || hit.at.timeIntervalSinceNow > -1 {
            if hit.leaves == leaves { return hit.assembled }
            // The log grew, but under steady capture almost never with this subject's events (issue 25, item 10: every
            // capture used to rebuild every passport asked for). Still current unless its recent events changed.
            if try await assembler.recentEventHashes(subject, assembledAt: hit.assembled.assembledAt) == hit.recent {
                cache[key]?.leaves = leaves
                return hit.assembled
            }
        }
        // The subject's recent events, read beside the assembly rather than after it: an event committed meanwhile is
        // then missing here and present at the next check, which rebuilds once (never a stale passport kept).
        let at = Int64(Date().timeIntervalSince1970 * 1000)
        async let recentRead = assembler.recentEventHashes(subject, assembledAt: at)
        guard let a = try await assembler.assemble(subject, graph: graph, at: at) else { return nil }
        let recent = try await recentRead
        if cache.count > 10_000 { cache.removeAll(); renderedCache.removeAll() }
        cache[key] = Cached(assembled: a, leaves: leaves, at: Date(), recent: recent)
        return a
    }

    private func sourcesRevision() async throws -> String {
        async let products = store.productsRevision()
        async let substances = store.substancesRevision()
        async let materials = store.materialsRevision()
        return try await "\(products)|\(substances)|\(materials)"
    }

    package func remember(_ key: String, stamp: String, text: String) {
        if renderedCache.count > 40_000 { renderedCache.removeAll() }
        renderedCache[key] = (stamp, text)
    }

    /// The level `organisation` (nil: no token) sees of a passport: owner for the maker and those it granted owner,
    /// authority for the node's authorities and those granted it, public otherwise.
    package func level(of organisation: Organisation?, for a: PassportAssembler.Assembled) async throws -> AccessLevel {
        guard let organisation else { return .public }
        if organisation.id == a.ownerID { return .owner }
        var level = a.grants.filter { $0.organisation == organisation.id }.map(\.level).max() ?? .public
        if level < .authority, try await store.isAuthority(organisationID: organisation.id) { level = .authority }
        return level
    }

    /// The issuer of a passport's credential: the maker's did:web and its hosted key (nil seed: the maker keeps its key).
    package func issuer(of a: PassportAssembler.Assembled) async throws -> (PassportCredential.Issuer, seed: [UInt8]?) {
        guard let id = a.ownerID, let org = try await store.organisation(id: id) else {
            return (PassportCredential.Issuer(did: DIDWeb.did(baseURL: configuration.baseURL), name: "Junkan node"), nil)
        }
        let issuer = PassportCredential.Issuer(did: DIDWeb.organisation(baseURL: configuration.baseURL, id: org.id), name: org.name)
        if case .hosted(let seed, _) = org.key { return (issuer, seed) }
        return (issuer, nil)
    }
}
