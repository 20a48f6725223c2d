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

/// Issue 27, item 3: trace walks continue into peers. Node A (a compounder, prefix 4012345) made lot C from V and the
/// recyclate R; node B (a molder) made part P from C. B's walk asks A for C's upstream, checks every event against A's
/// log, and answers as one node holding all the events would; what A sends that does not verify, or a peer that
/// cannot be asked, is a tombstone; a checkpoint of A that contradicts one B verified is a split view.
@Suite struct FederatedTraceTests {
    typealias T = TraceSamples
    static let a = "http://node-a.test"
    static let b = "http://node-b.test"
    static let part = "urn:epc:class:lgtin:4099999.012345.P"
    let signerA = try! NoteSigner(name: "node-a.test/tlog", privateKey: .init())
    let signerB = try! NoteSigner(name: "node-b.test/tlog", privateKey: .init())

    static let eventsA: [JSONValue] = TraceRouteTests.events
    static let eventsB: [JSONValue] = [
        [
            "type": "TransformationEvent", "eventTime": "2023-11-15T00:00:00.000Z", "eventTimeZoneOffset": "+09:00",
            "inputQuantityList": [["epcClass": .string(T.lot("C")), "quantity": 500, "uom": "KGM"]],
            "outputQuantityList": [["epcClass": .string(part), "quantity": 480, "uom": "KGM"]],
            "bizStep": "https://w3id.org/junkan/voc/BizStep-moulding", "junkan:ghgEmissions": 30
        ]
    ]

    /// Routes a peer's POST to the test client of node A, through `tamper` (what a bad peer, or the network, does).
    final class Transport: @unchecked Sendable {
        var client: (@Sendable (String, [UInt8], [String: String]) async throws -> PeerHTTP.Answer)?
        var tamper: @Sendable (PeerHTTP.Answer) throws -> PeerHTTP.Answer = { $0 }
        /// Changes a request's headers on the way (a forged signature).
        var tamperHeaders: @Sendable ([String: String]) -> [String: String] = { $0 }
        var requests = 0
        /// Node A's store, for a test that changes it while B walks.
        var storeA: (any NodeDatabase)?
        /// Every URL asked, in order.
        var urls: [String] = []
        /// Changes a GET's answer on the way (a resolver that links elsewhere, or fails), by path.
        var tamperGet: @Sendable (String, PeerHTTP.Answer) throws -> PeerHTTP.Answer = { $1 }
        /// GETs through the same client (a plain EPCIS peer's queries), with the Link header of each page.
        var getClient: (@Sendable (String, [String: String]) async throws -> PeerHTTP.Answer)?
        var get: FederatedTrace.Get {
            { url, headers, _, _ in
                self.requests += 1
                self.urls.append(url)
                guard url.hasPrefix(FederatedTraceTests.a), let get = self.getClient else { throw PeerHTTP.Failure.unreachable(url, "refused") }
                let path = String(url.dropFirst(FederatedTraceTests.a.count))
                return try self.tamperGet(path, try await get(path, headers))
            }
        }
        var post: FederatedTrace.Post {
            { url, body, headers, _, _ in
                self.requests += 1
                self.urls.append(url)
                guard url.hasPrefix(FederatedTraceTests.a), let client = self.client else { throw PeerHTTP.Failure.unreachable(url, "refused") }
                self.posts += 1
                let n = self.posts
                let answer = try self.tamper(try await client(String(url.dropFirst(FederatedTraceTests.a.count)), body, self.tamperHeaders(headers)))
                await self.holdAnswer?(n)
                return answer
            }
        }
        /// Graph questions sent, and what holds the answer to the n-th one on its way back (a slow link).
        var posts = 0
        var holdAnswer: (@Sendable (Int) async -> Void)?
    }

    /// Opens once; every waiter goes on then.
    actor Latch {
        var open = false
        var waiting: [CheckedContinuation<Void, Never>] = []
        func wait() async {
            if open { return }
            await withCheckedContinuation { waiting.append($0) }
        }
        func release() {
            open = true
            for w in waiting { w.resume() }
            waiting = []
        }
    }

    func capture(_ client: some TestClientProtocol, _ events: [JSONValue]) async throws {
        try await client.execute(
            uri: "/capture", method: .post, headers: TraceRouteTests.auth, body: ByteBuffer(string: JSONWriter.string(SampleEvents.document(events)))
        ) { #expect($0.status == .accepted) }
    }

    func get(_ client: some TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, JSONValue) {
        try await client.execute(uri: uri, method: .get) { r in (r.status, try JSONParser.parse(Array(r.body.readableBytesView))) }
    }

    /// Runs `body` with node A and node B (B peered with A, its walks going through `transport`), both logs integrated.
    /// `policy`: A's organisation's release policy; `signed`: whether B signs its requests; `eventsA`: what A captured.
    func withNodes(
        _ transport: Transport, freshness: Double = 0, policy: ReleasePolicy = .public, signed: Bool = true, eventsA: [JSONValue] = Self.eventsA,
        plain: Bool = false, plainEvents: String = Self.a + "/events", pact: Bool = false, grantB: Bool = false, writtenRelease: JSONValue? = nil,
        afterwards: (@Sendable (_ storeA: TemporaryStore) async throws -> Void)? = nil,
        alsoPeers: [String] = [], witnessOfA: NoteSigner? = nil,
        _ body: @Sendable (_ a: any TestClientProtocol, _ b: any TestClientProtocol, _ federation: FederatedTrace) async throws -> Void
    ) async throws {
        let storeA = try await TemporaryStore()
        let storeB = try await TemporaryStore()
        defer {
            storeA.remove()
            storeB.remove()
        }
        let org = try await storeA.organisation()
        try await storeA.store.addPrefix("4012345", organisationID: org.id)
        try await storeA.store.setReleasePolicy(organisationID: org.id, policy)
        let orgB = try await storeB.organisation()
        try await storeB.store.addPrefix("4099999", organisationID: orgB.id)
        let signer = signed ? FederatedTrace.Signer(keyID: DIDWeb.keyID(DIDWeb.did(baseURL: Self.b)), key: signerB.privateKey) : nil
        // With `pact`, A issued B a PACT client, and B keeps its credentials.
        let credentials = pact ? PeerPactFootprint.Credentials(clientID: "node-b", secret: "b-s3cret") : nil
        if pact { try await storeA.store.addPactClient(PactClient(id: "node-b", name: "Node B", secretHash: TokenHash.sha256Hex("b-s3cret"), createdAt: 0)) }
        let federation = FederatedTrace(
            peers: storeB.store, signer: signer, settings: .init(timeout: 5, freshness: freshness), post: transport.post, get: transport.get,
            pactCredentials: { $0 == Self.a ? credentials : nil })
        transport.storeA = storeA.store
        let appA = Application(
            router: buildRouter(
                store: storeA.store, logKey: signerA.verifierKey, passport: .init(baseURL: Self.a),
                witnessKeys: witnessOfA.map { [Cosignature.verifierKey(of: $0)] } ?? []))
        let appB = Application(
            router: buildRouter(store: storeB.store, logKey: signerB.verifierKey, passport: .init(baseURL: Self.b), federation: federation))
        try await appA.test(.router) { a in
            try await appB.test(.router) { b in
                transport.client = { path, body, headers in
                    var fields: HTTPFields = [.contentType: "application/json", HTTPField.Name("X-Forwarded-Proto")!: "https"]
                    for (k, v) in headers { fields[HTTPField.Name(k)!] = v }
                    return try await a.execute(uri: path, method: .post, headers: fields, body: ByteBuffer(bytes: body)) {
                        PeerHTTP.Answer(status: Int($0.status.code), body: Array($0.body.readableBytesView))
                    }
                }
                transport.getClient = { path, headers in
                    var fields: HTTPFields = [HTTPField.Name("X-Forwarded-Proto")!: "https"]
                    for (k, v) in headers { fields[HTTPField.Name(k)!] = v }
                    return try await a.execute(uri: path, method: .get, headers: fields) {
                        PeerHTTP.Answer(
                            status: Int($0.status.code), body: Array($0.body.readableBytesView),
                            headers: ["link": $0.headers[HTTPField.Name("Link")!] ?? "", "location": $0.headers[.location] ?? ""].filter {
                                !$0.value.isEmpty
                            })
                    }
                }
                try await capture(a, eventsA)
                if pact {
                    // A publishes lot C's footprint under C's own EPC URN.
                    let publish: JSONValue = ["id": .string(T.lot("C")), "fossilCarbonContent": "0", "productIds": [.string(T.lot("C"))]]
                    try await a.execute(
                        uri: "/footprints/publish", method: .post, headers: [.authorization: "Bearer test-token", .contentType: "application/json"],
                        body: ByteBuffer(string: JSONWriter.string(publish))
                    ) { #expect($0.status == .created, "\(String(buffer: $0.body))") }
                }
                try await capture(b, Self.eventsB)
                try await LogIntegrator(store: storeA.store, signer: signerA).integrate()
                try await LogIntegrator(store: storeB.store, signer: signerB).integrate()
                if plain {
                    // B knows A only as an EPCIS 2.0 interface: its prefix, its events endpoint, no log.
                    try await storeB.store.addPeer(PlainEPCISPeer.record(baseURL: Self.a, events: plainEvents, prefixes: ["4012345"], now: 0))
                    try await body(a, b, federation)
                    return
                }
                // Each pins the other, with the description it serves.
                for (store, client, url, signer) in [(storeB.store, a, Self.a, signerA), (storeA.store, b, Self.b, signerB)]
                    as [(any NodeStore, any TestClientProtocol, String, NoteSigner)]
                {
                    let description = try await client.execute(uri: "/.well-known/junkan-node", method: .get) { String(buffer: $0.body) }
                    try await store.addPeer(
                        Peer(
                            baseURL: url, logOrigin: signer.name, logKey: signer.verifierKey.description, didDocument: "{}", description: description,
                            addedAt: 0))
                }
                // Other nodes B knows, owning no prefix of these tests (a node a resolver may link to).
                for (k, url) in alsoPeers.enumerated() {
                    let other = try NoteSigner(name: "other-\(k).test/tlog", privateKey: .init())
                    let description = try await a.execute(uri: "/.well-known/junkan-node", method: .get) { String(buffer: $0.body) }
                        .replacingOccurrences(of: Self.a, with: url).replacingOccurrences(of: "4012345", with: "40999\(k)")
                        .replacingOccurrences(of: signerA.verifierKey.description, with: other.verifierKey.description)
                        .replacingOccurrences(of: signerA.name, with: other.name)
                        .replacingOccurrences(of: DIDWeb.did(baseURL: Self.a), with: DIDWeb.did(baseURL: url))
                    try await storeB.store.addPeer(
                        Peer(
                            baseURL: url, logOrigin: other.name, logKey: other.verifierKey.description, didDocument: "{}", description: description, addedAt: 0)
                    )
                }
                if grantB { try await storeA.store.setReleaseGrant(organisationID: org.id, node: Self.b, granted: true) }
                if let writtenRelease {
                    let p = try DSPPolicyBook.written(writtenRelease, target: "events")
                    try await storeA.store.putDatasetPolicy(
                        DatasetPolicyRecord(id: p.id, organisationID: org.id, role: .release, target: "events", policy: JSONWriter.string(p.json), createdAt: 0)
                    )
                }
                try await body(a, b, federation)
            }
        }
        try await afterwards?(storeA)
    }

    static func q(_ id: String) -> String { PercentEncoding.encode(id) }

    /// The event hashes of the steps and lots of a provenance tree, and the remote ones' marks.
    static func reached(_ tree: JSONValue) -> (hashes: Set<String>, marks: [JSONObject]) {
        var hashes = Set<String>(), marks: [JSONObject] = []
        func node(_ n: JSONObject) {
            if let lot = n["lot"]?.objectValue {
                hashes.insert(lot["eventHash"]?.stringValue ?? "")
                if lot["node"] != nil { marks.append(lot) }
            }
            for s in n["madeBy"]?.arrayValue ?? [] {
                guard let so = s.objectValue else { continue }
                hashes.insert(so["eventHash"]?.stringValue ?? "")
                if so["node"] != nil { marks.append(so) }
                for m in so["from"]?.arrayValue ?? [] { if let mo = m.objectValue { node(mo) } }
            }
        }
        if let root = tree.objectValue?["root"]?.objectValue { node(root) }
        return (hashes, marks)
    }

    @Test func theWalkContinuesIntoThePeerAndGivesOneNodesNumbers() async throws {
        let transport = Transport()
        try await withNodes(transport) { _, b, _ in
            let (status, up) = try await get(b, "/trace/upstream?id=" + Self.q(Self.part))
            #expect(status == .ok)
            let (hashes, marks) = Self.reached(up)
            // P's step here; C's, R's and their lots' (V, W) at A: two steps and two creating events.
            #expect(hashes.count == 5 && marks.count == 4, "\(hashes.count) events, \(marks.count) remote")
            #expect(marks.allSatisfy { $0["node"] == .string(Self.a) && $0["verified"] == true && $0["logOrigin"] == .string(signerA.name) })
            #expect(up.objectValue?["tombstones"] == nil)
            // Discovery through A's resolver (C's linkset, its junkan:trace link to A), then one question for the one hop.
            #expect(transport.urls == [Self.a + "/01/04012345123456/10/C?linkType=junkan:trace", Self.a + "/federation/trace"], "\(transport.urls)")

            // The footprint over both nodes is the footprint of one graph holding every event.
            let (_, f) = try await get(b, "/trace/footprint?id=" + Self.q(Self.part))
            let one = try T.graph(Self.eventsA + Self.eventsB)
            let expected = try #require(FootprintCalculator(graph: one).footprint(of: CBVCanonical.identifier(Self.part)))
            let perKg = try #require(f.objectValue?["kgCO2ePerKg"]?.numberValue?.doubleValue)
            #expect(abs(perKg - expected.kgCO2ePerKg) < 1e-12 && perKg > 1)
            #expect(f.objectValue?["recycledContent"]?.objectValue?["postConsumer"]?.numberValue?.doubleValue == expected.recycledContent.postConsumer)
        }
    }

    @Test func anEventChangedAfterCaptureIsATombstoneAndTheRestStands() async throws {
        let transport = Transport()
        // The peer's stored JSON was edited: the step that made C now claims far less CO2.
        transport.tamper = { answer in
            let text = String(decoding: answer.body, as: UTF8.self).replacingOccurrences(of: "\"junkan:ghgEmissions\":100", with: "\"junkan:ghgEmissions\":1")
            return PeerHTTP.Answer(status: answer.status, body: Array(text.utf8))
        }
        try await withNodes(transport) { _, b, _ in
            let (status, up) = try await get(b, "/trace/upstream?id=" + Self.q(Self.part))
            #expect(status == .ok)
            let stones = try #require(up.objectValue?["tombstones"]?.arrayValue)
            #expect(stones.count == 1)
            #expect(stones.first?.objectValue?["reason"]?.stringValue?.contains("changed after capture") == true)
            #expect(stones.first?.objectValue?["node"] == .string(Self.a) && stones.first?.objectValue?["eventHash"] != nil)
            // The edited step is not used (it was A's only link to V and R), and the footprint shows the gap with it.
            let (hashes, _) = Self.reached(up)
            #expect(!hashes.contains(stones.first?.objectValue?["eventHash"]?.stringValue ?? ""))
            let (fs, f) = try await get(b, "/trace/footprint?id=" + Self.q(Self.part))
            #expect(fs == .ok && f.objectValue?["tombstones"]?.arrayValue?.count == 1)
        }
    }

    @Test func aPeerThatCannotBeAskedIsATombstoneNotAnError() async throws {
        let transport = Transport()
        transport.tamper = { _ in throw PeerHTTP.Failure.timeout("http://node-a.test/federation/trace", seconds: 5) }
        try await withNodes(transport) { _, b, _ in
            let (status, up) = try await get(b, "/trace/upstream?id=" + Self.q(Self.part))
            #expect(status == .ok)
            let stone = try #require(up.objectValue?["tombstones"]?.arrayValue?.first?.objectValue)
            #expect(stone["node"] == .string(Self.a) && stone["ids"] == .array([.string(CBVCanonical.identifier(T.lot("C")))]))
            #expect(stone["reason"]?.stringValue?.contains("did not answer within 5") == true)
            // An identifier only the unreachable peer could know: 404 naming why.
            let (missing, problem) = try await get(b, "/trace/upstream?id=" + Self.q(T.lot("V")))
            #expect(missing == .notFound && problem.objectValue?["detail"]?.stringValue?.contains("not answered") == true)
        }
    }

    @Test func aCheckpointThatContradictsOneVerifiedIsASplitView() async throws {
        let transport = Transport()
        try await withNodes(transport) { _, b, federation in
            #expect(try await get(b, "/trace/upstream?id=" + Self.q(Self.part)).0 == .ok)
            // A now serves another tree of the same size, signed with its key: a fork.
            let signer = signerA
            transport.tamper = { answer in
                guard var o = try JSONParser.parse(answer.body).objectValue, let note = o["checkpoint"]?.stringValue else { return answer }
                let (cp, _) = try Checkpoint.open(note, logKey: signer.verifierKey)
                o["checkpoint"] = .string(try signer.sign(Checkpoint(origin: cp.origin, size: cp.size, root: .leaf([1, 2, 3])).text))
                return PeerHTTP.Answer(status: 200, body: JSONWriter.bytes(.object(o)))
            }
            let (status, up) = try await get(b, "/trace/upstream?id=" + Self.q(Self.part))
            #expect(status == .ok)
            #expect(up.objectValue?["tombstones"]?.arrayValue?.first?.objectValue?["reason"]?.stringValue?.contains("split view") == true)
            let views = try await federation.splitViews()
            #expect(views.count == 1 && views.first?.node == Self.a && views.first?.previous != views.first?.current)
            let (_, status2) = try await get(b, "/federation/status")
            #expect(status2.objectValue?["splitViews"]?.arrayValue?.count == 1)
            let metrics = try await b.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            #expect(metrics.contains("junkan_federation_split_views 1") && metrics.contains("junkan_federation_peers 1"), "\(metrics)")
            // A's steps, from answers that verified before the fork, are now marked unverified (the split view is stored).
            transport.tamper = { $0 }
            let (_, again) = try await get(b, "/trace/upstream?id=" + Self.q(Self.part))
            let marks = Self.reached(again).marks
            #expect(!marks.isEmpty && marks.allSatisfy { $0["verified"] == false })
        }
    }

    @Test func verifiedAnswersAreReusedWhileFresh() async throws {
        let transport = Transport()
        try await withNodes(transport, freshness: 60) { _, b, _ in
            let first = try await get(b, "/trace/upstream?id=" + Self.q(Self.part)).1
            let second = try await get(b, "/trace/upstream?id=" + Self.q(Self.part)).1
            #expect(first == second && transport.requests == 2)
        }
    }

    /// A's resolver as another node would find it: a linkset whose junkan:trace link names some node.
    static func linkset(to node: String) -> PeerHTTP.Answer {
        let set: JSONValue = [
            "linkset": [
                [
                    "anchor": .string(T.lot("C")),
                    .init(stringLiteral: ResolverLink.junkanVocabulary + "trace"): [["href": .string(node + "/trace/upstream?id=C"), "title": "t"]]
                ]
            ]
        ]
        return PeerHTTP.Answer(status: 200, body: Array(JSONWriter.string(set).utf8))
    }

    @Test func eachNodesResolverLinksTheLotsItsStepsName() async throws {
        try await withNodes(Transport()) { a, _, _ in
            // Every lot or item A's steps name has a passport at A, and with it the links to its events and its trace graph.
            let r = try await a.execute(uri: "/01/04012345123456/10/C?linkType=all", method: .get) { ($0.status, String(buffer: $0.body)) }
            let anchor = try #require(try JSONParser.parse(Array(r.1.utf8)).objectValue?["linkset"]?.arrayValue?.first?.objectValue)
            let trace = (anchor[ResolverLink.junkanVocabulary + "trace"]?.arrayValue ?? []).compactMap { $0.objectValue?["href"]?.stringValue }
            #expect(r.0 == .ok && trace.first == Self.a + "/trace/upstream?id=" + Self.q("https://id.gs1.org/01/04012345123456/10/C"), "\(r.1)")
            #expect(anchor[ResolverLink.vocabulary + "epcis"] != nil)
            // What another node's walk asks: the junkan:trace link as a redirect, the same link the linkset lists.
            let link = try await a.execute(uri: "/01/04012345123456/10/C?linkType=junkan:trace", method: .get) { ($0.status, $0.headers[.location]) }
            #expect(link.0 == .temporaryRedirect && link.1 == trace.first)
            // The GS1 redirect for one link type, and nothing for a lot no step names.
            let epcis = try await a.execute(uri: "/01/04012345123456/10/C?linkType=gs1:epcis", method: .get) { ($0.status, $0.headers[.location]) }
            #expect(epcis.0 == .temporaryRedirect && epcis.1?.hasPrefix(Self.a + "/events?MATCH_anyEPCClass=") == true)
            #expect(try await a.execute(uri: "/01/04012345123456/10/NOPE?linkType=all", method: .get) { $0.status } == .notFound)
        }
    }

    @Test func theOwnersResolverSaysWhichNodeToAsk() async throws {
        // The link names another registered node: that node is asked (here it cannot be reached: its tombstone).
        let elsewhere = "http://node-c.test"
        let transport = Transport()
        transport.tamperGet = { path, answer in path.hasPrefix("/01/") ? Self.linkset(to: elsewhere) : answer }
        try await withNodes(transport, alsoPeers: [elsewhere]) { _, b, _ in
            let (status, up) = try await get(b, "/trace/upstream?id=" + Self.q(Self.part))
            let stones = up.objectValue?["tombstones"]?.arrayValue ?? []
            #expect(status == .ok && stones.count == 1 && stones[0].objectValue?["node"] == .string(elsewhere), "\(stones)")
            #expect(transport.urls.last == elsewhere + "/federation/trace")
        }
        // The link names a node that is no peer: a tombstone saying so, and no question sent anywhere.
        let unregistered = Transport()
        unregistered.tamperGet = { path, answer in path.hasPrefix("/01/") ? Self.linkset(to: "http://stranger.test") : answer }
        try await withNodes(unregistered, freshness: 60) { _, b, _ in
            for walk in 0..<2 {
                let (_, up) = try await get(b, "/trace/upstream?id=" + Self.q(Self.part))
                let stones = up.objectValue?["tombstones"]?.arrayValue ?? []
                #expect(stones.count == 1 && stones[0].objectValue?["reason"]?.stringValue?.contains("not a registered peer") == true, "\(stones)")
                #expect(unregistered.urls.allSatisfy { !$0.hasSuffix("/federation/trace") })
                // The second walk takes the lookup from the first (no request), and still says so.
                #expect(unregistered.urls.count == 1, "walk \(walk): \(unregistered.urls)")
            }
        }
        // The resolver knows nothing of C (404): nothing to ask, no tombstone. It fails (500): A is asked directly.
        for (code, asked) in [(404, false), (500, true)] {
            let t = Transport()
            t.tamperGet = { path, answer in path.hasPrefix("/01/") ? PeerHTTP.Answer(status: code, body: []) : answer }
            try await withNodes(t) { _, b, _ in
                let (status, up) = try await get(b, "/trace/upstream?id=" + Self.q(Self.part))
                #expect(status == .ok && up.objectValue?["tombstones"] == nil)
                #expect(t.urls.contains(Self.a + "/federation/trace") == asked && Self.reached(up).marks.count == (asked ? 4 : 0), "\(code)")
            }
        }
    }

    /// A peer that names witnesses, answering against a checkpoint none of them has cosigned yet: its steps are used
    /// but not kept, so the next walk asks again and gets the cosigned checkpoint once there is one.
    @Test func answersAwaitingThePeersWitnessesAreAskedAgain() async throws {
        let transport = Transport()
        let witness = try NoteSigner(name: "witness.test", privateKey: .init())
        try await withNodes(transport, freshness: 60, witnessOfA: witness) { _, b, _ in
            func trace() async throws -> Int {
                _ = try await get(b, "/trace/upstream?id=" + Self.q(Self.part))
                return transport.urls.filter { $0.hasSuffix("/federation/trace") }.count
            }
            #expect(try await trace() == 1)
            #expect(try await trace() == 2, "an uncosigned answer is not reused")
            // A's witness cosigns A's checkpoint: the next answer carries it, and is reused from then on.
            let storeA = try #require(transport.storeA)
            let latest = try #require(try await storeA.latestCheckpoint())
            let text = try SignedNote(parsing: latest.note).text
            let line = try Cosignature.line(signer: witness, checkpointText: text, time: 1_767_000_000).line
            try await storeA.addCosignatures(size: latest.size, lines: [witness.name: line])
            #expect(try await trace() == 3)
            #expect(try await trace() == 3, "a cosigned answer is reused while fresh")
        }
    }

    /// Two walks at once, A's log growing between them: the first one's answer, older than the checkpoint the second
    /// verified meanwhile, is asked again from that one, not refused as a rollback (nor taken as a split view).
    @Test func concurrentWalksDoNotMistakeAGrowingLogForARollback() async throws {
        let transport = Transport()
        let latch = Latch()
        let signerA = signerA
        transport.holdAnswer = { n in if n == 1 { await latch.wait() } }
        try await withNodes(transport) { _, b, _ in
            async let first = get(b, "/trace/upstream?id=" + Self.q(Self.part))
            while transport.posts < 1 { try await Task.sleep(for: .milliseconds(5)) }
            // A logs more while the first answer is on its way; the second walk verifies A's larger checkpoint.
            let storeA = try #require(transport.storeA)
            let org = try #require(try await storeA.organisations().first)
            _ = try await CaptureService(store: storeA).capture(
                SampleEvents.document([SampleEvents.objectEvent(7)]), organisation: org, behaviour: .rollback, jobID: "more")
            try await LogIntegrator(store: storeA, signer: signerA).integrate()
            let second = try await get(b, "/trace/upstream?id=" + Self.q(Self.part))
            #expect(second.0 == .ok && second.1.objectValue?["tombstones"] == nil)
            await latch.release()
            let (status, up) = try await first
            #expect(status == .ok && up.objectValue?["tombstones"] == nil && Self.reached(up).marks.count == 4, "\(up.objectValue?["tombstones"] ?? .null)")
            #expect(transport.posts == 3, "the first walk asked once more, from the checkpoint the second verified")
            let (_, status2) = try await get(b, "/federation/status")
            #expect(status2.objectValue?["splitViews"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test func badGraphQuestionsAreProblems() async throws {
        let transport = Transport()
        try await withNodes(transport) { a, _, _ in
            let cases: [(String, HTTPResponse.Status)] = [
                ("{\"direction\":\"sideways\",\"ids\":[\"x\"]}", .badRequest), ("{\"direction\":\"upstream\",\"ids\":[]}", .badRequest),
                ("{\"direction\":\"upstream\",\"ids\":[1]}", .badRequest), ("{\"direction\":\"upstream\",\"ids\":[\"x\"],\"depth\":-1}", .badRequest),
                ("{\"direction\":\"upstream\",\"ids\":[\"x\"],\"since\":1.5}", .badRequest), ("[]", .badRequest), ("nope", .badRequest)
            ]
            for (body, expected) in cases {
                try await a.execute(
                    uri: "/federation/trace", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)
                ) { #expect($0.status == expected, "\(body)") }
            }
            // An identifier A never saw is listed as unknown, not an error.
            try await a.execute(
                uri: "/federation/trace", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: "{\"direction\":\"upstream\",\"ids\":[\"urn:epc:class:lgtin:4012345.012345.NONE\"],\"since\":1000}")
            ) { r in
                #expect(r.status == .ok)
                let answer = try PeerGraphAnswer(parsing: try JSONParser.parse(Array(r.body.readableBytesView)))
                #expect(answer.entries.isEmpty && answer.unknown.count == 1 && answer.consistencyProof == nil)
            }
        }
    }

    /// A ships lot C to B's organisation (a destination under B's prefix).
    static let shipment: JSONValue = [
        "type": "ObjectEvent", "action": "OBSERVE", "eventTime": "2023-11-14T23:00:00.000Z", "eventTimeZoneOffset": "+09:00", "epcList": [],
        "quantityList": [["epcClass": .string(T.lot("C")), "quantity": 500, "uom": "KGM"]], "bizStep": "shipping",
        "destinationList": [["type": "owning_party", "destination": "urn:epc:id:pgln:4099999.00000"]]
    ]

    static func withheld(_ up: JSONValue) -> Int {
        (up.objectValue?["tombstones"]?.arrayValue ?? []).filter { $0.objectValue?["reason"]?.stringValue?.contains("release policy") == true }.count
    }

    @Test(arguments: [ReleasePolicy.partners, .receivers, .private])
    func unsignedRequestsGetOnlyWhatIsPublic(_ policy: ReleasePolicy) async throws {
        // Nothing released, nothing recorded; an anonymous request never grows the log.
        let none: @Sendable (TemporaryStore) async throws -> Void = { storeA in
            let records = try await storeA.store.releaseRecords(from: 0, limit: 10)
            #expect(records.isEmpty)
        }
        try await withNodes(Transport(), policy: policy, signed: false, eventsA: Self.eventsA + [Self.shipment], afterwards: none) { _, b, _ in
            let (status, up) = try await get(b, "/trace/upstream?id=" + Self.q(Self.part))
            #expect(status == .ok && Self.reached(up).marks.isEmpty && Self.withheld(up) > 0)
        }
    }

    @Test func partnersReleaseToASignedPeer() async throws {
        let signerA = signerA
        try await withNodes(
            Transport(), policy: .partners,
            afterwards: { storeA in
                // The release is recorded at A, who, what and when, as a leaf of A's log that A's audit checks.
                let records = try await storeA.store.releaseRecords(from: 0, limit: 10)
                let org = try #require(try await storeA.store.organisations().first).id
                #expect(records.count == 1 && records.first?.requester == Self.b && records.first?.organisations == [org])
                let record = try #require(records.first)
                #expect(record.eventHashes.count == 4 && record.leafIndex == UInt64(Self.eventsA.count))
                #expect(try await storeA.store.leaves(from: record.leafIndex!, limit: 1) == [try record.leaf.bytes])
                try await LogIntegrator(store: storeA.store, signer: signerA).integrate()
                let report = try await LogAudit(store: storeA.store, logKey: signerA.verifierKey).run()
                #expect(report.findings.isEmpty && report.releases == 1, "\(report.findings)")
            }
        ) { _, b, _ in
            let (_, up) = try await get(b, "/trace/upstream?id=" + Self.q(Self.part))
            #expect(Self.reached(up).marks.count == 4 && Self.withheld(up) == 0)
        }
    }

    @Test func receiversReleaseOnlyToTheNodeThatReceivedTheLot() async throws {
        // B never received C from A: withheld, and the footprint shows the gap.
        try await withNodes(Transport(), policy: .receivers) { _, b, _ in
            let (_, up) = try await get(b, "/trace/upstream?id=" + Self.q(Self.part))
            // The two steps and the two creating events at A.
            #expect(Self.reached(up).marks.isEmpty && Self.withheld(up) == 4)
            let (_, f) = try await get(b, "/trace/footprint?id=" + Self.q(Self.part))
            #expect(Self.withheld(f) == 4)
        }
        // A granted B's node its events by name: released without a shipment.
        try await withNodes(Transport(), policy: .receivers, grantB: true) { _, b, _ in
            let (_, up) = try await get(b, "/trace/upstream?id=" + Self.q(Self.part))
            #expect(Self.reached(up).marks.count == 4 && Self.withheld(up) == 0)
        }
        // A shipped C to B's organisation: C's upstream is released to B.
        try await withNodes(Transport(), policy: .receivers, eventsA: Self.eventsA + [Self.shipment]) { _, b, _ in
            let (_, up) = try await get(b, "/trace/upstream?id=" + Self.q(Self.part))
            #expect(Self.reached(up).marks.count == 4 && Self.withheld(up) == 0)
        }
    }

    /// A release policy written in ODRL takes the named one's place (docs/federation.md): evaluated for the requester's
    /// DIDs (B's node), its groups and the time; the named ones are its shorthands.
    @Test func aReleasePolicyWrittenInODRLDecidesForTheRequester() async throws {
        func only(_ op: String, _ did: String) -> JSONValue {
            [
                "@id": "urn:junkan:release:test", "@type": "Set",
                "permission": [["action": "use", "constraint": [["leftOperand": "junkan:requester", "operator": .string(op), "rightOperand": .string(did)]]]]
            ]
        }
        try await withNodes(Transport(), policy: .private, writtenRelease: only("eq", DIDWeb.did(baseURL: Self.b))) { _, b, _ in
            let (_, up) = try await get(b, "/trace/upstream?id=" + Self.q(Self.part))
            #expect(Self.reached(up).marks.count == 4 && Self.withheld(up) == 0)
        }
        try await withNodes(Transport(), policy: .public, writtenRelease: only("neq", DIDWeb.did(baseURL: Self.b))) { _, b, _ in
            let (_, up) = try await get(b, "/trace/upstream?id=" + Self.q(Self.part))
            #expect(Self.reached(up).marks.isEmpty && Self.withheld(up) == 4)
        }
        // The named policies are the ODRL they stand for.
        #expect(ReleasePolicy.partners.odrl.permissions.first?.constraints == [.atomic(.memberOf, .eq, [ReleasePolicy.peersGroup])])
        #expect(ReleasePolicy.private.odrl.evaluate(ODRLContext(requester: [], now: 0)) != .permitted)
        #expect(ReleasePolicy.receivers.odrl.evaluate(ODRLContext(requester: [], now: 0, receiver: true)) == .permitted)
        #expect(ReleasePolicy.receivers.odrl.mentions(.receiver) && !ReleasePolicy.partners.odrl.mentions(.receiver))
    }

    @Test func aSignatureThatDoesNotVerifyIsRefused() async throws {
        let transport = Transport()
        transport.tamperHeaders = { headers in
            var h = headers
            h["Content-Digest"] = HTTPMessageSignature.contentDigest(Array("something else".utf8))
            return h
        }
        try await withNodes(transport, policy: .partners) { _, b, _ in
            let (status, up) = try await get(b, "/trace/upstream?id=" + Self.q(Self.part))
            let reason = up.objectValue?["tombstones"]?.arrayValue?.first?.objectValue?["reason"]?.stringValue ?? ""
            #expect(status == .ok && reason.contains("refused (HTTP 401)") && reason.contains("Content-Digest"), "\(reason)")
        }
    }

    @Test func thePassportCarriesThePeersStepsEachProvenInItsOwnNodesLog() async throws {
        try await withNodes(Transport()) { _, b, _ in
            let path = "/passports" + CBVCanonical.identifier(Self.part).replacingOccurrences(of: "https://id.gs1.org", with: "")
            let json = try await b.execute(uri: path + "?format=json", method: .get) { try JSONParser.parse(String(buffer: $0.body)) }
            let entries = try #require(json.objectValue?["trail"]?.arrayValue)
            let trail = entries.compactMap { $0.objectValue }
            let remote = trail.filter { $0["node"] == .string(Self.a) }
            // A's two steps and two creating events, each with a proof in A's log; B's moulding step with none of that.
            #expect(remote.count == 4 && remote.allSatisfy { $0["logProof"]?.stringValue?.contains(signerA.name) == true })
            #expect(trail.count == 5 && trail.filter { $0["node"] == nil }.count == 1)
            let page = try await b.execute(uri: path, method: .get, headers: [.accept: "text/html"]) { String(buffer: $0.body) }
            #expect(page.contains("Vouched for by the node <a href=\"\(Self.a)\">"))

            // Offline: the peers' steps verify with A's key, B's with B's; with B's key alone, each of A's names its log.
            let credential = try await b.execute(uri: path, method: .get, headers: [.accept: "application/ld+json"]) { String(buffer: $0.body) }
            let both = PassportVerifier(didDocument: nil, logKeys: [signerA.verifierKey, signerB.verifierKey]).verify(credential)
            let peers = both.filter { $0.subject.hasPrefix("peer[") }
            #expect(peers.count == 4 && peers.allSatisfy(\.ok), "\(peers)")
            let onlyB = PassportVerifier(didDocument: nil, logKey: signerB.verifierKey).verify(credential).filter { $0.subject.hasPrefix("peer[") }
            #expect(onlyB.count == 4 && onlyB.allSatisfy { !$0.ok && $0.detail.contains("no --log-key was given for it") })
        }
    }

    @Test func aPlainEPCISPeerIsWalkedWithStandardQueriesAndItsStepsAreUnverified() async throws {
        let transport = Transport()
        try await withNodes(transport, plain: true) { _, b, _ in
            let (status, up) = try await get(b, "/trace/upstream?id=" + Self.q(Self.part))
            #expect(status == .ok && up.objectValue?["tombstones"] == nil, "\(up.objectValue?["tombstones"] ?? .null)")
            let marks = Self.reached(up).marks
            // The same four events of A as through its federation endpoint, but nothing proves them.
            #expect(
                marks.count == 4
                    && marks.allSatisfy { $0["verified"] == false && $0["leafIndex"] == nil && $0["logOrigin"] == nil && $0["node"] == .string(Self.a) })
            // The same numbers as one graph holding every event.
            let (_, f) = try await get(b, "/trace/footprint?id=" + Self.q(Self.part))
            let one = try T.graph(Self.eventsA + Self.eventsB)
            let expected = try #require(FootprintCalculator(graph: one).footprint(of: CBVCanonical.identifier(Self.part)))
            #expect(abs((f.objectValue?["kgCO2ePerKg"]?.numberValue?.doubleValue ?? 0) - expected.kgCO2ePerKg) < 1e-12)
            let (_, status2) = try await get(b, "/federation/status")
            #expect(status2.objectValue?["peers"]?.arrayValue?.first?.objectValue?["kind"] == "epcis")
            // Its resolver was asked for C's gs1:epcis link first (GS1's federated EPCIS pattern).
            #expect(transport.urls.first == Self.a + "/01/04012345123456/10/C?linkType=gs1:epcis", "\(transport.urls)")
        }
        // Registered with an endpoint it has since moved: the resolver's gs1:epcis link says where its events are now.
        let moved = Transport()
        try await withNodes(moved, plain: true, plainEvents: Self.a + "/old-events") { _, b, _ in
            let (status, up) = try await get(b, "/trace/upstream?id=" + Self.q(Self.part))
            #expect(status == .ok && up.objectValue?["tombstones"] == nil && Self.reached(up).marks.count == 4, "\(up)")
            #expect(!moved.urls.contains { $0.contains("/old-events") })
        }
    }

    @Test func aPeersPACTFootprintStandsInForStepsItDoesNotRelease() async throws {
        // A releases nothing (private), but publishes C's footprint: B uses it as C's factor, as the supplier's primary data.
        try await withNodes(Transport(), policy: .private, pact: true) { _, b, _ in
            let (status, f) = try await get(b, "/trace/footprint?id=" + Self.q(Self.part))
            #expect(status == .ok)
            let boundary = try #require(f.objectValue?["boundaryFactors"]?.arrayValue?.first?.objectValue)
            #expect(boundary["id"] == .string(CBVCanonical.identifier(T.lot("C"))) && boundary["node"] == .string(Self.a))
            // The same number as one graph holding every event: A's footprint of C is what its steps give.
            let one = try T.graph(Self.eventsA + Self.eventsB)
            let expected = try #require(FootprintCalculator(graph: one).footprint(of: CBVCanonical.identifier(Self.part)))
            let perKg = try #require(f.objectValue?["kgCO2ePerKg"]?.numberValue?.doubleValue)
            #expect(abs(perKg - expected.kgCO2ePerKg) < 1e-6, "\(perKg) against \(expected.kgCO2ePerKg)")
            // Primary data: B's own step and A's PACT footprint, so all of it.
            #expect(f.objectValue?["primaryDataShare"]?.numberValue?.doubleValue == 1)
            let (_, up) = try await get(b, "/trace/upstream?id=" + Self.q(Self.part))
            let from = up.objectValue?["root"]?.objectValue?["madeBy"]?.arrayValue?.first?.objectValue?["from"]?.arrayValue?.first?.objectValue
            #expect(from?["lot"]?.objectValue?["pactFootprint"] != nil)
        }
        // Without the credentials: the gap, no factor.
        try await withNodes(Transport(), policy: .private) { _, b, _ in
            let (_, f) = try await get(b, "/trace/footprint?id=" + Self.q(Self.part))
            #expect(f.objectValue?["boundaryFactors"] == nil && Self.withheld(f) == 4)
        }
    }
}
