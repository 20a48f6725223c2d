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

/// Circularity import and reports through the real router and a real SQLite file.
@Suite struct CircularityRouteTests {
    static let csv: HTTPFields = [.authorization: "Bearer test-token", .contentType: "text/csv"]

    func send(
        _ client: some TestClientProtocol, _ text: String, file: String? = nil,
        headers: HTTPFields = Self.csv
    ) async throws -> (HTTPResponse.Status, JSONValue) {
        try await client.execute(
            uri: "/circularity/import" + (file.map { "?file=" + $0 } ?? ""), method: .post, headers: headers,
            body: ByteBuffer(string: text)
        ) { r in (r.status, try JSONParser.parse(Array(r.body.readableBytesView))) }
    }

    func get(_ client: some TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, JSONValue) {
        try await client.execute(uri: uri, method: .get) { r in (r.status, try JSONParser.parse(Array(r.body.readableBytesView))) }
    }

    @Test(.temporaryStore) func importThenReport() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        try await tmp.application().test(.router) { client in
            for (name, text) in CircularitySamples.files {
                let (status, body) = try await send(client, text, file: name)
                #expect(status == .ok, "\(name): \(body)")
            }
            let (status, r) = try await get(client, "/reports/circularity?fiscalYear=2023")
            #expect(status == .ok)
            let o = try #require(r.objectValue)
            #expect(o.keys == ["fiscalYear", "waste", "collection", "plasticWaste", "targets", "prtr", "organisations"])
            let waste = try #require(o["waste"]?.objectValue)
            #expect(waste["total_t"] == 41)
            #expect(
                waste["byCategory"]
                    == .object(JSONObject([("general", 10.5), ("industrial", 20.25), ("specially_controlled_industrial", 4.25), ("overseas", 6)])))
            #expect(waste["recyclingRate"]?.numberValue?.doubleValue == 35.5 / 41)
            for key in ["bySubcategory", "recycled_t", "materialRecycled_t", "thermalRecycled_t", "landfill_t", "landfillRate", "byCategoryRecycling"] {
                #expect(waste[key] != nil, "waste.\(key)")
            }
            let collection = try #require(o["collection"]?.objectValue)
            #expect(collection["collected_t"] == 15.5)
            #expect(collection["resourceReuseRate"]?.numberValue?.doubleValue == 13.8 / 15.5)
            #expect(collection["source"] == "records")
            let targets = try #require(o["targets"]?.arrayValue)
            #expect(targets.count == 4)
            for t in targets {
                for key in ["indicator", "scope", "baseYear", "targetYear", "targetChangePct", "actualChangePct", "met"] {
                    #expect(t.objectValue?[key] != nil, "targets[].\(key)")
                }
            }
            #expect(o["prtr"]?.objectValue?["total"]?.objectValue?["handled_kg"] == 1700)

            // Importing a file again replaces its rows: the figures do not double.
            let (again, summary) = try await send(client, CircularitySamples.waste)
            #expect(again == .ok)
            #expect(summary.objectValue?["replacedRows"] == 7 && summary.objectValue?["file"] == "waste.csv")
            #expect(try await get(client, "/reports/circularity?fiscalYear=2023").1.objectValue?["waste"]?.objectValue?["total_t"] == 41)

            // A file of FY2023 only leaves FY2022 as it was.
            let header = CircularityFile.waste.header.joined(separator: ",")
            #expect(try await send(client, header + "\n2023,Aizu,domestic,general,paper,landfill,2\n").0 == .ok)
            #expect(try await get(client, "/reports/circularity?fiscalYear=2023").1.objectValue?["waste"]?.objectValue?["total_t"] == 2)
            #expect(try await get(client, "/reports/circularity?fiscalYear=2022").1.objectValue?["waste"]?.objectValue?["total_t"] == 50)

            let (trendStatus, trend) = try await get(client, "/reports/circularity/trend?from=2021&to=2023")
            #expect(trendStatus == .ok)
            #expect(
                trend.arrayValue?.map { $0.objectValue!.keys }
                    == Array(
                        repeating: [
                            "fiscalYear", "total_t", "general", "industrial",
                            "specially_controlled_industrial", "overseas", "recycled_t", "recyclingRate"
                        ], count: 3))
            #expect(trend.arrayValue?[0].objectValue?["recyclingRate"] == .null)
            try await client.execute(uri: "/reports/circularity/trend?from=2022&to=2023", method: .get, headers: [.accept: "text/csv"]) { r in
                #expect(r.headers[.contentType]?.hasPrefix("text/csv") == true)
                #expect(
                    String(buffer: r.body) == "fiscalYear,total_t,general,industrial,specially_controlled_industrial,overseas,recycled_t,recyclingRate\r\n"
                        + "2022,50,0,50,0,0,50,1\r\n2023,2,2,0,0,0,0,0\r\n")
            }
            try await client.execute(uri: "/reports/circularity.html?fiscalYear=2023", method: .get) { r in
                #expect(r.status == .ok)
                let html = String(buffer: r.body)
                #expect(html.contains("<svg class=\"chart\"") && html.contains("Targets and results") && html.contains("✘ not met"))
            }
        }
    }

    @Test(.temporaryStore) func aBadFileStoresNothingAndSaysWhere() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        try await tmp.application().test(.router) { client in
            let bad = CircularitySamples.waste.replacingOccurrences(
                of: "2023,Penang,overseas,general,other,landfill,1",
                with: "2023,Penang,overseas,general,other,landfill,lots")
            let (status, problem) = try await send(client, bad)
            #expect(status == .badRequest)
            let errors = try #require(problem.objectValue?["errors"]?.arrayValue)
            #expect(
                errors == [
                    .object(JSONObject([("file", "waste.csv"), ("line", 7), ("reason", "mass_t must be a decimal number ≥ 0 such as 12.5, found \"lots\"")]))
                ])
            #expect(try await get(client, "/reports/circularity?fiscalYear=2023").1.objectValue?["waste"]?.objectValue?["total_t"] == 0)

            #expect(try await send(client, CircularitySamples.waste, headers: [.contentType: "text/csv"]).0 == .unauthorized)
            #expect(
                try await send(
                    client, CircularitySamples.waste,
                    headers: [.authorization: "Bearer test-token", .contentType: "application/json"]
                ).0 == .unsupportedMediaType)
            #expect(try await send(client, CircularitySamples.waste, file: "sales.csv").0 == .badRequest)
            for uri in [
                "/reports/circularity", "/reports/circularity?fiscalYear=23", "/reports/circularity/trend?from=2024&to=2023",
                "/reports/circularity/trend?from=2020&to=2021&format=xml"
            ] {
                let (s, p) = try await get(client, uri)
                #expect(s == .badRequest, "\(uri)")
                #expect(p.objectValue?["detail"] != nil)
            }
        }
    }

    @Test(.temporaryStore) func collectionFromCapturedEventsMatchesTheImport() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        try await tmp.application().test(.router) { client in
            try await client.execute(
                uri: "/capture", method: .post, headers: [.authorization: "Bearer test-token", .contentType: "application/ld+json"],
                body: ByteBuffer(string: JSONWriter.string(SampleEvents.document(CircularitySamples.collectionEvents)))
            ) { r in
                #expect(r.status == .accepted)
            }
            let traced = try #require(try await get(client, "/reports/circularity?fiscalYear=2023").1.objectValue?["collection"]?.objectValue)
            #expect(traced["source"] == "trace")
            #expect(try await send(client, CircularitySamples.collection).0 == .ok)
            var imported = try #require(try await get(client, "/reports/circularity?fiscalYear=2023").1.objectValue?["collection"]?.objectValue)
            #expect(imported["source"] == "records")
            var tracedFigures = traced
            tracedFigures["source"] = nil; tracedFigures["issues"] = nil; imported["source"] = nil
            #expect(tracedFigures == imported)
        }
    }
}
