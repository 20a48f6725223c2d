import Crypto
import Foundation
import JunkanCore
import JunkanLedger
import Testing

@Suite struct LeafAndProofFormatTests {
    let key = Curve25519.Signing.PrivateKey()
    let hashURI = "ni:///sha-256;" + String(repeating: "ab", count: 32) + "?ver=CBV2.0"

    /// Version 2 (issue 25, item 6): the leaf carries the event ID, which the CBV hash leaves out, so a stored event's ID
    /// is covered by its organisation's signature and the log.
    @Test func hostedLeafRoundTripsAndVerifies() throws {
        let leaf = try CaptureLeaf.signed(
            eventHash: EventHash.digest(uri: hashURI)!, recordTime: 1_767_000_000_123,
            organisationID: "org-1", eventID: "urn:uuid:1", key: key)
        let parsed = try CaptureLeaf(parsing: leaf.bytes)
        #expect(parsed == leaf)
        #expect(parsed.version == 2 && leaf.bytes[0] == 0x02)
        #expect(parsed.eventID == "urn:uuid:1")
        #expect(parsed.eventHashURI == hashURI)
        #expect(parsed.verifySignature(publicKey: key.publicKey))
        #expect(!parsed.verifySignature(publicKey: Curve25519.Signing.PrivateKey().publicKey))
        // Any changed byte (time, organisation, event ID, hash) breaks the signature or the parse.
        for i in [2, 40, 44, 50, 58] {
            var b = leaf.bytes
            b[i] ^= 1
            if let p = try? CaptureLeaf(parsing: b) { #expect(!p.verifySignature(publicKey: key.publicKey), "byte \(i)") }
        }
        #expect(leaf.bytes.count == 43 + 5 + 2 + 10 + 64)
    }

    /// Leaves written before version 2 still parse and verify, with no event ID.
    @Test func versionOneLeavesStayVerifiable() throws {
        let leaf = try CaptureLeaf.signed(
            eventHash: EventHash.digest(uri: hashURI)!, recordTime: 7, organisationID: "org-1", eventID: nil, key: key)
        #expect(leaf.bytes[0] == 0x01 && leaf.bytes.count == 43 + 5 + 64)
        let parsed = try CaptureLeaf(parsing: leaf.bytes)
        #expect(parsed.eventID == nil && parsed.verifySignature(publicKey: key.publicKey))
        // The same fields signed as version 2 are another message: a v1 signature does not verify as v2.
        let relabelled = try CaptureLeaf(
            eventHash: leaf.eventHash, recordTime: 7, organisationID: "org-1", eventID: "x", attestation: .hostedKey, signature: leaf.signature)
        #expect(!relabelled.verifySignature(publicKey: key.publicKey))
    }

    @Test func statementLeafVerifiesAgainstTheOrganisationsSignature() throws {
        let hashes = [hashURI, "ni:///sha-256;" + String(repeating: "cd", count: 32) + "?ver=CBV2.0"]
        let statement = CaptureStatement.text(organisationID: "org-2", eventHashes: hashes)
        #expect(statement.hasPrefix("junkan/capture/v1\norg-2\n2\n"))
        let sig = Array(try key.signature(for: Array(statement.utf8)))
        let leaf = try CaptureLeaf(
            eventHash: EventHash.digest(uri: hashes[1])!, recordTime: 5, organisationID: "org-2", eventID: "e-2",
            attestation: .captureStatement(eventCount: 2, listDigest: CaptureStatement.listDigest(eventHashes: hashes)),
            signature: sig)
        let parsed = try CaptureLeaf(parsing: leaf.bytes)
        #expect(parsed == leaf)
        #expect(parsed.verifySignature(publicKey: key.publicKey))
    }

    @Test func malformedLeavesAreRefused() {
        #expect(throws: LedgerError.self) { try CaptureLeaf(parsing: []) }
        #expect(throws: LedgerError.self) { try CaptureLeaf(parsing: [0x02] + Array(repeating: 0, count: 120)) }
        #expect(EventHash.digest(uri: "ni:///sha-256;abc?ver=CBV2.0") == nil)
        #expect(EventHash.digest(uri: hashURI.uppercased()) == nil)
    }

    @Test func tlogProofRoundTripsAndVerifies() throws {
        let signer = try NoteSigner(name: "example.com/log", privateKey: key)
        let entries = (0..<5).map { Array("e\($0)".utf8) }
        var integrator = TileIntegrator()
        let result = try integrator.append(entries)
        let note = try signer.sign(Checkpoint(origin: "example.com/log", size: 5, root: result.root).text)
        let tree = LeafHashes(result.leafHashes)
        let proof = TlogProof(extra: entries[3], index: 3, proof: try tree.inclusionProof(index: 3, size: 5), checkpoint: note)
        let parsed = try TlogProof(parsing: proof.text)
        #expect(parsed == proof)
        #expect(proof.text.hasPrefix("c2sp.org/tlog-proof@v1\nextra ZTM=\nindex 3\n"))
        try parsed.verify(leafHash: .leaf(parsed.extra!), logKey: signer.verifierKey)
        #expect(throws: LedgerError.self) { try parsed.verify(leafHash: .leaf(entries[2]), logKey: signer.verifierKey) }
        #expect(throws: LedgerError.self) {
            try parsed.verify(leafHash: .leaf(entries[3]), logKey: signer.verifierKey, witnessKeys: [], witnessQuorum: 1)
        }
        for bad in [
            "c2sp.org/tlog-proof@v2\nindex 1\n\n" + note, "c2sp.org/tlog-proof@v1\nindex 01\n\n" + note, "c2sp.org/tlog-proof@v1\nindex +1\n\n" + note,
            "c2sp.org/tlog-proof@v1\nindex 1\nnot-a-hash\n\n" + note
        ] {
            #expect(throws: LedgerError.self) { try TlogProof(parsing: bad) }
        }
    }
}
