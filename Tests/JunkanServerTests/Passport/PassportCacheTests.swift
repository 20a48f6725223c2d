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

/// Issue 25, item 10: under steady capture a passport is rebuilt only when an event about its subject arrives, not on
/// every capture (which made passport and resolver reads wait behind captures: p99 613 and 969 ms).
@Suite struct PassportCacheTests {
    static let passport = "/passports/01/04912345000071/21/SER-0001"

    static func credential(_ client: some TestClientProtocol) async throws -> JSONObject {
        let ld = try await PassportScenario.get(client, Self.passport, accept: "application/ld+json")
        return try #require(JSONParser.parse(ld.body).objectValue)
    }

    @Test func anUnrelatedCaptureKeepsTheAssembledPassportARelatedOneRebuildsIt() async throws {
        let s = try await PassportScenario.make()
        defer { s.tmp.remove() }
        try await Application(router: s.router).test(.router) { client in
            #expect(try await PassportScenario.register(client).0 == .created)
            let first = try await Self.credential(client)
            let unrelated: JSONValue = [
                "type": "ObjectEvent", "eventTime": "2024-08-01T09:00:00+09:00", "eventTimeZoneOffset": "+09:00", "action": "OBSERVE",
                "bizStep": "shipping", "epcList": ["https://id.gs1.org/01/04912345000071/21/SER-0002"]
            ]
            try await s.capture(s.maker, [unrelated])
            let second = try await Self.credential(client)
            #expect(second["validFrom"] == first["validFrom"], "rebuilt for an event about another item")

            var related = unrelated.objectValue!
            related["epcList"] = ["https://id.gs1.org/01/04912345000071/21/SER-0001"]
            related["bizStep"] = "receiving"
            try await s.capture(s.maker, [.object(related)])
            let json = try await PassportScenario.get(client, Self.passport + "?format=json")
            let trail = try #require(JSONParser.parse(json.body).objectValue?["trail"]?.arrayValue)
            #expect(trail.last?.objectValue?["bizStep"] == "https://ref.gs1.org/cbv/BizStep-receiving")
        }
    }

    /// On a node that names witnesses, a passport assembled before they cosigned its checkpoint is not kept as final:
    /// asked again (after the second an unfinished passport is held), it carries their cosignature.
    @Test func aPassportAwaitingTheWitnessesGetsTheirCosignature() async throws {
        let s = try await PassportScenario.make()
        defer { s.tmp.remove() }
        let witness = try NoteSigner(name: "witness.test", privateKey: .init())
        let router = buildRouter(
            store: s.tmp.store, logKey: PassportScenario.signer.verifierKey, passport: PassportConfiguration(baseURL: "https://dpp.test"),
            witnessKeys: [Cosignature.verifierKey(of: witness)])
        try await Application(router: router).test(.router) { client in
            #expect(try await PassportScenario.register(client).0 == .created)
            func proofs() async throws -> [String] {
                let json = try await PassportScenario.get(client, Self.passport + "?format=json")
                let trail = try #require(JSONParser.parse(json.body).objectValue?["trail"]?.arrayValue)
                return trail.compactMap { $0.objectValue?["logProof"]?.stringValue }
            }
            let before = try await proofs()
            #expect(!before.isEmpty && before.allSatisfy { !$0.contains("— witness.test ") })
            let latest = try #require(try await s.tmp.store.latestCheckpoint())
            let line = try Cosignature.line(signer: witness, checkpointText: try SignedNote(parsing: latest.note).text, time: 1_767_000_000).line
            try await s.tmp.store.addCosignatures(size: latest.size, lines: [witness.name: line])
            try await Task.sleep(for: .milliseconds(1100))
            let after = try await proofs()
            #expect(after.count == before.count && after.allSatisfy { $0.contains("— witness.test ") })
        }
    }
}
