import JunkanCore
import JunkanStore
import JunkanTestSupport
import Testing

/// `PeerStore`: a peer is recorded once by base URL and once by log origin, listed in base-URL order, and forgotten.
extension StoreContractTests {
    static func peer(_ url: String, origin: String) -> Peer {
        Peer(
            baseURL: url, logOrigin: origin, logKey: origin + "+01234567+AQ==", didDocument: "{\"id\":\"did:web:\(origin)\"}",
            description: "{\"type\":\"JunkanNode\"}", addedAt: 1_700_000_000_123)
    }

    @Test(arguments: StoreBackend.available) func peersAreRecordedOncePerBaseURLAndOrigin(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            #expect(try await store.peers().isEmpty)
            let b = Self.peer("https://b.example", origin: "b.example/tlog")
            let a = Self.peer("https://a.example:8443/node", origin: "a.example/tlog")
            try await store.addPeer(b)
            try await store.addPeer(a)
            #expect(try await store.peers() == [a, b])
            #expect(try await store.peer(baseURL: "https://a.example:8443/node") == a)
            #expect(try await store.peer(baseURL: "https://c.example") == nil)
            // The same base URL again, or another URL for the same log: refused, and nothing changed.
            for again in [Self.peer("https://b.example", origin: "other/tlog"), Self.peer("https://b2.example", origin: "b.example/tlog")] {
                await #expect(throws: PeerStoreError.exists(baseURL: again.baseURL, logOrigin: again.logOrigin)) { try await store.addPeer(again) }
            }
            #expect(try await store.peers() == [a, b])
            #expect(try await store.removePeer(baseURL: "https://b.example"))
            #expect(try await store.removePeer(baseURL: "https://b.example") == false)
            #expect(try await store.peers() == [a])
            // Removed, the log may be added again (a peer that moved).
            try await store.addPeer(Self.peer("https://b3.example", origin: "b.example/tlog"))
            #expect(try await store.peers().map(\.baseURL) == ["https://a.example:8443/node", "https://b3.example"])
        }
    }

    @Test(arguments: StoreBackend.available) func releasePoliciesAreSetPerOrganisationAndReplaced(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            #expect(try await store.releasePolicies().isEmpty)
            let a = try await store.addOrganisation(name: "A", tokenHash: TokenHash.sha256Hex("a"), key: .newHosted()).id
            let b = try await store.addOrganisation(name: "B", tokenHash: TokenHash.sha256Hex("b"), key: .newHosted()).id
            try await store.setReleasePolicy(organisationID: a, .public)
            try await store.setReleasePolicy(organisationID: b, .partners)
            try await store.setReleasePolicy(organisationID: a, .private)
            #expect(try await store.releasePolicies() == [a: .private, b: .partners])
            // Only an organisation of this node has a policy.
            await #expect(throws: (any Error).self) { try await store.setReleasePolicy(organisationID: "nobody", .public) }
        }
    }

    @Test(arguments: StoreBackend.available) func splitViewsAreKeptUntilThePeerIsRemoved(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            try await store.addPeer(Self.peer("https://b.example", origin: "b.example/tlog"))
            let first = SplitView(node: "https://b.example", previous: "note 1", current: "note 2", why: "two roots", seenAt: 1_700_000_000_000)
            try await store.recordSplitView(first)
            // The first evidence stays: a later one for the same peer does not replace it.
            try await store.recordSplitView(SplitView(node: "https://b.example", previous: "x", current: "y", why: "z", seenAt: 1_800_000_000_000))
            #expect(try await store.splitViews() == [first])
            #expect(try await store.removePeer(baseURL: "https://b.example"))
            #expect(try await store.splitViews().isEmpty)
        }
    }

    @Test(arguments: StoreBackend.available) func releaseGrantsNameNodesAndAreTakenBack(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let a = try await store.addOrganisation(name: "A", tokenHash: TokenHash.sha256Hex("a"), key: .newHosted()).id
            try await store.setReleaseGrant(organisationID: a, node: "https://b.example", granted: true)
            try await store.setReleaseGrant(organisationID: a, node: "https://b.example", granted: true)
            try await store.setReleaseGrant(organisationID: a, node: "https://c.example", granted: true)
            #expect(try await store.releaseGrants() == [a: ["https://b.example", "https://c.example"]])
            try await store.setReleaseGrant(organisationID: a, node: "https://b.example", granted: false)
            #expect(try await store.releaseGrants() == [a: ["https://c.example"]])
        }
    }
}
