import Foundation
import JunkanCore

/// Discovery through the GS1 Digital Link resolver (issue 27, item 2; docs/federation.md), as GS1's federated EPCIS
/// pattern finds a party's EPCIS interface: a walk asks the resolver of the peer that owns an identifier's GS1 Company
/// Prefix for the identifier's `junkan:trace` link (`/01/{gtin}/10/{lot}?linkType=junkan:trace`, which a GS1 resolver
/// answers with a redirect to it) and follows it to the node that holds the identifier's graph. That node is asked at its
/// federation endpoint, and only if it is a registered peer: the link says where, the pinned key says whom to believe.
/// (A resolver that answers a linkset instead is read for its first `junkan:trace` link.)
public enum PeerResolver {
    /// What a resolver said about an identifier.
    public enum Found: Sendable, Equatable {
        /// The base URL of the registered peer its `junkan:trace` link points to.
        case peer(String)
        /// It has no links for the identifier (404), or none of type `junkan:trace` or `gs1:epcis`: nothing there.
        case unknown
        /// Its link points to a node that is not a registered peer (the URL it points to).
        case unregistered(String)
        /// It could not be asked, or answered what is not a linkset: the walk asks the owner directly.
        case failed(String)
        /// A plain EPCIS peer's `gs1:epcis` link: the events query interface it names (on the peer's own origin).
        case epcis(String)
    }

    /// The most bytes a resolver's answer may have (a redirect, or a linkset of a few kilobytes).
    public static let maxAnswerBytes = 1 << 20

    /// The lookup of an identifier's `junkan:trace` link on a peer's resolver; nil for an identifier that is no GTIN with a lot or serial.
    public static func lookupURL(peer: String, identifier: String, linkType: String = "junkan:trace") -> String? {
        guard let link = try? GS1Identifier.digitalLink(from: identifier), link.primaryKey.ai == "01",
            link.qualifier("10") != nil || link.qualifier("21") != nil
        else { return nil }
        return peer + String(link.canonicalURI.dropFirst("https://id.gs1.org".count)) + "?linkType=" + linkType
    }

    /// A plain EPCIS peer's resolver answer to `linkType=gs1:epcis` (GS1's federated EPCIS pattern): the query interface
    /// its redirect names, without the query (the walk writes its own standard queries), if it lies on the origin of the
    /// peer's base URL or of the events endpoint registered for it: a resolver does not send this node's requests
    /// anywhere else. Nil when there is no such redirect (a partner without a resolver): the registered endpoint stands.
    public static func epcisEndpoint(_ answer: PeerHTTP.Answer, from resolver: String, allowed: [String]) -> String? {
        guard (300...399).contains(answer.status), let location = answer.headers["location"], !location.isEmpty else { return nil }
        let absolute = location.hasPrefix("/") ? resolver + location : location
        guard var c = URLComponents(string: absolute), c.scheme == "http" || c.scheme == "https" else { return nil }
        c.query = nil
        c.fragment = nil
        guard let endpoint = c.string, allowed.compactMap(Self.origin).contains(Self.origin(endpoint) ?? "") else { return nil }
        return endpoint
    }

    /// Scheme, host and port of a URL.
    static func origin(_ url: String) -> String? {
        guard let c = URLComponents(string: url), let scheme = c.scheme, let host = c.host else { return nil }
        return "\(scheme)://\(host)" + (c.port.map { ":\($0)" } ?? "")
    }

    /// The GTIN of an identifier: the resolver is asked once per GTIN while its answer is fresh.
    public static func gtin(of identifier: String) -> String? {
        guard let link = try? GS1Identifier.digitalLink(from: identifier), link.primaryKey.ai == "01" else { return nil }
        return link.primaryKey.value
    }

    /// Reads a resolver's answer: the target of its redirect (or, in a linkset, the first `junkan:trace` target, the
    /// most specific anchor first), matched to the registered peer whose base URL it lies under (the longest such).
    /// Whatever link a redirect lands on (a resolver without the link type redirects to the default link), the node it
    /// names is the node that holds the identifier.
    public static func read(_ answer: PeerHTTP.Answer, from resolver: String, peers: [String]) -> Found {
        if answer.status == 404 { return .unknown }
        let href: String
        if (300...399).contains(answer.status) {
            guard let location = answer.headers["location"], !location.isEmpty else { return .failed("its resolver redirected nowhere") }
            // A relative reference is on the resolver's own node.
            href = location.hasPrefix("/") ? resolver + location : location
        } else if answer.status == 200, let json = try? JSONParser.parse(answer.body), let anchors = json.objectValue?["linkset"]?.arrayValue {
            let trace = ResolverLink.junkanVocabulary + "trace"
            guard let first = anchors.lazy.compactMap({ $0.objectValue?[trace]?.arrayValue?.first?.objectValue?["href"]?.stringValue }).first
            else { return .unknown }
            href = first
        } else {
            return .failed("its resolver answered HTTP \(answer.status), neither a redirect nor a linkset")
        }
        let owner = peers.filter { href.hasPrefix($0 + "/") }.max { $0.count < $1.count }
        return owner.map(Found.peer) ?? .unregistered(href)
    }
}
