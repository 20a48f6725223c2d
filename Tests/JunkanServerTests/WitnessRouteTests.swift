import Crypto
import Foundation
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

/// C2SP tlog-witness `add-checkpoint`, every status the spec names, and a log node getting cosigned by a live witness.
@Suite struct WitnessRouteTests {
    let log = try! NoteSigner(name: "log.example/a", privateKey: .init())
    let witness = try! NoteSigner(name: "witness.example/w", privateKey: .init())
    let entries = (0..<40).map { Array("entry \($0)".utf8) }

    func note(_ size: Int, signer: NoteSigner? = nil, tamper: Bool = false) throws -> String {
        var e = Array(entries[..<size])
        if tamper { e[0] = Array("forged".utf8) }
        let root = try LeafHashes(e.map { TreeHash.leaf($0) }).rootHash(size: UInt64(size))
        return try (signer ?? log).sign(Checkpoint(origin: "log.example/a", size: UInt64(size), root: root).text)
    }

    func post(_ client: some TestClientProtocol, old: UInt64, proof: [TreeHash] = [], note: String) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(
            uri: "/add-checkpoint", method: .post,
            body: ByteBuffer(string: WitnessRequest(oldSize: old, proof: proof, note: note).body)
        ) {
            ($0.status, String(buffer: $0.body))
        }
    }

    @Test(.temporaryStore) func addCheckpointFollowsTheSpec() async throws {
        let tmp = try TemporaryStore.forTest()
        try await tmp.store.follow(origin: "log.example/a", key: log.verifierKey)
        let tree = LeafHashes(entries.map { TreeHash.leaf($0) })
        let app = Application(router: buildWitnessRouter(store: tmp.store, signer: witness, now: { 1_767_000_000 }))
        try await app.test(.router) { client in
            let n10 = try note(10)
            let (s1, body) = try await post(client, old: 0, note: n10)
            #expect(s1 == .ok)
            let cosigned = try SignedNote(parsing: n10 + body)
            let sig = try cosigned.verify([Cosignature.verifierKey(of: witness)])
            #expect(Cosignature.time(of: sig[0]) == 1_767_000_000)
            // Old size no longer matches: 409 with the size the witness holds.
            let (s2, b2) = try await post(client, old: 0, note: try note(20))
            #expect(s2 == .conflict && b2 == "10\n")
            // A wrong consistency proof: 422; the right one: 200.
            let good = try tree.consistencyProof(from: 10, to: 20)
            var bad = good
            bad[0] = TreeHash.leaf([1])
            #expect(try await post(client, old: 10, proof: bad, note: try note(20)).0 == .unprocessableContent)
            #expect(try await post(client, old: 10, proof: good, note: try note(20)).0 == .ok)
            // Unknown log 404, bad signature 403, old > size 400, garbage 400.
            let other = try NoteSigner(name: "other.example/b", privateKey: .init())
            #expect(try await post(client, old: 0, note: try other.sign("other.example/b\n1\n\(TreeHash.leaf([]).base64)\n")).0 == .notFound)
            let impostor = try NoteSigner(name: "log.example/a", privateKey: .init())
            #expect(try await post(client, old: 20, note: try note(30, signer: impostor)).0 == .forbidden)
            #expect(try await post(client, old: 30, note: try note(20)).0 == .badRequest)
            try await client.execute(uri: "/add-checkpoint", method: .post, body: ByteBuffer(string: "hello")) { #expect($0.status == .badRequest) }
            // The one policy for query parameters (issue 25, item 9): refused, named, in the witness's plain text.
            try await client.execute(uri: "/key?v=2", method: .get) { #expect($0.status == .badRequest && String(buffer: $0.body).contains("\"v\"")) }
            // Split view: another tree of a size already cosigned is refused and kept as evidence.
            let (s3, b3) = try await post(client, old: 20, note: try note(20, tamper: true))
            #expect(s3 == .conflict && b3 == "20\n")
            let (s4, _) = try await post(client, old: 10, note: try note(10, tamper: true))
            #expect(s4 == .conflict)
        }
        let evidence = try await tmp.store.evidence()
        #expect(evidence.filter { $0.kind == "split-view" }.count == 2)
        #expect(evidence.filter { $0.kind == "inconsistent" }.count == 1)
        #expect(try await tmp.store.followedLog(origin: "log.example/a")?.size == 20)
    }

    @Test func aNodePublishesCheckpointsCosignedByALiveWitness() async throws {
        let node = try await TemporaryStore(), witnessDB = try await TemporaryStore()
        defer { node.remove(); witnessDB.remove() }
        _ = try await node.organisation()
        try await witnessDB.store.follow(origin: "log.example/a", key: log.verifierKey)
        let app = Application(
            router: buildWitnessRouter(store: witnessDB.store, signer: witness), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let client = WitnessClient(url: URL(string: "http://127.0.0.1:\(port)")!, key: Cosignature.verifierKey(of: witness))
            let integrator = LogIntegrator(store: node.store, signer: log, witnesses: [client])
            let capture = Application(router: buildRouter(store: node.store))
            for round in 0..<3 {
                try await capture.test(.router) { c in
                    _ = try await c.execute(
                        uri: "/capture", method: .post,
                        headers: [.authorization: "Bearer test-token", .contentType: "application/ld+json"],
                        body: ByteBuffer(string: JSONWriter.string(SampleEvents.document((0..<50).map { SampleEvents.objectEvent(round * 50 + $0) }))))
                }
                try await integrator.integrate()
            }
            let latest = try #require(try await node.store.latestCheckpoint())
            #expect(latest.size == 150)
            let signed = try SignedNote(parsing: latest.cosignedNote)
            #expect(try signed.verify([Cosignature.verifierKey(of: witness)]).count == 1)
            #expect(try await witnessDB.store.followedLog(origin: "log.example/a")?.size == 150)
        }
    }

    /// A witness that could not cosign when a checkpoint was made (down, or not yet following the log) is asked again
    /// while the log is quiet: the checkpoint gets its cosignature without waiting for the next capture.
    @Test func aWitnessThatMissedACheckpointIsAskedAgain() async throws {
        let node = try await TemporaryStore(), witnessDB = try await TemporaryStore()
        defer { node.remove(); witnessDB.remove() }
        _ = try await node.organisation()
        let app = Application(
            router: buildWitnessRouter(store: witnessDB.store, signer: witness), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let client = WitnessClient(url: URL(string: "http://127.0.0.1:\(port)")!, key: Cosignature.verifierKey(of: witness))
            let integrator = LogIntegrator(store: node.store, signer: log, witnesses: [client], witnessRetry: .zero)
            try await Application(router: buildRouter(store: node.store)).test(.router) { c in
                _ = try await c.execute(
                    uri: "/capture", method: .post, headers: [.authorization: "Bearer test-token", .contentType: "application/ld+json"],
                    body: ByteBuffer(string: JSONWriter.string(SampleEvents.document((0..<5).map { SampleEvents.objectEvent($0) }))))
            }
            // The witness does not follow the log yet: the checkpoint goes out uncosigned.
            try await integrator.integrate()
            #expect(try await node.store.latestCheckpoint()?.cosignatures.isEmpty == true)
            try await witnessDB.store.follow(origin: "log.example/a", key: log.verifierKey)
            // Nothing new to integrate, but the checkpoint is offered again.
            #expect(try await integrator.integrate().isEmpty)
            let latest = try #require(try await node.store.latestCheckpoint())
            let cosigners = try SignedNote(parsing: latest.cosignedNote).verify([Cosignature.verifierKey(of: witness)])
            #expect(latest.size == 5 && cosigners.count == 1)
            // Cosigned: not asked again.
            #expect(try await integrator.integrate().isEmpty)
            #expect(try await witnessDB.store.followedLog(origin: "log.example/a")?.size == 5)
        }
    }
}
