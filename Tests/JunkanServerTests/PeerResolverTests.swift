import JunkanCore
import JunkanNode
import Testing

/// `PeerResolver` (issue 27, item 2): which node a resolver's answer names, whatever form the answer takes.
@Suite struct PeerResolverTests {
    static let peers = ["http://a.test", "http://a.test/node2", "http://b.test:8080"]

    static func read(_ status: Int, location: String? = nil, body: String = "") -> PeerResolver.Found {
        PeerResolver.read(
            PeerHTTP.Answer(status: status, body: Array(body.utf8), headers: location.map { ["location": $0] } ?? [:]), from: "http://a.test",
            peers: peers)
    }

    @Test func theAnswerNamesTheNodeThatHoldsTheIdentifier() {
        #expect(Self.read(307, location: "http://b.test:8080/trace/upstream?id=x") == .peer("http://b.test:8080"))
        // The longest base URL a target lies under; a relative target is on the resolver's own node.
        #expect(Self.read(307, location: "http://a.test/node2/trace/upstream?id=x") == .peer("http://a.test/node2"))
        #expect(Self.read(302, location: "/passports/01/1/10/L") == .peer("http://a.test"))
        // Not a prefix at a path boundary: not that node.
        #expect(Self.read(307, location: "http://b.test:80800/x") == .unregistered("http://b.test:80800/x"))
        #expect(Self.read(404) == .unknown)
        let linkset = #"{"linkset":[{"anchor":"x","https://w3id.org/junkan/voc/trace":[{"href":"http://b.test:8080/trace/upstream?id=x"}]}]}"#
        #expect(Self.read(200, body: linkset) == .peer("http://b.test:8080"))
        #expect(Self.read(200, body: #"{"linkset":[{"anchor":"x"}]}"#) == .unknown)
        for bad in [Self.read(307), Self.read(200, body: "<html>"), Self.read(500)] {
            guard case .failed = bad else {
                Issue.record("\(bad) is not a failure")
                continue
            }
        }
    }

    @Test func onlyAGTINWithALotOrSerialIsLookedUp() {
        #expect(
            PeerResolver.lookupURL(peer: "http://a.test", identifier: "urn:epc:class:lgtin:4012345.012345.L1")
                == "http://a.test/01/04012345123456/10/L1?linkType=junkan:trace")
        #expect(PeerResolver.lookupURL(peer: "http://a.test", identifier: "https://id.gs1.org/01/04012345123456") == nil)
        #expect(PeerResolver.lookupURL(peer: "http://a.test", identifier: "urn:uuid:0b0b0b0b-0000-4000-8000-000000000000") == nil)
    }

    /// A plain EPCIS peer's gs1:epcis link: its query interface, if on the peer's own origin (or its registered
    /// endpoint's); the walk writes its own queries, so the link's query is dropped.
    @Test func aPlainPeersEPCISLinkStaysOnItsOrigin() {
        func endpoint(_ status: Int, _ location: String?) -> String? {
            PeerResolver.epcisEndpoint(
                PeerHTTP.Answer(status: status, body: [], headers: location.map { ["location": $0] } ?? [:]), from: "https://partner.test",
                allowed: ["https://partner.test", "https://epcis.partner-cloud.test/v2/events"])
        }
        #expect(endpoint(307, "https://partner.test/epcis/events?MATCH_anyEPCClass=x") == "https://partner.test/epcis/events")
        #expect(endpoint(307, "/events?MATCH_anyEPC=y#top") == "https://partner.test/events")
        #expect(endpoint(302, "https://epcis.partner-cloud.test/v3/events?x=1") == "https://epcis.partner-cloud.test/v3/events")
        // Elsewhere, another scheme, or no redirect at all: the registered endpoint stands.
        #expect(endpoint(307, "https://intranet.test/admin") == nil)
        #expect(endpoint(307, "http://partner.test/events") == nil)
        #expect(endpoint(307, "file:///etc/passwd") == nil)
        #expect(endpoint(404, nil) == nil && endpoint(307, nil) == nil)
    }
}
