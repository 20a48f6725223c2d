import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanNode
import JunkanServer
import JunkanStore
import JunkanTestSupport
import Testing

/// The materials bank through the real router and a real SQLite file.
@Suite struct MaterialRouteTests {
    static let json: HTTPFields = [.authorization: "Bearer test-token", .contentType: "application/json"]

    func send(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ body: JSONValue? = nil,
        headers: HTTPFields = Self.json
    ) async throws -> (HTTPResponse.Status, JSONValue, HTTPFields) {
        try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: JSONWriter.string($0)) }) { r in
            (r.status, r.body.readableBytes == 0 ? .null : try JSONParser.parse(Array(r.body.readableBytesView)), r.headers)
        }
    }

    func seed(_ client: some TestClientProtocol) async throws {
        for g in [MaterialSamples.virginGrade, MaterialSamples.recycledGrade] {
            #expect(try await send(client, .post, "/materials/grades", g).0 == .created)
        }
        for l in MaterialSamples.lots {
            let (status, body, headers) = try await send(client, .post, "/materials/lots", l)
            #expect(status == .created, "\(body)")
            #expect(headers[.location]?.hasPrefix("/materials/lots/01/09506000134352/10/") == true)
        }
        #expect(try await send(client, .post, "/materials/requests", MaterialSamples.request).0 == .created)
    }

    @Test(.temporaryStore) func crudMatchesAndBlend() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        try await tmp.application().test(.router) { client in
            try await seed(client)
            let (_, lot, _) = try await send(client, .get, "/materials/lots/01/09506000134352/10/R2")
            let computed = try #require(lot.objectValue?["computed"]?.objectValue)
            #expect(computed["recycledShare"] == 1 && computed["kgCO2ePerKg"] == 0.6 && computed["dataQualityLevel"] == 1)
            #expect(computed["properties"]?.arrayValue?.first { $0.objectValue?["property"] == "MFR" }?.objectValue?["source"] == "lot")

            let (_, found, _) = try await send(client, .get, "/materials/lots?polymer=PP&MFR=10..25&kind=recycled")
            #expect(found.objectValue?["lots"]?.arrayValue?.compactMap { $0.objectValue?["id"]?.stringValue } == [MaterialSamples.lotID("R2")])

            let (status, blend, _) = try await send(client, .post, "/materials/requests/rq1/blend")
            #expect(status == .ok)
            let b = try #require(blend.objectValue)
            #expect(b["feasible"] == true)
            let components = try #require(b["components"]?.arrayValue)
            let share =
                components.reduce(0.0) { sum, c in
                    let o = c.objectValue!
                    return sum + o["massKg"]!.numberValue!.doubleValue * o["recycledShare"]!.numberValue!.doubleValue
                } / 2000
            #expect(abs(share - b["recycledShare"]!.numberValue!.doubleValue) < 1e-6)
            #expect(b["predicted"]?.objectValue?.keys.sorted() == ["MFR", "density", "tensileModulus"])
            #expect(b["binding"]?.arrayValue?.isEmpty == false)

            let (_, matches, _) = try await send(client, .get, "/materials/requests/rq1/matches")
            #expect(matches.objectValue?["candidates"] == 3)
            #expect(matches.objectValue?["nearMisses"]?.arrayValue?.isEmpty == false)

            // Replace and delete: only the owner may; a grade with lots stays.
            var changed = try #require(MaterialSamples.lots[2].objectValue)
            changed["massKg"] = 100
            #expect(try await send(client, .put, "/materials/lots/01/09506000134352/10/R2", .object(changed)).0 == .ok)
            #expect(try await send(client, .get, "/materials/lots/01/09506000134352/10/R2").1.objectValue?["massKg"] == 100)
            #expect(try await send(client, .delete, "/materials/grades/pp-pcr").0 == .conflict)
            #expect(try await send(client, .delete, "/materials/lots/01/09506000134352/10/R2").0 == .noContent)
            #expect(try await send(client, .get, "/materials/lots/01/09506000134352/10/R2").0 == .notFound)
        }
    }

    @Test(.temporaryStore) func anotherOrganisationCannotChangeYourRecords() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        _ = try await tmp.organisation("Rival", token: "rival-token")
        try await tmp.application().test(.router) { client in
            try await seed(client)
            let rival: HTTPFields = [.authorization: "Bearer rival-token", .contentType: "application/json"]
            #expect(try await send(client, .put, "/materials/grades/pp-virgin", MaterialSamples.virginGrade, headers: rival).0 == .forbidden)
            #expect(try await send(client, .delete, "/materials/requests/rq1", headers: rival).0 == .forbidden)
            #expect(try await send(client, .post, "/materials/grades", MaterialSamples.virginGrade).0 == .conflict)
            #expect(
                try await send(client, .post, "/materials/grades", MaterialSamples.virginGrade, headers: [.contentType: "application/json"]).0 == .unauthorized)
        }
    }

    @Test(.temporaryStore) func badDocumentsGetAProblemWithAPointer() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        try await tmp.application().test(.router) { client in
            var grade = try #require(MaterialSamples.virginGrade.objectValue)
            grade["properties"] = [["property": "MFR", "value": 12, "unit": "g/10min", "standard": "ISO 1133", "conditions": ["temperature_C": 230]]]
            let (status, p, headers) = try await send(client, .post, "/materials/grades", .object(grade))
            #expect(status == .badRequest)
            #expect(headers[.contentType] == "application/problem+json")
            #expect(p.objectValue?["pointer"] == "/properties/0/conditions")
            let lot: JSONValue = ["id": "https://id.gs1.org/01/09506000134353/10/X", "grade": "pp-virgin", "massKg": 1, "location": ["lat": 0, "lon": 0]]
            #expect(try await send(client, .post, "/materials/lots", lot).1.objectValue?["pointer"] == "/grade")
            #expect(try await send(client, .post, "/materials/grades", MaterialSamples.virginGrade).0 == .created)
            let (_, badID, _) = try await send(client, .post, "/materials/lots", lot)
            #expect(badID.objectValue?["pointer"] == "/id")
            #expect(try await send(client, .get, "/materials/lots?MFR=1..2").0 == .badRequest)
            #expect(try await send(client, .get, "/materials/lots?colour=red").0 == .badRequest)
            #expect(try await send(client, .get, "/materials/requests/nope/matches").0 == .notFound)
        }
    }

    @Test(.temporaryStore) func importsCSVRowByRowAndListsRejectedRows() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        let csv = """
            id,producer,name,polymer,kind,emission_factor,source,property,value,unit,standard,conditions
            g1,Resin Co,PP 12,PP,virgin,1.7,datasheet,MFR,12,g/10min,ISO 1133,temperature_C=230;load_kg=2.16
            g1,,,,,,,density,905,kg/m3,ISO 1183,
            g2,Resin Co,PP bad,PP,virgin,1.7,,MFR,12,g/10min,ISO 1133,temperature_C=230;load_kg=2.16
            g2,,,,,,,density,0.9,kg/m3,ISO 1183,
            g3,Other,PA,PA6-GF30,recycled-pre-consumer,2.5,,,,,,

            """
        try await tmp.application().test(.router) { client in
            let (status, report) = try await client.execute(
                uri: "/materials/import?kind=grades", method: .post,
                headers: [.authorization: "Bearer test-token", .contentType: "text/csv"],
                body: ByteBuffer(string: csv)
            ) { r in (r.status, try JSONParser.parse(Array(r.body.readableBytesView))) }
            #expect(status == .ok)
            let o = try #require(report.objectValue)
            #expect(o["created"] == 2)
            let rejected = try #require(o["rejected"]?.arrayValue?.first?.objectValue)
            #expect(rejected["line"] == 5 && rejected["id"] == "g2")
            #expect(rejected["reason"]?.stringValue?.contains("is it in g/cm3?") == true)
            let (_, g1, _) = try await send(client, .get, "/materials/grades/g1")
            #expect(g1.objectValue?["properties"]?.arrayValue?.count == 2)
        }
    }

    @Test(.temporaryStore) func pagesRenderWithoutScript() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        try await tmp.application().test(.router) { client in
            try await seed(client)
            for uri in ["/materials/offers.html?polymer=PP", "/materials/request.html?id=rq1"] {
                let (status, html) = try await client.execute(uri: uri, method: .get) { r in (r.status, String(buffer: r.body)) }
                #expect(status == .ok)
                #expect(!html.contains("<script"))
                #expect(html.contains("R2"))
            }
            let (bad, html) = try await client.execute(uri: "/materials/offers.html?MFR=abc", method: .get) { r in (r.status, String(buffer: r.body)) }
            #expect(bad == .badRequest)
            #expect(html.contains("role=\"alert\""))
        }
    }

    /// A traced lot's footprint and recycled content come from the trace graph, not from its grade's declaration.
    @Test(.temporaryStore) func tracedLotsTakeTheirFiguresFromTheTraceGraph() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        try await tmp.application().test(.router) { client in
            try await seed(client)
            // W (no footprint declared) is cut off into R: post-consumer recycled, 50 kg CO2e over 450 kg.
            let events = [
                TraceSamples.create("W", kg: 500),
                TraceSamples.transform([("W", 500)], [("R", 450)], ghg: 50, extra: ["junkan:cutOff": true], n: 1)
            ]
            let (captured, _) = try await client.execute(
                uri: "/capture", method: .post,
                headers: [.authorization: "Bearer test-token", .contentType: "application/ld+json"],
                body: ByteBuffer(string: JSONWriter.string(SampleEvents.document(events)))
            ) { r in (r.status, r.body) }
            #expect(captured == .accepted)
            let lot: JSONValue = [
                "id": .string(TraceSamples.lot("R")), "grade": "pp-pcr", "massKg": 450, "location": ["lat": 35, "lon": 139],
                "recycledShare": 0.5, "recycled": ["form": "granulate", "colour": "black"]
            ]
            let (status, created, headers) = try await send(client, .post, "/materials/lots", lot)
            #expect(status == .created, "\(created)")
            let path = try #require(headers[.location])
            let computed = try #require(try await send(client, .get, path).1.objectValue?["computed"]?.objectValue)
            #expect(computed["footprintSource"] == "trace" && computed["recycledShareSource"] == "trace")
            #expect(abs((computed["kgCO2ePerKg"]?.numberValue?.doubleValue ?? 0) - 50.0 / 450) < 1e-6)
            #expect(computed["recycledShare"] == 1)
            // Traced counts towards DQL 4's verifiable origin, but this lot measured nothing: level 1.
            #expect(computed["dataQualityLevel"] == 1)
        }
    }

    /// A write straight to the database (`junkan import materials` beside a running node) shows on the next request.
    @Test(.temporaryStore) func seesWritesMadeOutsideTheServer() async throws {
        let tmp = try TemporaryStore.forTest()
        let org = try await tmp.organisation()
        try await tmp.application().test(.router) { client in
            try await seed(client)
            #expect(try await send(client, .get, "/materials/lots").1.objectValue?["count"] == 3)
            let catalogue = MaterialCatalogue(store: tmp.store, index: nil, now: { 0 })
            let lot = JSONValue.object(
                JSONObject([
                    (
                        "lots",
                        [
                            [
                                "id": .string(MaterialSamples.lotID("R9")), "grade": "pp-pcr", "massKg": 10,
                                "location": ["lat": 35, "lon": 139]
                            ]
                        ]
                    )
                ]))
            let report = try await MaterialImporter.importData(
                Array(JSONWriter.string(lot).utf8), format: .json, kind: .lots, catalogue: catalogue,
                owner: org.id)
            #expect(report.created == 1)
            #expect(try await send(client, .get, "/materials/lots").1.objectValue?["count"] == 4)
        }
    }
}
