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

/// Access levels (ESPR Art. 9): what each token sees, and that no restricted value reaches a public response in any form.
@Suite struct PassportAccessTests {
    static let passport = "/passports/01/04912345000071/21/SER-0001"

    @Test func noRestrictedValueAppearsInAnyPublicResponse() async throws {
        let s = try await PassportScenario.make()
        defer { s.tmp.remove() }
        try await Application(router: s.router).test(.router) { client in
            #expect(try await PassportScenario.register(client).0 == .created)
            // What the owner sees and the public must not: every string of the fields above public.
            let owner = try await PassportScenario.get(client, Self.passport + "?format=json", token: PassportScenario.makerToken)
            #expect(owner.status == .ok)
            let restricted = [
                PassportScenario.supplierName, PassportScenario.supplierSite, PassportScenario.supplierInBOM, PassportScenario.gradeName,
                PassportScenario.parts, PassportScenario.resin
            ]
            for value in [
                PassportScenario.supplierName, PassportScenario.supplierSite, PassportScenario.supplierInBOM, PassportScenario.gradeName,
                PassportScenario.parts
            ] {
                #expect(owner.body.contains(value.replacingOccurrences(of: "/", with: "\\/")) || owner.body.contains(value), "the owner view lacks \(value)")
            }
            #expect(owner.body.contains("\"massKg\":0.4"))

            var publicBodies: [(String, String)] = []
            for format in ["html", "json", "ld%2Bjson", "vc%2Bjwt"] {
                let r = try await PassportScenario.get(client, Self.passport + "?format=\(format)")
                #expect(r.status == .ok, "\(format): \(r.body)")
                publicBodies.append((format, r.body))
                if format == "vc%2Bjwt" {
                    let payload = try CompactJWS.parse(r.body).payload
                    publicBodies.append(("vc+jwt payload", String(decoding: payload, as: UTF8.self)))
                }
            }
            publicBodies.append(("linkset", try await PassportScenario.get(client, "/01/04912345000071/21/SER-0001?linkType=all").body))
            publicBodies.append(("model", try await PassportScenario.get(client, "/passports/01/04912345000071?format=json").body))
            publicBodies.append(("model html", try await PassportScenario.get(client, "/passports/01/04912345000071").body))
            // Errors: an unknown serial, a bad check digit, an unknown format, a bad token.
            for (uri, token) in [
                ("/passports/01/04912345000071/21/NOPE", nil), ("/01/04912345000072/21/SER-0001", nil),
                (Self.passport + "?format=xml", nil), (Self.passport, "wrong-token")
            ] as [(String, String?)] {
                let r = try await PassportScenario.get(client, uri, token: token)
                #expect(r.status.code >= 400)
                publicBodies.append((uri, r.body))
            }
            for (name, body) in publicBodies {
                let unescaped = body.replacingOccurrences(of: "\\/", with: "/")
                for value in restricted {
                    #expect(!unescaped.contains(value), "\(name) shows the restricted value \(value)")
                }
                #expect(!unescaped.contains("\"massKg\":0.4"), "\(name) shows a part's exact mass")
            }
            // The public view still says what it withholds, by name only.
            let json = try JSONParser.parse(publicBodies[1].1).objectValue!
            let withheld = json["withheld"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(withheld.contains("materials.supplier") && withheld.contains("trail.organisation") && withheld.contains("materials.massKg"))
            #expect(json["accessLevel"] == "public")
        }
    }

    @Test func tokensDecideTheLevelAndGrantsAndOverridesApply() async throws {
        let s = try await PassportScenario.make()
        defer { s.tmp.remove() }
        try await Application(router: s.router).test(.router) { client in
            var product = PassportScenario.productClass.objectValue!
            product["access"] = ["materials.grade": "public", "durability": "authority"]
            product["grants"] = [["organisation": .string(s.supplier.id), "level": "owner"]]
            #expect(try await PassportScenario.register(client, .object(product)).0 == .created)
            func view(_ token: String?) async throws -> JSONObject {
                let r = try await PassportScenario.get(client, Self.passport + "?format=json", token: token)
                #expect(r.status == .ok, "\(r.body)")
                return try JSONParser.parse(r.body).objectValue!
            }
            let pub = try await view(nil), stranger = try await view(PassportScenario.strangerToken)
            let authority = try await view(PassportScenario.authorityToken), granted = try await view(PassportScenario.supplierToken)
            let owner = try await view(PassportScenario.makerToken)
            #expect(pub["accessLevel"] == "public" && stranger["accessLevel"] == "public")
            #expect(authority["accessLevel"] == "authority" && granted["accessLevel"] == "owner" && owner["accessLevel"] == "owner")
            // The maker made the grade public and durability authority-only.
            #expect(pub["materials"]?.arrayValue?.first?.objectValue?["grade"]?.stringValue == PassportScenario.gradeName)
            #expect(pub["durability"] == nil && authority["durability"] != nil)
            // Authorities see who did each step and where, not the recipe or the suppliers of the bill of materials.
            let trail = authority["trail"]?.arrayValue ?? []
            #expect(trail.contains { $0.objectValue?["organisation"]?.stringValue == PassportScenario.supplierName })
            #expect(trail.contains { $0.objectValue?["site"]?.stringValue == PassportScenario.supplierSite })
            #expect(authority["materials"]?.arrayValue?.first?.objectValue?["supplier"] == nil)
            #expect(owner["materials"]?.arrayValue?.first?.objectValue?["supplier"]?.stringValue == PassportScenario.supplierInBOM)
            #expect(pub["trail"]?.arrayValue?.allSatisfy { $0.objectValue?["site"] == nil } == true)
            // The maker's own steps name it even in public.
            #expect(pub["trail"]?.arrayValue?.contains { $0.objectValue?["organisation"] == "Brand Maker Inc." } == true)
        }
    }

    @Test func productClassesAreValidatedAndOwned() async throws {
        let s = try await PassportScenario.make()
        defer { s.tmp.remove() }
        try await Application(router: s.router).test(.router) { client in
            var bad = PassportScenario.productClass.objectValue!
            bad["substances"] = [["name": "Lead", "cas": "7439-92-2", "concentrationPercent": 0.08, "location": "Mainboard"]]
            let (status, body) = try await PassportScenario.register(client, .object(bad))
            #expect(status == .badRequest && body.contains("/substances/0/cas") && body.contains("check digit"))
            var unknown = PassportScenario.productClass.objectValue!
            unknown["access"] = ["materials.recipe": "owner"]
            let second = try await PassportScenario.register(client, .object(unknown))
            #expect(second.0 == .badRequest && second.1.contains("/access/materials.recipe"))
            #expect(try await PassportScenario.register(client).0 == .created)
            #expect(try await PassportScenario.register(client).0 == .ok)
            #expect(try await PassportScenario.register(client, token: PassportScenario.supplierToken).0 == .forbidden)
            #expect(try await PassportScenario.get(client, "/products/\(PassportScenario.gtin)", token: PassportScenario.makerToken).status == .ok)
            #expect(try await PassportScenario.get(client, "/products/\(PassportScenario.gtin)", token: PassportScenario.strangerToken).status == .forbidden)
            #expect(try await PassportScenario.get(client, "/products/\(PassportScenario.gtin)").status == .unauthorized)
        }
    }

    @Test func itemFootprintSharesTheAssemblyStepsBurdenPerUnit() async throws {
        let s = try await PassportScenario.make()
        defer { s.tmp.remove() }
        try await Application(router: s.router).test(.router) { client in
            _ = try await PassportScenario.register(client)
            let r = try await PassportScenario.get(client, Self.passport + "?format=json", token: PassportScenario.makerToken)
            let carbon = try #require(try JSONParser.parse(r.body).objectValue?["carbonFootprint"]?.objectValue)
            // Housings: 4.0 kg/kg resin + 50 kg over 100 kg = 4.5 kg/kg; 1 kg in, plus 2 kg assembly, over 2 units of 1 kg.
            #expect(abs(carbon["kgCO2e"]!.numberValue!.doubleValue - (4.5 + 2) / 2) < 1e-6)
            let steps = carbon["byStep"]?.arrayValue?.compactMap { $0.objectValue?["kgCO2ePerKg"]?.numberValue?.doubleValue } ?? []
            #expect(abs(steps.reduce(0, +) - carbon["kgCO2ePerKg"]!.numberValue!.doubleValue) < 1e-6)
            #expect(steps.count == 3)
        }
    }

    @Test func eventsCapturedAfterAViewAppearInTheNext() async throws {
        let s = try await PassportScenario.make()
        defer { s.tmp.remove() }
        try await Application(router: s.router).test(.router) { client in
            _ = try await PassportScenario.register(client)
            let before = try await PassportScenario.get(client, Self.passport + "?format=json")
            #expect(before.status == .ok && !before.body.contains("Repairing"))
            // A repair is an ObjectEvent: it changes no trace step, but it is on the item's trail.
            try await s.capture(
                s.maker,
                [
                    [
                        "type": "ObjectEvent", "eventTime": "2025-03-01T09:00:00+09:00", "eventTimeZoneOffset": "+09:00",
                        "action": "OBSERVE", "bizStep": "repairing", "epcList": [.string(PassportScenario.item)]
                    ]
                ])
            let after = try await PassportScenario.get(client, Self.passport + "?format=json")
            #expect(after.body.contains("Repairing"))
        }
    }

    /// Without `POST /products`, the product class can travel in the ILMD of the event that commissions the items.
    @Test func productClassFromTheCommissioningEventsILMD() async throws {
        let s = try await PassportScenario.make()
        defer { s.tmp.remove() }
        var product = PassportScenario.productClass.objectValue!
        product["gtin"] = "04912345000088"
        product["name"] = "Dock declared in ILMD"
        try await s.capture(
            s.maker,
            [
                [
                    "type": "ObjectEvent", "eventTime": "2024-08-01T09:00:00+09:00", "eventTimeZoneOffset": "+09:00",
                    "action": "ADD", "bizStep": "commissioning", "epcList": ["https://id.gs1.org/01/04912345000088/21/D-1"],
                    "ilmd": ["junkan:productClass": .object(product)]
                ]
            ])
        try await Application(router: s.router).test(.router) { client in
            let r = try await PassportScenario.get(client, "/passports/01/04912345000088/21/D-1?format=json", token: PassportScenario.makerToken)
            let o = try #require(try JSONParser.parse(r.body).objectValue)
            #expect(o["identity"]?.objectValue?["name"] == "Dock declared in ILMD")
            #expect(o["identity"]?.objectValue?["maker"]?.objectValue?["name"] == "Brand Maker Inc.")
            #expect(o["materials"]?.arrayValue?.count == 2 && o["accessLevel"] == "owner")
        }
    }
}
