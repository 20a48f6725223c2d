import Crypto
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanLedger
import JunkanNode
import JunkanSQLite
import JunkanServer
import JunkanStore
import JunkanTestSupport
import Testing

/// The log through the real router: capture → integrate → checkpoint, tiles and proofs that verify with the
/// published key; organisations that sign their own captures; the audit on intact and tampered databases.
@Suite struct LogRouteTests {
    static let auth: HTTPFields = [.authorization: "Bearer test-token", .contentType: "application/ld+json"]
    let signer = try! NoteSigner(name: "test.example/log", privateKey: .init())

    func capture(_ client: some TestClientProtocol, _ events: [JSONValue], headers: HTTPFields = auth) async throws -> HTTPResponse.Status {
        try await client.execute(
            uri: "/capture", method: .post, headers: headers,
            body: ByteBuffer(string: JSONWriter.string(SampleEvents.document(events)))
        ) { $0.status }
    }

    @Test(.temporaryStore) func capturedEventsGetVerifiableProofsCheckpointsAndTiles() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        let integrator = LogIntegrator(store: tmp.store, signer: signer)
        let app = tmp.application(logKey: signer.verifierKey)
        try await app.test(.router) { client in
            let events = (0..<300).map { SampleEvents.objectEvent($0) }
            #expect(try await capture(client, events) == .accepted)
            let hash = try EventHash.Hasher(context: SampleEvents.context).hash(event: events[7])
            let uri = "/tlog/proof?eventHash=" + PercentEncoding.encode(hash)
            // Sequenced but not yet integrated: 404 with Retry-After, never a 5xx.
            try await client.execute(uri: uri, method: .get) { r in
                #expect(r.status == .notFound)
                #expect(r.headers[.retryAfter] == "1")
            }
            let signed = try await integrator.integrate()
            #expect(signed.map(\.size) == [0, 300])
            let note = try await client.execute(uri: "/tlog/checkpoint", method: .get) { String(buffer: $0.body) }
            let (checkpoint, _) = try Checkpoint.open(note, logKey: signer.verifierKey)
            #expect(checkpoint.size == 300)
            #expect(try await client.execute(uri: "/tlog/key", method: .get) { String(buffer: $0.body) } == signer.verifierKey.description + "\n")

            let text = try await client.execute(uri: uri, method: .get) { String(buffer: $0.body) }
            let proof = try TlogProof(parsing: text)
            try proof.verify(leafHash: .leaf(proof.extra!), logKey: signer.verifierKey)
            let leaf = try CaptureLeaf(parsing: proof.extra!)
            #expect(leaf.eventHashURI == hash)
            let org = try #require(try await tmp.store.organisation(tokenHash: TokenHash.sha256Hex("test-token")))
            #expect(leaf.verifySignature(publicKey: try Ed25519Seed.publicKey(org.key.publicKey)))
            #expect(proof.index == 7)

            let json = try await client.execute(uri: uri + "&format=json", method: .get) { try JSONParser.parse(String(buffer: $0.body)).objectValue! }
            #expect(json["index"]?.numberValue?.literal == "7")
            #expect(json["tlogProof"]?.stringValue == text)

            // Tiles: level 0 tile 0 is the first 256 leaf hashes; the partial tile of width 44 follows.
            let leaves = try await tmp.store.leaves(from: 0, limit: 1000)
            let tile0 = try await client.execute(uri: "/tlog/tile/0/000", method: .get) { r in
                #expect(r.headers[.cacheControl]?.contains("immutable") == true)
                return Array(r.body.readableBytesView)
            }
            #expect(tile0 == leaves[..<256].flatMap { TreeHash.leaf($0).bytes })
            try await client.execute(uri: "/tlog/tile/0/001.p/44", method: .get) { r in #expect(r.body.readableBytes == 44 * 32) }
            try await client.execute(uri: "/tlog/tile/entries/001.p/44", method: .get) { r in
                let decoded = try EntryBundle.decode(Array(r.body.readableBytesView))
                #expect(decoded == Array(leaves[256...]))
            }
            for bad in [
                "/tlog/tile/0/001", "/tlog/tile/0/001.p/45", "/tlog/tile/0/1", "/tlog/tile/x/000", "/tlog/tile/0/000.p/0",
                "/tlog/tile/0/x999/x999/x999/x999/x999/x999/999", "/tlog/tile/entries/x018/x446/x744/x073/x709/x551/615"
            ] {
                try await client.execute(uri: bad, method: .get) { r in #expect(r.status == .notFound, "\(bad)") }
            }
            try await client.execute(uri: "/tlog/proof", method: .get) { r in #expect(r.status == .badRequest) }
            try await client.execute(uri: "/tlog/proof?eventHash=nope", method: .get) { r in #expect(r.status == .notFound) }
        }
        let report = try await LogAudit(store: tmp.store, logKey: signer.verifierKey).run()
        #expect(report.findings.isEmpty, "\(report.findings)")
        #expect(report.events == 300 && report.leaves == 300 && report.checkpoints == 2)
    }

    @Test(.temporaryStore) func organisationsWithTheirOwnKeyMustSignTheirCaptures() async throws {
        let tmp = try TemporaryStore.forTest()
        let key = Curve25519.Signing.PrivateKey()
        let org = try await tmp.store.addOrganisation(
            name: "Self", tokenHash: TokenHash.sha256Hex("test-token"),
            key: .own(publicKey: Array(key.publicKey.rawRepresentation)))
        let app = tmp.application(logKey: signer.verifierKey)
        try await app.test(.router) { client in
            let events = (0..<3).map { SampleEvents.objectEvent($0) }
            #expect(try await capture(client, events) == .unauthorized)
            var headers = Self.auth
            headers[HTTPField.Name("Junkan-Capture-Signature")!] = Base64.encode(Array(repeating: UInt8(1), count: 64))
            #expect(try await capture(client, events) == .unauthorized)
            #expect(try await capture(client, events, headers: headers) == .forbidden)
            let hasher = EventHash.Hasher(context: SampleEvents.context)
            let statement = CaptureStatement.text(organisationID: org.id, eventHashes: try events.map { try hasher.hash(event: $0) })
            headers[HTTPField.Name("Junkan-Capture-Signature")!] = Base64.encode(try key.signature(for: Array(statement.utf8)))
            #expect(try await capture(client, events, headers: headers) == .accepted)
        }
        #expect(try await tmp.store.eventCount() == 3)
        try await LogIntegrator(store: tmp.store, signer: signer).integrate()
        let report = try await LogAudit(store: tmp.store, logKey: signer.verifierKey).run()
        #expect(report.findings.isEmpty, "\(report.findings)")
        let leaf = try CaptureLeaf(parsing: try await tmp.store.leaves(from: 0, limit: 1)[0])
        guard case .captureStatement(let n, _) = leaf.attestation else { Issue.record("expected a capture statement leaf"); return }
        #expect(n == 3)
    }

    /// An edited event, a deleted leaf and a swapped leaf are each named by the audit. (It edits the SQLite file behind
    /// the store's back, so it runs on SQLite whatever the run; scripts/tamper-suite.py covers the rest.)
    @Test(.temporarySQLiteStore) func auditNamesTamperedEventsAndLeaves() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        let app = tmp.application()
        try await app.test(.router) { client in
            let status = try await capture(client, (0..<20).map { SampleEvents.objectEvent($0) })
            #expect(status == .accepted)
        }
        try await LogIntegrator(store: tmp.store, signer: signer).integrate()
        let db = try DatabaseQueue(path: tmp.path)
        try await db.write { db in
            try db.execute(sql: "UPDATE events SET json = replace(json, '\"OBSERVE\"', '\"ADD\"') WHERE row = 3")
            try db.execute(sql: "UPDATE tlog_leaves SET leaf = (SELECT leaf FROM tlog_leaves WHERE seq = 10) WHERE seq = 11")
            try db.execute(sql: "DELETE FROM tlog_leaves WHERE seq = 15")
        }
        let report = try await LogAudit(store: tmp.store, logKey: signer.verifierKey).run()
        let text = report.findings.map(\.description).joined(separator: "\n")
        #expect(report.findings.contains { $0.subject.hasPrefix("event ") && $0.problem.contains("stored JSON hashes to") }, "\(text)")
        #expect(report.findings.contains { $0.subject == "leaf 10" }, "\(text)")
        #expect(report.findings.contains { $0.subject == "leaf 14" && $0.problem.contains("missing") }, "\(text)")
        #expect(report.findings.contains { $0.subject == "checkpoint 20" }, "\(text)")
    }

    /// A release record (issue 27, item 6) edited, or deleted, behind the store's back is named by the audit, as is an
    /// edited release leaf. (SQLite, as the test above.)
    @Test(.temporarySQLiteStore) func auditNamesTamperedReleaseRecords() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        let app = tmp.application()
        try await app.test(.router) { client in
            let status = try await capture(client, (0..<4).map { SampleEvents.objectEvent($0) })
            #expect(status == .accepted)
        }
        let org = try #require(try await tmp.store.organisations().first).id
        let hashes = try await tmp.store.auditEvents(after: 0, limit: 10).map(\.eventHash)
        for requester in ["https://b.example", "https://c.example", "https://d.example"] {
            _ = try await tmp.store.recordRelease(
                ReleaseRecord(releasedAt: 1_700_000_000_000, requester: requester, organisations: [org], eventHashes: Array(hashes.prefix(2))))
        }
        try await LogIntegrator(store: tmp.store, signer: signer).integrate()
        let clean = try await LogAudit(store: tmp.store, logKey: signer.verifierKey).run()
        #expect(clean.findings.isEmpty && clean.releases == 3 && clean.leaves == 7, "\(clean.findings)")
        let db = try DatabaseQueue(path: tmp.path)
        try await db.write { db in
            // Leaf 4: the record says another node got the events; leaf 5: its record is gone; leaf 6: the leaf itself edited.
            try db.execute(sql: "UPDATE release_records SET requester = 'https://x.example' WHERE seq = 5")
            try db.execute(sql: "DELETE FROM release_records WHERE seq = 6")
            var leaf = try #require(try Data.fetchOne(db, sql: "SELECT leaf FROM tlog_leaves WHERE seq = 7"))
            leaf[leaf.count - 1] ^= 0xff
            try db.execute(sql: "UPDATE tlog_leaves SET leaf = ? WHERE seq = 7", arguments: [leaf])
        }
        let report = try await LogAudit(store: tmp.store, logKey: signer.verifierKey).run()
        let text = report.findings.map(\.description).joined(separator: "\n")
        #expect(report.findings.contains { $0.subject == "leaf 4" && $0.problem.contains("differs from its stored release record") }, "\(text)")
        #expect(report.findings.contains { $0.subject == "leaf 5" && $0.problem.contains("not stored") }, "\(text)")
        #expect(report.findings.contains { $0.subject == "leaf 6" && $0.problem.contains("differs from its stored release record") }, "\(text)")
        #expect(report.findings.contains { $0.subject == "checkpoint 7" }, "\(text)")
    }
}
