import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanLedger
import JunkanNode
import JunkanServer
import JunkanStore
import JunkanTestSupport
import Testing

/// Issue 27, item 1: a node describes itself at `/.well-known/junkan-node`, and `junkan peer add` (`PeerEnrolment`) trusts
/// a node only when its description, did:web document and checkpoint agree on one log key, pinning that key.
@Suite struct FederationRouteTests {
    static let base = "http://node-a.test:8080"
    let signer = try! NoteSigner(name: "node-a.test:8080/tlog", privateKey: .init())
    let witness = try! NoteSigner(name: "witness.test", privateKey: .init())

    func application(_ tmp: TemporaryStore) -> some ApplicationProtocol {
        Application(
            router: buildRouter(
                store: tmp.store, logKey: signer.verifierKey, passport: .init(baseURL: Self.base),
                witnessKeys: [try! NoteVerifierKey(name: witness.name, type: .cosignatureV1, publicKey: witness.verifierKey.publicKey)]))
    }

    /// Fetches through the test client: URLs under the node's base URL become paths; `replace` swaps a path's answer.
    static func fetch(_ client: some TestClientProtocol, replace: [String: (Int, String)] = [:]) -> PeerEnrolment.Fetch {
        { url in
            guard url.hasPrefix(base) else { throw PeerEnrolmentError.unreachable(url) }
            let path = String(url.dropFirst(base.count))
            if let (status, body) = replace[path] { return (status, Array(body.utf8)) }
            return try await client.execute(uri: path, method: .get) { (Int($0.status.code), Array(buffer: $0.body)) }
        }
    }

    @Test(.temporaryStore) func theNodeDescribesItsLogWitnessesPrefixesAndEndpoints() async throws {
        let tmp = try TemporaryStore.forTest()
        let org = try await tmp.organisation()
        let other = try await tmp.organisation("Other", token: "other-token")
        try await tmp.store.addPrefix("4012345", organisationID: org.id)
        _ = try await tmp.store.addGrant(grantor: org.id, grantee: other.id, scope: .gln("4012345000016"))
        try await application(tmp).test(.router) { client in
            let json = try await client.execute(uri: "/.well-known/junkan-node", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType] == "application/json")
                return try JSONParser.parse(String(buffer: r.body))
            }
            let d = try NodeDescription(parsing: json)
            #expect(d.baseURL == Self.base && d.did == "did:web:node-a.test%3A8080")
            #expect(d.logKey == signer.verifierKey && d.logOrigin == "node-a.test:8080/tlog")
            #expect(d.witnessKeys.map(\.name) == ["witness.test"])
            let byID = Dictionary(uniqueKeysWithValues: d.organisations.map { ($0.id, $0) })
            #expect(byID[org.id]?.gs1Prefixes == ["4012345"] && byID[org.id]?.glns == [])
            #expect(byID[other.id]?.gs1Prefixes == [] && byID[other.id]?.glns == ["4012345000016"])
            #expect(byID[org.id]?.did == "did:web:node-a.test%3A8080:orgs:\(org.id)")
            #expect(d.endpoints["traceUpstream"] == Self.base + "/trace/upstream" && d.endpoints["events"] == Self.base + "/events")
            // No names: a description says which keys and identifiers, not who.
            #expect(!String(describing: json).contains("Test Org"))
            // A prefix registered later shows without a restart.
            try await tmp.store.addPrefix("4099999", organisationID: other.id)
            let again = try await client.execute(uri: "/.well-known/junkan-node", method: .get) { try JSONParser.parse(String(buffer: $0.body)) }
            #expect(try NodeDescription(parsing: again).organisations.first { $0.id == other.id }?.gs1Prefixes == ["4099999"])
            try await client.execute(uri: "/.well-known/junkan-node?x=1", method: .get) { #expect($0.status == .badRequest) }
        }
    }

    @Test(.temporaryStore) func aPeerIsPinnedOnlyWhenItsDescriptionDIDAndCheckpointAgree() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        try await LogIntegrator(store: tmp.store, signer: signer).integrate()
        try await application(tmp).test(.router) { client in
            let enrol = PeerEnrolment(fetch: Self.fetch(client))
            // Any spelling of the base URL is the same node.
            let candidate = try await enrol.inspect("HTTP://Node-A.test:8080/")
            #expect(candidate.description.logKey == signer.verifierKey && candidate.checkpointSize == 0)
            let pinned = try PeerEnrolment.pin(candidate, given: nil, now: 5)
            #expect(pinned.baseURL == Self.base && pinned.logKey == signer.verifierKey.description && pinned.logOrigin == signer.name)
            #expect(try PeerEnrolment.pin(candidate, given: signer.verifierKey, now: 5) == pinned)
            // The key the operator was told is not the one served: not pinned.
            let impostor = try NoteSigner(name: signer.name, privateKey: .init())
            #expect(throws: PeerEnrolmentError.self) { try PeerEnrolment.pin(candidate, given: impostor.verifierKey, now: 5) }

            // A node that describes itself under another URL, a DID document with another key, a checkpoint another key
            // signed, or no description at all: each refused with what is wrong.
            let description = try await client.execute(uri: "/.well-known/junkan-node", method: .get) { String(buffer: $0.body) }
            let elsewhere = description.replacingOccurrences(of: Self.base, with: "http://node-b.test")
                .replacingOccurrences(of: "node-a.test%3A8080", with: "node-b.test")
            // An endpoint on another host that merely begins with the base URL's text.
            let offsite = description.replacingOccurrences(of: "\"\(Self.base)/events\"", with: "\"\(Self.base).evil.test/events\"")
            let otherDID = JSONWriter.string(DIDWeb.document(did: DIDWeb.did(baseURL: Self.base), publicKey: impostor.verifierKey.publicKey))
            let forged = try impostor.sign(Checkpoint(origin: signer.name, size: 0, root: .emptyTree).text)
            let cases: [(String, (Int, String), String)] = [
                ("/.well-known/junkan-node", (200, elsewhere), "describes itself as http://node-b.test"),
                ("/.well-known/did.json", (200, otherDID), "does not hold its log key"),
                ("/tlog/checkpoint", (200, forged), "does not verify"),
                ("/.well-known/junkan-node", (200, offsite), "/endpoints/events"),
                ("/.well-known/junkan-node", (404, "{}"), "answered 404"),
                ("/.well-known/junkan-node", (200, "<html>"), "is not JSON"),
                ("/.well-known/junkan-node", (200, "{\"type\":\"JunkanNode\"}"), "/baseURL")
            ]
            for (path, answer, expected) in cases {
                let error = await #expect(throws: (any Error).self) {
                    _ = try await PeerEnrolment(fetch: Self.fetch(client, replace: [path: answer])).inspect(Self.base)
                }
                #expect(error.map { "\($0)" }?.contains(expected) == true, "\(path): \(error.map { "\($0)" } ?? "no error")")
            }
        }
    }

    @Test(.temporaryStore) func peersAddedWhileTheNodeRunsShowInItsStatus() async throws {
        let tmp = try TemporaryStore.forTest()
        try await application(tmp).test(.router) { client in
            let empty = try await client.execute(uri: "/federation/status", method: .get) { try JSONParser.parse(String(buffer: $0.body)) }
            #expect(empty.objectValue?["peers"]?.arrayValue?.isEmpty == true)
            try await tmp.store.addPeer(
                Peer(
                    baseURL: "https://node-b.test", logOrigin: "node-b.test/tlog", logKey: signer.verifierKey.description, didDocument: "{}",
                    description: "{}", addedAt: 1_700_000_000_000))
            let status = try await client.execute(uri: "/federation/status", method: .get) { try JSONParser.parse(String(buffer: $0.body)) }
            let peers = try #require(status.objectValue?["peers"]?.arrayValue)
            #expect(peers.count == 1)
            #expect(peers.first?.objectValue?["baseURL"]?.stringValue == "https://node-b.test")
            #expect(peers.first?.objectValue?["addedAt"]?.stringValue == "2023-11-14T22:13:20.000Z")
            #expect(peers.first?.objectValue?["mirror"] == nil)
            // Once `junkan mirror` has a checkpoint of it, the peer's entry says which.
            let note = "node-b.test/tlog\n7\nroot\n\n— sig\n"
            try await tmp.store.commitMirror(
                node: "https://node-b.test", tiles: [:], checkpoint: StoredCheckpoint(size: 7, root: [], note: note, createdAt: 1_700_000_000_000),
                previousSize: nil)
            let mirrored = try await client.execute(uri: "/federation/status", method: .get) { try JSONParser.parse(String(buffer: $0.body)) }
            let mirror = mirrored.objectValue?["peers"]?.arrayValue?.first?.objectValue?["mirror"]?.objectValue
            #expect(mirror?["size"] == 7 && mirror?["checkpoint"]?.stringValue == note && mirror?["at"] == "2023-11-14T22:13:20.000Z")
        }
    }

    @Test func baseURLsAreKeptInOneForm() throws {
        #expect(try PeerURL.normalise("HTTPS://Example.COM:8443/a/b/") == "https://example.com:8443/a/b")
        #expect(try PeerURL.normalise("http://127.0.0.1:8080") == "http://127.0.0.1:8080")
        for bad in ["ftp://x.test", "http://", "http://u:p@x.test", "http://x.test/?q=1", "http://x.test/#f", "x.test", ""] {
            #expect(throws: NodeDescriptionError.self, "\(bad)") { try PeerURL.normalise(bad) }
        }
    }

    @Test(.temporaryStore) func aNodeWitnessingItsPeersRecordsTheForkOneShowsItAsASplitView() async throws {
        let tmp = try TemporaryStore.forTest()
        let peerLog = try NoteSigner(name: "node-b.test/tlog", privateKey: .init())
        let nodeWitness = try NoteSigner(name: "node-a.test:8080/witness", privateKey: .init())
        try await tmp.store.addPeer(
            Peer(
                baseURL: "https://node-b.test", logOrigin: peerLog.name, logKey: peerLog.verifierKey.description, didDocument: "{}",
                description: "{}", addedAt: 0))
        try await tmp.store.follow(origin: peerLog.name, key: peerLog.verifierKey)
        let app = Application(
            router: buildRouter(
                store: tmp.store, logKey: signer.verifierKey, passport: .init(baseURL: Self.base),
                peerWitness: PeerWitness(store: tmp.store, signer: nodeWitness, now: { 1_767_000_000 })))
        try await app.test(.router) { client in
            let d = try await client.execute(uri: "/.well-known/junkan-node", method: .get) { try JSONParser.parse(String(buffer: $0.body)) }
            let described = try NodeDescription(parsing: d)
            #expect(described.peerWitness == Cosignature.verifierKey(of: nodeWitness) && described.endpoints["peerWitness"] == Self.base + "/witness")
            func add(_ root: TreeHash) async throws -> HTTPResponse.Status {
                let note = try peerLog.sign(Checkpoint(origin: peerLog.name, size: 1, root: root).text)
                return try await client.execute(
                    uri: "/witness/add-checkpoint", method: .post, body: ByteBuffer(string: WitnessRequest(oldSize: 0, proof: [], note: note).body)
                ) { $0.status }
            }
            #expect(try await add(.leaf([1])) == .ok)
            // Another tree of the size already cosigned: refused, and the peer's split view.
            #expect(try await add(.leaf([2])) == .conflict)
            let status = try await client.execute(uri: "/federation/status", method: .get) { try JSONParser.parse(String(buffer: $0.body)) }
            let views = try #require(status.objectValue?["splitViews"]?.arrayValue)
            #expect(views.count == 1 && views.first?.objectValue?["node"] == "https://node-b.test")
            #expect(views.first?.objectValue?["previousCheckpoint"]?.stringValue?.contains(TreeHash.leaf([1]).base64) == true)

            // Another node that pinned both reads it there and checks the two checkpoints with B's key: recorded there
            // too, seen through this node's witness.
            let other = try await TemporaryStore()
            defer { other.remove() }
            let here = Peer(
                baseURL: Self.base, logOrigin: signer.name, logKey: signer.verifierKey.description, didDocument: "{}", description: "{}", addedAt: 0)
            try await other.store.addPeer(here)
            try await other.store.addPeer(
                Peer(
                    baseURL: "https://node-b.test", logOrigin: peerLog.name, logKey: peerLog.verifierKey.description, didDocument: "{}",
                    description: "{}", addedAt: 0))
            let get: FederatedTrace.Get = { url, _, _, _ in
                try await client.execute(uri: String(url.dropFirst(Self.base.count)), method: .get) {
                    PeerHTTP.Answer(status: Int($0.status.code), body: Array($0.body.readableBytesView))
                }
            }
            let relayed = try await PeerMirror(store: other.store, get: get).relay(from: here)
            #expect(relayed.count == 1 && relayed.first.map { if case .recorded(let node, _) = $0 { node == "https://node-b.test" } else { false } } == true)
            let theirs = try await other.store.splitViews()
            #expect(theirs.count == 1 && theirs.first?.why.contains("seen by \(Self.base)") == true)
            // Checked with B's key: both checkpoints verify, the earlier one as B signed it.
            for note in [theirs[0].previous, theirs[0].current] { #expect(throws: Never.self) { try Checkpoint.open(note, logKey: peerLog.verifierKey) } }
            // Seen once: the next round records nothing new.
            #expect(try await PeerMirror(store: other.store, get: get).relay(from: here).isEmpty)
        }
    }

    /// A split view a peer lists is never taken on its word: checkpoints another key signed, or of different sizes the
    /// mirror here cannot check, are not recorded.
    @Test func claimedSplitViewsAreCheckedBeforeTheyAreRecorded() async throws {
        let peerLog = try NoteSigner(name: "node-b.test/tlog", privateKey: .init())
        let impostor = try NoteSigner(name: "node-b.test/tlog", privateKey: .init())
        let note = { (s: NoteSigner, size: UInt64, leaf: UInt8) in try s.sign(Checkpoint(origin: peerLog.name, size: size, root: .leaf([leaf])).text) }
        let claims: [(String, String)] = [
            (try note(peerLog, 3, 1), try note(impostor, 3, 2)),  // one is not B's
            (try note(peerLog, 3, 1), try note(peerLog, 5, 2)),  // different sizes, no mirror here
            (try note(peerLog, 3, 1), try note(peerLog, 3, 1))  // one tree
        ]
        for (previous, current) in claims {
            let tmp = try await TemporaryStore()
            defer { tmp.remove() }
            let source = Peer(
                baseURL: "https://node-c.test", logOrigin: "node-c.test/tlog", logKey: signer.verifierKey.description, didDocument: "{}", description: "{}",
                addedAt: 0)
            try await tmp.store.addPeer(source)
            try await tmp.store.addPeer(
                Peer(
                    baseURL: "https://node-b.test", logOrigin: peerLog.name, logKey: peerLog.verifierKey.description, didDocument: "{}", description: "{}",
                    addedAt: 0))
            let status: JSONValue = [
                "baseURL": "https://node-c.test", "peers": [],
                "splitViews": [
                    [
                        "node": "https://node-b.test", "why": "trust me", "seenAt": "2026-01-01T00:00:00Z", "previousCheckpoint": .string(previous),
                        "currentCheckpoint": .string(current)
                    ]
                ]
            ]
            let get: FederatedTrace.Get = { _, _, _, _ in PeerHTTP.Answer(status: 200, body: Array(JSONWriter.string(status).utf8)) }
            let relayed = try await PeerMirror(store: tmp.store, get: get).relay(from: source)
            #expect(relayed.count == 1 && relayed.allSatisfy { if case .unconfirmed = $0 { true } else { false } }, "\(relayed)")
            #expect(try await tmp.store.splitViews().isEmpty)
        }
    }
}
