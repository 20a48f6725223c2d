import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanNode
import JunkanServer
import JunkanTestSupport
import Testing

/// Declarations in and compliance out through the real router: a housing moulded from a virgin and a recycled lot, the
/// recycled one measured with decaBDE; its compliance follows the trace graph to the lots' declarations.
@Suite struct SubstanceRouteTests {
    typealias T = TraceSamples
    static let json: HTTPFields = [.authorization: "Bearer test-token", .contentType: "application/json"]
    static func lot(_ name: String) -> String { CBVCanonical.identifier(T.lot(name)) }

    /// 0.8 t of virgin V and 0.2 t of recycled R moulded into 1 t of housings H.
    static let events: [JSONValue] = [
        T.create("V", kg: 800), T.create("R", kg: 200),
        T.transform([("V", 800), ("R", 200)], [("H", 1000)], extra: ["junkan:processKind": "moulding"], n: 1)
    ]

    static func declarations(decaBDEPercent: Double) -> JSONValue {
        [
            ["subject": .string(lot("V")), "name": "PC/ABS, virgin", "materials": [["name": "PC/ABS"]]],
            [
                "subject": .string(lot("R")), "name": "rPC/ABS from WEEE",
                "materials": [
                    [
                        "name": "rPC/ABS",
                        "substances": [
                            [
                                "name": "decaBDE", "cas": "1163-19-5", "massPercent": .number(JSONNumber(decaBDEPercent)), "method": "XRF",
                                "limitOfDetectionPercent": 0.001
                            ]
                        ]
                    ]
                ]
            ]
        ]
    }

    func send(
        _ client: some TestClientProtocol, _ uri: String, _ method: HTTPRequest.Method = .get, headers: HTTPFields = [:], body: String? = nil
    )
        async throws -> (HTTPResponse.Status, JSONValue)
    {
        try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { r in
            (r.status, try JSONParser.parse(Array(r.body.readableBytesView)))
        }
    }

    static func rule(_ answer: JSONValue, list: String, _ id: String) -> JSONObject? {
        answer.objectValue?["lists"]?.arrayValue?.first { $0.objectValue?["id"] == .string(list) }?.objectValue?["rules"]?.arrayValue?
            .first { $0.objectValue?["id"] == .string(id) }?.objectValue
    }

    /// 0.3 % decaBDE in a fifth of the blend is 0.06 % of the housing: under RoHS's and REACH's 0.1 %, over the POPs
    /// regulation's 500 mg/kg (0.05 %) for PBDEs in articles — the legacy-substance case of recyclates.
    @Test(.temporaryStore) func aRecyclatesDecaBDEReachesTheMouldedHousing() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        try await tmp.application().test(.router) { client in
            let capture = try await send(
                client, "/capture", .post, headers: [.authorization: "Bearer test-token", .contentType: "application/ld+json"],
                body: JSONWriter.string(SampleEvents.document(Self.events)))
            #expect(capture.0 == .accepted)
            let (status, stored) = try await send(
                client, "/substances/declarations", .post, headers: Self.json, body: JSONWriter.string(Self.declarations(decaBDEPercent: 0.3)))
            #expect(status == .created)
            #expect(stored.objectValue?["stored"] == .number(JSONNumber(2)))

            let id = PercentEncoding.encode(Self.lot("H"))
            let (ok, answer) = try await send(client, "/substances/compliance?id=\(id)&list=eu-rohs,reach-svhc&list=eu-pops")
            #expect(ok == .ok)
            #expect(answer.objectValue?["lists"]?.arrayValue?.count == 3)
            #expect(answer.objectValue?["status"] == "fail")
            let rohs = try #require(Self.rule(answer, list: "eu-rohs", "pbde"))
            #expect(rohs["status"] == "pass")
            #expect(rohs["highest"]?.objectValue?["concentrationPercent"] == .number(JSONNumber(0.06)))
            #expect(Self.rule(answer, list: "reach-svhc", "decabde")?["status"] == "pass")
            let pops = try #require(Self.rule(answer, list: "eu-pops", "pbde-sum"))
            #expect(pops["status"] == "fail")
            let finding = try #require(pops["findings"]?.arrayValue?.first?.objectValue)
            #expect(finding["article"] == .string(Self.lot("H")))
            #expect(finding["concentrationPercent"] == .number(JSONNumber(0.06)))
            let source = try #require(finding["substances"]?.arrayValue?.first?.objectValue?["sources"]?.arrayValue?.first?.objectValue)
            #expect(source["declaration"] == .string(Self.lot("R")))
            #expect(source["viaLot"] == .string(Self.lot("R")))
            #expect(source["sharePercent"] == .number(JSONNumber(20)))
            #expect(source["measurement"] == "XRF, LOD 0.001 %")
            #expect(answer.objectValue?["declarations"]?.arrayValue?.count == 2)
        }
    }

    /// A recycled lot on offer in the materials bank, measured there, declares its substances without a declaration sent.
    @Test(.temporaryStore) func aMaterialsBankLotsMeasurementCountsInTheRollUp() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        try await tmp.application().test(.router) { client in
            _ = try await send(
                client, "/capture", .post, headers: [.authorization: "Bearer test-token", .contentType: "application/ld+json"],
                body: JSONWriter.string(SampleEvents.document(Self.events)))
            #expect(
                try await send(client, "/materials/grades", .post, headers: Self.json, body: JSONWriter.string(MaterialSamples.recycledGrade)).0 == .created)
            let lot: JSONValue = [
                "id": .string(Self.lot("R")), "grade": "pp-pcr", "massKg": 200, "location": ["lat": 35.6, "lon": 139.7],
                "substancesOfConcern": [["name": "decaBDE", "cas": "1163-19-5", "concentrationPercent": 0.3, "method": "XRF"]]
            ]
            #expect(try await send(client, "/materials/lots", .post, headers: Self.json, body: JSONWriter.string(lot)).0 == .created)
            let onlyVirgin = JSONValue.array([Self.declarations(decaBDEPercent: 0).arrayValue![0]])
            #expect(try await send(client, "/substances/declarations", .post, headers: Self.json, body: JSONWriter.string(onlyVirgin)).0 == .created)
            let (_, answer) = try await send(client, "/substances/compliance?id=\(PercentEncoding.encode(Self.lot("H")))&list=eu-pops")
            let pops = try #require(Self.rule(answer, list: "eu-pops", "pbde-sum"))
            #expect(pops["status"] == "fail")
            #expect(pops["findings"]?.arrayValue?.first?.objectValue?["concentrationPercent"] == .number(JSONNumber(0.06)))
            let bank = answer.objectValue?["declarations"]?.arrayValue?.first { $0.objectValue?["subject"] == .string(Self.lot("R")) }?.objectValue
            #expect(bank?["format"] == "materials-bank")
        }
    }

    /// The recycled lot without a declaration: nothing can pass; the answer says which lot is not known.
    @Test(.temporaryStore) func anUndeclaredLotMakesTheHousingUnknown() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        try await tmp.application().test(.router) { client in
            _ = try await send(
                client, "/capture", .post, headers: [.authorization: "Bearer test-token", .contentType: "application/ld+json"],
                body: JSONWriter.string(SampleEvents.document(Self.events)))
            let onlyVirgin = JSONValue.array([Self.declarations(decaBDEPercent: 0).arrayValue![0]])
            #expect(try await send(client, "/substances/declarations", .post, headers: Self.json, body: JSONWriter.string(onlyVirgin)).0 == .created)
            let (_, answer) = try await send(client, "/substances/compliance?id=\(PercentEncoding.encode(Self.lot("H")))&list=eu-rohs")
            #expect(answer.objectValue?["status"] == "unknown")
            let cd = try #require(Self.rule(answer, list: "eu-rohs", "cd"))
            #expect(cd["status"] == "unknown")
            #expect(cd["unknownBecause"]?.arrayValue?.first?.stringValue?.contains("no declaration names \(Self.lot("R"))") == true)
        }
    }

    /// An IEC 62474 XML declaration is stored under its GTIN, and a product class's declaration stands for its lots.
    @Test(.temporaryStore) func anIEC62474DeclarationIsCheckedAsDeclared() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        try await tmp.application().test(.router) { client in
            let (status, stored) = try await send(
                client, "/substances/declarations", .post, headers: [.authorization: "Bearer test-token", .contentType: "application/xml"],
                body: DeclarationDocumentTests.keyboard)
            #expect(status == .created)
            #expect(stored.objectValue?["subjects"] == ["https://id.gs1.org/01/04912345000057"])
            let (_, answer) = try await send(client, "/substances/compliance?id=https%3A%2F%2Fid.gs1.org%2F01%2F04912345000057%2F10%2FL7&list=eu-rohs")
            // Lead at 0.05 % of the solder passes; cadmium declared outside any material cannot be read as a material's.
            #expect(Self.rule(answer, list: "eu-rohs", "pb")?["status"] == "pass")
            #expect(Self.rule(answer, list: "eu-rohs", "cd")?["status"] == "unknown")
            #expect(answer.objectValue?["declarations"]?.arrayValue?.first?.objectValue?["supplier"] == "Keyboard Works")
        }
    }

    /// Refusals: all or none (one bad declaration of two stores neither), each problem with its path; no token, no
    /// declaring; an unknown list or identifier is a 400 or 404.
    @Test(.temporaryStore) func badDeclarationsStoreNothing() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        try await tmp.application().test(.router) { client in
            let good: JSONValue = ["subject": "04912345000064", "materials": [["name": "brass", "massKg": 0.05]]]
            let bad: JSONValue = ["subject": "04912345000071", "materials": [["name": "x", "substances": [["name": "lead", "cas": "7439-92-2", "massKg": 1]]]]]
            let (status, problem) = try await send(client, "/substances/declarations", .post, headers: Self.json, body: JSONWriter.string([good, bad]))
            #expect(status == .badRequest)
            #expect(problem.objectValue?["errors"]?.arrayValue?.first?.objectValue?["path"] == "/1/materials/0/substances/0/cas")
            #expect(try await send(client, "/substances/compliance?id=04912345000064").0 == .notFound)
            // The good one alone is stored, and then found by its GTIN.
            #expect(try await send(client, "/substances/declarations", .post, headers: Self.json, body: JSONWriter.string(good)).0 == .created)
            let found = try await send(client, "/substances/compliance?id=04912345000064&list=eu-rohs")
            #expect(found.0 == .ok)
            #expect(found.1.objectValue?["status"] == "pass")
            #expect(try await send(client, "/substances/compliance?id=04912345000065").0 == .badRequest)  // a wrong check digit

            let xml = DeclarationDocumentTests.keyboard.replacingOccurrences(of: "http://std.iec.ch/iec62474", with: "http://example.com/x")
            let refused = try await send(
                client, "/substances/declarations", .post, headers: [.authorization: "Bearer test-token", .contentType: "application/xml"], body: xml)
            #expect(refused.0 == .badRequest)
            #expect(refused.1.objectValue?["errors"]?.arrayValue?.first?.objectValue?["line"] == .number(JSONNumber(2)))

            #expect(
                try await send(client, "/substances/declarations", .post, headers: [.contentType: "application/json"], body: JSONWriter.string(good)).0
                    == .unauthorized)
            #expect(try await send(client, "/substances/compliance?id=04912345000064&list=nope").0 == .badRequest)
            #expect(try await send(client, "/substances/lists").1.arrayValue?.count == 4)
        }
    }

    /// The CSV form through the route: kept as declared and read by a check; a bad row refuses the body with its line.
    @Test(.temporaryStore) func aCSVDeclarationIsKeptAndABadRowRefusesTheBody() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        let csv: HTTPFields = [.authorization: "Bearer test-token", .contentType: "text/csv"]
        try await tmp.application().test(.router) { client in
            let body = "subject,supplier,material,materialMassKg,substance,cas,massPercent\n04912345000064,Screw Co,brass,0.05,lead,7439-92-1,0.2\n"
            let (status, stored) = try await send(client, "/substances/declarations", .post, headers: csv, body: body)
            #expect(status == .created)
            #expect(stored.objectValue?["subjects"] == ["https://id.gs1.org/01/04912345000064"])
            let (_, answer) = try await send(client, "/substances/compliance?id=04912345000064&list=eu-rohs")
            #expect(Self.rule(answer, list: "eu-rohs", "pb")?["status"] == "fail")
            #expect(answer.objectValue?["declarations"]?.arrayValue?.first?.objectValue?["format"] == "csv")

            let bad = "subject,material,massPercent\n04912345000071,brass,3\n"
            let (refused, problem) = try await send(client, "/substances/declarations", .post, headers: csv, body: bad)
            #expect(refused == .badRequest)
            let error = problem.objectValue?["errors"]?.arrayValue?.first?.objectValue
            #expect(error?["path"] == "massPercent")
            #expect(error?["line"] == .number(JSONNumber(2)))
            #expect(try await send(client, "/substances/compliance?id=04912345000071").0 == .notFound)
        }
    }
}
