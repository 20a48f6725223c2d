import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanServer
import JunkanTestSupport
import Testing

/// `GET /substances/scip`: the notebook of PassportScenario, whose housings are moulded from a resin lot declared with
/// 0.3 % decaBDE. The notebook is assembled, so the housing lot is the article notified, a component of the notebook;
/// category and instructions come from the maker's product class, never from anyone else's.
@Suite struct ScipRouteTests {
    static func scip(_ client: some TestClientProtocol, _ id: String) async throws -> (HTTPResponse.Status, JSONObject) {
        let r = try await PassportScenario.get(client, "/substances/scip?id=" + PercentEncoding.encode(id))
        return (r.status, try #require(try JSONParser.parse(Array(r.body.utf8)).objectValue))
    }

    @Test func theHousingLotIsTheComponentNotifiedWithTheMakersCategoryAndInstructions() async throws {
        let s = try await PassportScenario.make()
        defer { s.tmp.remove() }
        try await Application(router: s.router).test(.router) { client in
            var product = PassportScenario.productClass.objectValue!
            product["scip"] = ["articleCategory": "84713000", "safeUseInstructions": "Keep the housing whole."]
            #expect(try await PassportScenario.register(client, .object(product)).0 == .created)
            let (before, none) = try await Self.scip(client, PassportScenario.item)
            #expect(before == .ok)
            #expect(none["need"] == "unknown")  // nothing declared yet: never "not required"

            let declared = try await client.execute(
                uri: "/substances/declarations", method: .post, headers: PassportScenario.headers(PassportScenario.supplierToken, json: true),
                body: ByteBuffer(string: JSONWriter.string(PassportSubstanceTests.resinDeclaration))
            ) { $0.status }
            #expect(declared == .created)
            let (status, n) = try await Self.scip(client, PassportScenario.item)
            #expect(status == .ok)
            #expect(n["need"] == "required")
            let article = try #require(n["article"]?.objectValue)
            #expect(article["primaryArticleIdentifier"]?.objectValue?["value"] == "04912345000071")
            #expect(article["articleCategory"] == "8471300000")
            #expect(article["producedInEU"] == .bool(false))
            #expect(article["safeUseInstructions"] == "Keep the housing whole.")
            #expect(article["disassemblyInstructions"] == "Return it through the take-back scheme.")
            #expect(article["isComplexObject"] == .bool(true))
            let component = try #require(article["components"]?.arrayValue?.first?.objectValue)
            #expect(component["identifier"]?.stringValue == PassportScenario.parts)
            let element = try #require(component["concernElements"]?.arrayValue?.first?.objectValue)
            #expect(element["concentrationRange"] == "> 0.1 % w/w and ≤ 0.3 % w/w")
            #expect(element["concentrationPercent"] == .number(JSONNumber(0.3)))
            #expect(element["substance"]?.objectValue?["cas"] == ["1163-19-5"])
            #expect(n["candidateList"]?.objectValue?["isExcerpt"] == .bool(true))

            // An id that names nothing here is 404; a bad check digit or an unknown parameter, 400.
            #expect(try await PassportScenario.get(client, "/substances/scip?id=https%3A%2F%2Fid.gs1.org%2F01%2F04912345000088%2F21%2FX").status == .notFound)
            #expect(try await PassportScenario.get(client, "/substances/scip?id=04912345000072").status == .badRequest)
            #expect(try await PassportScenario.get(client, "/substances/scip?id=x&list=eu-rohs").status == .badRequest)
        }
    }
}
