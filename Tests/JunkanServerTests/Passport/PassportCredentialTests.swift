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

/// The passport as a W3C VC 2.0 credential and as VC-JOSE (EdDSA by the maker's did:web key), and the offline check
/// of its log proofs.
@Suite struct PassportCredentialTests {
    static let passport = "/passports/01/04912345000071/21/SER-0001"

    @Test func credentialIsSignedByTheMakerAndVerifiesOffline() async throws {
        let s = try await PassportScenario.make()
        defer { s.tmp.remove() }
        try await Application(router: s.router).test(.router) { client in
            _ = try await PassportScenario.register(client)
            let ld = try await PassportScenario.get(client, Self.passport, accept: "application/ld+json")
            #expect(ld.status == .ok && ld.headers[.contentType] == "application/ld+json")
            let vc = try #require(try JSONParser.parse(ld.body).objectValue)
            #expect(vc["@context"]?.arrayValue?.prefix(2) == ["https://www.w3.org/ns/credentials/v2", .string(PassportCredential.untpContext)])
            #expect(vc["type"] == ["VerifiableCredential", "DigitalProductPassport"])
            let did = "did:web:dpp.test:orgs:\(s.maker.id)"
            #expect(vc["issuer"]?.objectValue?["id"]?.stringValue == did)
            let subject = try #require(vc["credentialSubject"]?.objectValue)
            for term in ["materialsProvenance", "emissionsScorecard", "circularityScorecard", "traceabilityInformation"] {
                #expect(subject[term] != nil, "\(term)")
            }

            let jwt = try await PassportScenario.get(client, Self.passport, accept: "application/vc+jwt")
            #expect(jwt.headers[.contentType] == "application/vc+jwt")
            let didDocument = try JSONParser.parse(try await PassportScenario.get(client, "/orgs/\(s.maker.id)/did.json").body)
            #expect(didDocument.objectValue?["id"]?.stringValue == did)
            let verifier = PassportVerifier(didDocument: didDocument, logKey: PassportScenario.signer.verifierKey)
            let findings = verifier.verify(jwt.body)
            #expect(findings.allSatisfy { $0.ok }, "\(findings)")
            // The maker signs its own steps (assembly, shipping), each proven; the supplier's resin commissioning and
            // moulding are the supplier's statements, counted but not signed in the maker's name.
            #expect(findings.filter { $0.subject.hasPrefix("trail[") }.count == 2)
            #expect(subject["junkan:stepsRecordedByOthers"] == 2)
            let payload = try CompactJWS.parse(jwt.body).payload
            #expect(payload == Array(ld.body.utf8))

            // Tampering: a changed payload breaks the signature; a changed proof names the event it no longer proves.
            let parts = jwt.body.split(separator: ".").map(String.init)
            let forged = String(decoding: CompactJWS.base64urlDecode(parts[1])!, as: UTF8.self).replacingOccurrences(
                of: "Test Notebook 13", with: "Test Notebook 14")
            let tampered = parts[0] + "." + CompactJWS.base64url(Array(forged.utf8)) + "." + parts[2]
            let broken = verifier.verify(tampered)
            #expect(broken.first { $0.subject == "signature" }?.ok == false)
            #expect(broken.first { $0.subject == "signature" }?.detail.contains("does not verify") == true)

            var credential = vc
            var trail = subject["traceabilityInformation"]!.arrayValue!
            var first = trail[0].objectValue!
            let proof = first["junkan:logProof"]!.stringValue!
            let lines = proof.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let pathLine = lines.firstIndex { $0.hasPrefix("index ") }! + 1
            var changed = lines
            changed[pathLine] = Base64.encode([UInt8](repeating: 7, count: 32))
            first["junkan:logProof"] = .string(changed.joined(separator: "\n"))
            trail[0] = .object(first)
            var subjectCopy = subject
            subjectCopy["traceabilityInformation"] = .array(trail)
            credential["credentialSubject"] = .object(subjectCopy)
            let report = verifier.verify(JSONWriter.string(.object(credential)))
            #expect(report.first { $0.subject == "trail[0]" }?.ok == false)
            #expect(report.first { $0.subject == "trail[1]" }?.ok == true)
            #expect(report.first { $0.subject == "signature" }?.detail.contains("not secured") == true)

            // Witnesses: none cosigned this checkpoint, so a quorum of one fails, saying so.
            let witness = try NoteSigner(name: "witness.test", privateKey: .init())
            let strict = PassportVerifier(
                didDocument: didDocument, logKey: PassportScenario.signer.verifierKey,
                witnessKeys: [Cosignature.verifierKey(of: witness)], witnessQuorum: 1)
            #expect(strict.verify(jwt.body).contains { !$0.ok && $0.subject.hasPrefix("trail[") })
        }
    }

    @Test func nodeAndOrganisationDIDDocuments() async throws {
        let s = try await PassportScenario.make()
        defer { s.tmp.remove() }
        try await Application(router: s.router).test(.router) { client in
            let node = try JSONParser.parse(try await PassportScenario.get(client, "/.well-known/did.json").body)
            #expect(node.objectValue?["id"] == "did:web:dpp.test")
            #expect(DIDWeb.publicKey(in: node, keyID: "did:web:dpp.test#key-1") == PassportScenario.signer.verifierKey.publicKey)
            let org = try await PassportScenario.get(client, "/orgs/\(s.supplier.id)/did.json")
            #expect(org.headers[.contentType] == "application/did+json" && !org.body.contains(PassportScenario.supplierName))
            #expect(try await PassportScenario.get(client, "/orgs/nobody/did.json").status == .notFound)
        }
    }

    @Test func qrCodesAsPNGAndSVG() async throws {
        let s = try await PassportScenario.make()
        defer { s.tmp.remove() }
        try await Application(router: s.router).test(.router) { client in
            let uri = "/qr?uri=" + PercentEncoding.encode("https://dpp.test/01/04912345000071/21/SER-0001")
            let png = try await client.execute(uri: uri, method: .get, headers: [.accept: "image/png"]) {
                ($0.headers[.contentType], Array($0.body.readableBytesView))
            }
            #expect(png.0 == "image/png" && png.1.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            let svg = try await PassportScenario.get(client, uri, accept: "image/svg+xml")
            #expect(svg.headers[.contentType] == "image/svg+xml" && svg.body.hasPrefix("<svg"))
            #expect(try await PassportScenario.get(client, "/qr?uri=https://dpp.test/01/04912345000072").status == .badRequest)
            #expect(try await PassportScenario.get(client, uri, accept: "application/json").status == .notAcceptable)
            #expect(try await PassportScenario.get(client, "/qr?url=x").status == .badRequest)
        }
    }
}
