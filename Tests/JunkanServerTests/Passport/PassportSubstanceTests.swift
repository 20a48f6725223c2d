import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanNode
import JunkanServer
import JunkanTestSupport
import Testing

/// The passport's substance compliance (issue 31, item 4): the notebook's housings are moulded from a resin lot its
/// supplier declares with 0.3 % decaBDE, so the housings (an article of the notebook, assembled) hold 0.3 %: a REACH
/// Art. 33 duty, a RoHS and a POPs failure. The statuses are public; the substances found follow the product class's
/// level for `substances`, except for a battery, whose hazardous substances the EU battery regulation makes public.
@Suite struct PassportSubstanceTests {
    static let passport = "/passports/01/04912345000071/21/SER-0001"

    static let resinDeclaration: JSONValue = [
        "subject": .string(PassportScenario.resin), "name": "rPC/ABS",
        "materials": [["name": "rPC/ABS", "substances": [["name": "decaBDE", "cas": "1163-19-5", "massPercent": 0.3, "method": "XRF"]]]]
    ]

    static func productClass(type: String) -> JSONValue {
        var o = PassportScenario.productClass.objectValue!
        o["productType"] = .string(type)
        o["access"] = ["substances": "owner"]
        return .object(o)
    }

    static func json(_ body: String) throws -> JSONObject { try #require(try JSONParser.parse(Array(body.utf8)).objectValue) }

    static func list(_ compliance: JSONObject?, _ id: String) -> JSONObject? {
        compliance?["lists"]?.arrayValue?.first { $0.objectValue?["id"] == .string(id) }?.objectValue
    }

    @Test func thePassportShowsTheChecksStatusesAndTheSubstancesAsTheLevelAllows() async throws {
        let s = try await PassportScenario.make()
        defer { s.tmp.remove() }
        try await Application(router: s.router).test(.router) { client in
            #expect(try await PassportScenario.register(client, Self.productClass(type: "pc")).0 == .created)
            // Nothing upstream declared: no section of unknowns.
            let before = try Self.json(try await PassportScenario.get(client, Self.passport + "?format=json", token: PassportScenario.makerToken).body)
            #expect(before["substanceCompliance"] == nil)

            let declared = try await client.execute(
                uri: "/substances/declarations", method: .post, headers: PassportScenario.headers(PassportScenario.supplierToken, json: true),
                body: ByteBuffer(string: JSONWriter.string(Self.resinDeclaration))
            ) { $0.status }
            #expect(declared == .created)

            // The owner: every list but the batteries' (this is a notebook), the duty named, decaBDE found in the housings.
            let owner = try Self.json(try await PassportScenario.get(client, Self.passport + "?format=json", token: PassportScenario.makerToken).body)
            let compliance = try #require(owner["substanceCompliance"]?.objectValue)
            #expect(compliance["status"] == "fail")
            #expect(compliance["lists"]?.arrayValue?.compactMap { $0.objectValue?["id"]?.stringValue } == ["eu-rohs", "reach-svhc", "eu-pops"])
            let svhc = try #require(Self.list(compliance, "reach-svhc"))
            #expect(svhc["status"] == "fail")
            #expect(svhc["duties"]?.arrayValue?.first?.stringValue?.contains("SCIP") == true)
            let found = compliance["found"]?.arrayValue?.compactMap(\.objectValue) ?? []
            // Assembled, the housings stay an article of their own, each above 0.1 % (as is the notebook, made of them alone).
            let inSVHC = found.filter { $0["list"] == "reach-svhc" }
            #expect(Set(inSVHC.compactMap { $0["article"]?.stringValue }) == [PassportScenario.item, PassportScenario.parts])
            #expect(inSVHC.allSatisfy { $0["cas"] == "1163-19-5" && $0["concentrationPercent"] == .number(JSONNumber(0.3)) })

            // The public: the statuses, not the substances (the maker keeps `substances` to itself), and it is told so.
            let body = try await PassportScenario.get(client, Self.passport + "?format=json").body
            let pub = try Self.json(body)
            let publicCompliance = try #require(pub["substanceCompliance"]?.objectValue)
            #expect(publicCompliance["status"] == "fail")
            #expect(publicCompliance["found"] == .array([]))
            #expect(pub["withheld"]?.arrayValue?.contains("substances") == true)
            #expect(!body.contains("1163-19-5"))
            let page = try await PassportScenario.get(client, Self.passport).body
            #expect(page.contains("Restricted substances"))
            #expect(!page.contains("1163-19-5"))
        }
    }

    @Test func aBatterysHazardousSubstancesArePublicWhateverThePolicy() async throws {
        let s = try await PassportScenario.make()
        defer { s.tmp.remove() }
        try await Application(router: s.router).test(.router) { client in
            #expect(try await PassportScenario.register(client, Self.productClass(type: "battery-portable")).0 == .created)
            _ = try await client.execute(
                uri: "/substances/declarations", method: .post, headers: PassportScenario.headers(PassportScenario.supplierToken, json: true),
                body: ByteBuffer(string: JSONWriter.string(Self.resinDeclaration))
            ) { $0.status }
            let body = try await PassportScenario.get(client, Self.passport + "?format=json").body
            let pub = try Self.json(body)
            #expect(pub["substancesPublicByLaw"]?.stringValue?.contains("2023/1542") == true)
            let compliance = try #require(pub["substanceCompliance"]?.objectValue)
            #expect(Self.list(compliance, "eu-batteries")?["status"] == "pass")
            #expect(body.contains("1163-19-5"))
            #expect(pub["substancesOfConcern"] != nil)
            // Not even the section itself can be withheld from the public.
            var hiding = Self.productClass(type: "battery-portable").objectValue!
            hiding["access"] = ["substances": "owner", "substances.compliance": "owner"]
            #expect(try await PassportScenario.register(client, .object(hiding)).0 == .ok)
            let hidden = try Self.json(try await PassportScenario.get(client, Self.passport + "?format=json").body)
            #expect(hidden["substanceCompliance"]?.objectValue?["found"]?.arrayValue?.isEmpty == false)
            #expect(pub["withheld"]?.arrayValue?.contains("substances") == false)
        }
    }

    /// One company does not speak for another: a stranger's declaration of the maker's notebook (nothing restricted in
    /// it) is not read, so the notebook still carries the resin's decaBDE through its housings; the maker's own
    /// declaration of it is read.
    @Test func aStrangersDeclarationDoesNotSpeakForTheMaker() async throws {
        let s = try await PassportScenario.make()
        defer { s.tmp.remove() }
        try await Application(router: s.router).test(.router) { client in
            #expect(try await PassportScenario.register(client, Self.productClass(type: "pc")).0 == .created)
            func declare(_ token: String, _ body: JSONValue) async throws -> HTTPResponse.Status {
                try await client.execute(
                    uri: "/substances/declarations", method: .post, headers: PassportScenario.headers(token, json: true),
                    body: ByteBuffer(string: JSONWriter.string(body))
                ) { $0.status }
            }
            let clean: JSONValue = ["subject": .string(PassportScenario.item), "materials": [["name": "everything", "massKg": 1]]]
            #expect(try await declare(PassportScenario.supplierToken, Self.resinDeclaration) == .created)
            #expect(try await declare(PassportScenario.strangerToken, clean) == .created)
            let id = PercentEncoding.encode(PassportScenario.item)
            let read = try await PassportScenario.get(client, "/substances/compliance?id=\(id)&list=reach-svhc").body
            let answer = try Self.json(read)
            #expect(answer["status"] == "fail")
            #expect(answer["declarations"]?.arrayValue?.count == 1)  // the supplier's of its resin, not the stranger's
            #expect(try await declare(PassportScenario.makerToken, clean) == .created)
            let own = try Self.json(try await PassportScenario.get(client, "/substances/compliance?id=\(id)&list=reach-svhc").body)
            #expect(own["status"] == "pass")
        }
    }
}
