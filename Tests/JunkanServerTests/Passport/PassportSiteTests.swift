import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanServer
import JunkanStore
import JunkanTestSupport
import Testing

@testable import JunkanNode

/// Master data on passports and in the resolver (issue 29, item 6): a site's name and address, declared in a capture
/// document's header by the organisation that may speak for the site, show on the passports whose steps happened there,
/// as restricted as the site itself; an identifier with master data has a `gs1:masterData` link.
@Suite struct PassportSiteTests {
    static let lotPassport = "/passports/01/04912345000064/10/HOUSING-LOT-55"
    static let itemPassport = "/passports/01/04912345000071/21/SER-0001"
    static let siteName = "Moulding Plant Nagoya-Naisho"

    /// The header of a capture document of no events that declares `elements` (JSON texts) as `type`.
    static func masterData(_ type: String, _ elements: String) throws -> JSONValue {
        try JSONParser.parse(
            """
            {"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0",
             "creationDate":"2024-08-01T00:00:00Z","epcisHeader":{"epcisMasterData":{"vocabularyList":[{"type":"\(type)",
             "vocabularyElementList":[\(elements)]}]}},"epcisBody":{"eventList":[]}}
            """)
    }

    static let site = """
        {"id":"\(PassportScenario.supplierSite)","attributes":[{"id":"cbvmda:name","attribute":"\(siteName)"},
         {"id":"cbvmda:streetAddressOne","attribute":"3-1 Atsuta"},{"id":"cbvmda:city","attribute":"Nagoya"},
         {"id":"cbvmda:postalCode","attribute":"456-0001"},{"id":"cbvmda:countryCode","attribute":"JP"}]}
        """

    func declare(_ s: PassportScenario, _ org: Organisation, _ document: JSONValue) async throws {
        _ = try await CaptureService(store: s.tmp.store).capture(document, organisation: org, behaviour: .rollback, jobID: UUID().uuidString)
    }

    @Test func siteNamesAndAddressesShowAsRestrictedAsTheSite() async throws {
        let s = try await PassportScenario.make()
        defer { s.tmp.remove() }
        try await Application(router: s.router).test(.router) { client in
            #expect(try await PassportScenario.register(client).0 == .created)
            // Viewed once before the site has master data: the cached passport must not outlive the declaration.
            let before = try await PassportScenario.get(client, Self.lotPassport + "?format=json", token: PassportScenario.makerToken)
            #expect(before.status == .ok && !before.body.contains(Self.siteName))

            // The maker owns the GLN's prefix: the supplier may not name the site until the maker grants it.
            let document = try Self.masterData(VocabularyType.businessLocation, Self.site)
            await #expect(throws: IdentifierNotOwned.self) { try await declare(s, s.supplier, document) }
            _ = try await s.tmp.store.addGrant(grantor: s.maker.id, grantee: s.supplier.id, scope: .gln("4912345000101"))
            try await declare(s, s.supplier, document)

            let owner = try await PassportScenario.get(client, Self.lotPassport + "?format=json", token: PassportScenario.makerToken)
            let identity = try #require(try JSONParser.parse(owner.body).objectValue?["identity"]?.objectValue)
            #expect(identity["productionSite"]?.stringValue == PassportScenario.supplierSite)
            #expect(identity["productionSiteName"]?.stringValue == Self.siteName)
            #expect(identity["productionSiteAddress"]?.stringValue == "3-1 Atsuta, Nagoya 456-0001, JP")
            let trail = try JSONParser.parse(owner.body).objectValue?["trail"]?.arrayValue?.compactMap(\.objectValue) ?? []
            #expect(trail.contains { $0["siteName"]?.stringValue == Self.siteName })
            let page = try await PassportScenario.get(client, Self.lotPassport, token: PassportScenario.makerToken, accept: "text/html")
            #expect(page.body.contains(Self.siteName))

            // The site is restricted to authorities by default, and its name and address with it, in every form.
            for format in ["html", "json", "ld%2Bjson", "vc%2Bjwt"] {
                for uri in [Self.lotPassport, Self.itemPassport] {
                    let r = try await PassportScenario.get(client, uri + "?format=\(format)")
                    #expect(r.status == .ok, "\(uri) \(format): \(r.body)")
                    #expect(!r.body.contains(Self.siteName) && !r.body.contains("Atsuta"), "\(uri) \(format)")
                }
            }
            let authority = try await PassportScenario.get(client, Self.itemPassport + "?format=json", token: PassportScenario.authorityToken)
            #expect(authority.body.contains(Self.siteName))
        }
    }

    @Test func anIdentifierWithMasterDataHasAMasterDataLink() async throws {
        let s = try await PassportScenario.make()
        defer { s.tmp.remove() }
        try await Application(router: s.router).test(.router) { client in
            _ = try await PassportScenario.register(client)
            let relation = "https://ref.gs1.org/voc/masterData"
            let before = try await PassportScenario.get(client, "/01/04912345000064/10/HOUSING-LOT-55?linkType=all")
            #expect(before.status == .ok && !before.body.contains(relation))

            let lotClass = """
                {"id":"https://id.gs1.org/01/04912345000064/10/HOUSING-LOT-55","attributes":[{"id":"cbvmda:descriptionShort","attribute":"Housing lot"}]}
                """
            try await declare(s, s.maker, try Self.masterData(VocabularyType.epcClass, lotClass))
            let after = try await PassportScenario.get(client, "/01/04912345000064/10/HOUSING-LOT-55?linkType=all")
            let linkset = try #require(try JSONParser.parse(after.body).objectValue?["linkset"]?.arrayValue?.compactMap(\.objectValue))
            let lot = try #require(linkset.first { $0["anchor"]?.stringValue == "https://id.gs1.org/01/04912345000064/10/HOUSING-LOT-55" })
            let href = try #require(lot[relation]?.arrayValue?.first?.objectValue?["href"]?.stringValue)
            #expect(href == "https://dpp.test/masterData?id=" + PercentEncoding.encode("https://id.gs1.org/01/04912345000064/10/HOUSING-LOT-55"))
            // Only the level that has master data links it.
            #expect(linkset.first { $0["anchor"]?.stringValue == "https://id.gs1.org/01/04912345000064" }?[relation] == nil)
            // `linkType=gs1:masterData` redirects there, and the target answers.
            let redirect = try await PassportScenario.get(client, "/01/04912345000064/10/HOUSING-LOT-55?linkType=gs1:masterData")
            #expect(redirect.status == .temporaryRedirect && redirect.headers[.location] == href)
            let target = try await PassportScenario.get(client, String(href.dropFirst("https://dpp.test".count)))
            #expect(target.status == .ok && target.body.contains("Housing lot"), "\(target.body)")
        }
    }

    /// No organisation names another's site: only the declarations of one that recorded a step there, or of the site's
    /// owner by its GLN's prefix, are shown.
    @Test func onlyARecorderOrTheOwnerOfASiteNamesIt() {
        let site = "https://id.gs1.org/414/4012345000108"
        func named(_ name: String, by org: String, at: Int64) -> StoredVocabularyElement {
            StoredVocabularyElement(
                element: VocabularyElement(
                    type: VocabularyType.businessLocation, id: site, attributes: [.init(id: MasterDataAttribute.name, value: .string(name))]),
                organisationID: org, updatedAt: at)
        }
        let stored = [
            named("Recorded here", by: "recorder", at: 1), named("Claimed by a stranger", by: "stranger", at: 3), named("Owner's", by: "owner", at: 2)
        ]
        let none = IdentifierOwnership()
        #expect(SiteDirectory(stored, ownership: none, recorders: [site: ["recorder"]]).element(site, preferring: nil)?.siteName == "Recorded here")
        #expect(SiteDirectory(stored, ownership: none, recorders: [:]).element(site, preferring: nil) == nil)
        #expect(SiteDirectory(stored, ownership: none, recorders: [:]).element(site, preferring: "stranger")?.siteName == "Claimed by a stranger")
        let owned = IdentifierOwnership(registrations: [.init(prefix: "4012345", organisationID: "owner")], grants: [])
        // The owner's, the latest of the trusted ones; the stranger's later one is not among them.
        #expect(SiteDirectory(stored, ownership: owned, recorders: [site: ["recorder"]]).element(site, preferring: nil)?.siteName == "Owner's")
        #expect(SiteDirectory(stored, ownership: owned, recorders: [site: ["recorder"]]).element(site, preferring: "recorder")?.siteName == "Recorded here")
    }
}
