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

/// Issue 25, item 2: a passport never puts words in its maker's mouth. The maker is the owner of the GTIN's prefix;
/// steps other organisations recorded are shown as theirs in every view and left out of the maker's signed credential.
@Suite struct PassportAttributionTests {
    static let passport = "/passports/01/04912345000071/21/SER-0001"

    /// Every view, the public one too, says whose statement each trail step is.
    @Test func everyViewSaysWhoseStatementEachStepIs() async throws {
        let s = try await PassportScenario.make()
        defer { s.tmp.remove() }
        try await Application(router: s.router).test(.router) { client in
            #expect(try await PassportScenario.register(client).0 == .created)
            for token in [nil, PassportScenario.makerToken] {
                let r = try await PassportScenario.get(client, Self.passport + "?format=json", token: token)
                let trail = try #require(JSONParser.parse(r.body).objectValue?["trail"]?.arrayValue)
                // Resin commissioning and moulding by the supplier, assembly and shipping by the maker.
                #expect(trail.map { $0.objectValue?["statementOf"]?.stringValue } == ["another organisation", "another organisation", "maker", "maker"])
                if token == nil {
                    #expect(trail.prefix(2).allSatisfy { $0.objectValue?["organisation"] == nil })
                } else {
                    #expect(trail.prefix(2).allSatisfy { $0.objectValue?["organisation"]?.stringValue == PassportScenario.supplierName })
                }
            }
            let html = try await PassportScenario.get(client, Self.passport + "?format=html")
            #expect(html.body.components(separatedBy: "Recorded by another organisation (its statement, not the maker's)").count == 3)
            #expect(html.body.components(separatedBy: "Recorded by Brand Maker Inc.").count == 3)
        }
    }

    /// An organisation may choose not to be named on the passports of others' products (`junkan org passport-naming`).
    /// Its steps are still shown as its statement, as "recorded by another organisation", in every view below authority,
    /// even where the maker's policy makes trail organisations public; the maker's and an authority's views keep the
    /// name. Choosing again names it again (the cached passport is replaced).
    @Test func anOrganisationThatChoseNotToBeNamedIsNotNamedInPublic() async throws {
        let s = try await PassportScenario.make()
        defer { s.tmp.remove() }
        guard case .object(var product) = PassportScenario.productClass else { return }
        product["access"] = ["trail.organisation": "public"]
        let withPublicOrganisations = JSONValue.object(product)
        try await Application(router: s.router).test(.router) { client in
            #expect(try await PassportScenario.register(client, withPublicOrganisations).0 == .created)
            func organisations(_ token: String?) async throws -> [String?] {
                let r = try await PassportScenario.get(client, Self.passport + "?format=json", token: token)
                let trail = try #require(JSONParser.parse(r.body).objectValue?["trail"]?.arrayValue)
                #expect(trail.prefix(2).allSatisfy { $0.objectValue?["statementOf"] == "another organisation" })
                return trail.prefix(2).map { $0.objectValue?["organisation"]?.stringValue }
            }
            let named = PassportScenario.supplierName
            #expect(try await organisations(nil) == [named, named])
            try await s.tmp.store.setNamedOnPassports(organisationID: s.supplier.id, false)
            #expect(try await organisations(nil) == [nil, nil])
            #expect(try await organisations(PassportScenario.authorityToken) == [named, named])
            #expect(try await organisations(PassportScenario.makerToken) == [named, named])
            let html = try await PassportScenario.get(client, Self.passport + "?format=html")
            #expect(!html.body.contains(named))
            #expect(html.body.components(separatedBy: "Recorded by another organisation (its statement, not the maker's)").count == 3)
            try await s.tmp.store.setNamedOnPassports(organisationID: s.supplier.id, true)
            #expect(try await organisations(nil) == [named, named])
        }
    }

    /// The reproduction of the issue, on data stored before identifiers had owners (as an upgraded node has it): an
    /// unrelated organisation commissioned a serial of the maker's GTIN. Its passport names the prefix's owner as maker,
    /// shows the commissioning as another organisation's statement, takes no production fact from it, and the maker's
    /// credential signs nothing the stranger said. Before, the stranger was named maker and signed for.
    @Test func aStrangersCommissioningIsNeverTheMakersWord() async throws {
        let s = try await PassportScenario.make()
        defer { s.tmp.remove() }
        let stranger = try #require(try await s.tmp.store.organisations().first { $0.name == "Stranger" })
        // Stored as an upgraded node would hold it: the prefix is lifted for the capture and registered again.
        #expect(try await s.tmp.store.removePrefix("4912345", organisationID: s.maker.id))
        try await s.capture(
            stranger,
            [
                [
                    "type": "ObjectEvent", "eventTime": "2025-01-01T09:00:00+09:00", "eventTimeZoneOffset": "+09:00", "action": "ADD",
                    "bizStep": "commissioning", "bizLocation": ["id": "https://id.gs1.org/414/4999999000015"],
                    "epcList": ["https://id.gs1.org/01/04912345000071/21/FAKE-REL-001"]
                ]
            ])
        try await s.tmp.store.addPrefix("4912345", organisationID: s.maker.id)
        _ = try await LogIntegrator(store: s.tmp.store, signer: PassportScenario.signer).integrate()
        try await Application(router: s.router).test(.router) { client in
            #expect(try await PassportScenario.register(client).0 == .created)
            let uri = "/passports/01/04912345000071/21/FAKE-REL-001"
            let owner = try await PassportScenario.get(client, uri + "?format=json", token: PassportScenario.makerToken)
            let o = try #require(JSONParser.parse(owner.body).objectValue)
            let identity = try #require(o["identity"]?.objectValue)
            #expect(identity["maker"]?.objectValue?["name"] == "Brand Maker Inc.")
            #expect(identity["productionDate"] == nil)
            #expect(identity["productionSite"] == nil)
            let trail = try #require(o["trail"]?.arrayValue)
            #expect(trail.count == 1)
            #expect(trail.first?.objectValue?["statementOf"] == "another organisation")
            #expect(trail.first?.objectValue?["organisation"] == "Stranger")

            let ld = try await PassportScenario.get(client, uri, accept: "application/ld+json")
            let subject = try #require(JSONParser.parse(ld.body).objectValue?["credentialSubject"]?.objectValue)
            #expect(subject["traceabilityInformation"] == [])
            #expect(subject["junkan:stepsRecordedByOthers"] == 1)
            #expect(!ld.body.contains("4999999000015"))
        }
    }

    /// An identifier whose prefix no organisation here owns has no maker to sign for: its credential is not signed.
    @Test func noOwnerNoSignature() async throws {
        let s = try await PassportScenario.make()
        defer { s.tmp.remove() }
        #expect(try await s.tmp.store.removePrefix("4912345", organisationID: s.maker.id))
        try await Application(router: s.router).test(.router) { client in
            let json = try await PassportScenario.get(client, Self.passport + "?format=json")
            let passport = try JSONParser.parse(json.body)
            #expect(passport.objectValue?["identity"]?.objectValue?["maker"]?.objectValue?["name"] == "unknown maker")
            let jwt = try await PassportScenario.get(client, Self.passport, accept: "application/vc+jwt")
            #expect(jwt.status == .notAcceptable)
            #expect(jwt.body.contains("no organisation on this node owns the GS1 Company Prefix of GTIN 04912345000071"))
        }
    }
}
