import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanNode
import JunkanSQLite
import JunkanServer
import JunkanStore
import JunkanTestSupport
import Testing

/// Issue 25, item 4: imports are bounded. Before, a file of rejected rows came back with every one of them (a 63 MB CSV
/// gave a 968 MB answer), a body the server would not read was a 413 only after it had been collected, and both imports
/// held the whole text and a tree of it.
@Suite struct BoundedImportTests {
    static let header = "id,producer,name,polymer,kind,emission_factor,source,property,value,unit,standard,conditions\n"

    static func post(
        _ client: some TestClientProtocol, _ uri: String, _ body: String
    ) async throws -> (HTTPResponse.Status, JSONObject) {
        let headers: HTTPFields = [.authorization: "Bearer test-token", .contentType: "text/csv"]
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { r in
            (r.status, try #require(try JSONParser.parse(Array(r.body.readableBytesView)).objectValue))
        }
    }

    @Test(.temporaryStore) func aReportListsAtMostAHundredRejectedRowsAndCountsTheRest() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        let rows = (0..<250).map { "g\($0),Resin Co,PP,PP,no-such-kind,1.7,,MFR,12,g/10min,ISO 1133,temperature_C=230;load_kg=2.16\n" }
        try await tmp.application().test(.router) { client in
            let (status, report) = try await Self.post(client, "/materials/import?kind=grades", Self.header + rows.joined())
            #expect(status == .ok)
            #expect(report["rejectedCount"] == 250)
            #expect(report["rejected"]?.arrayValue?.count == 100)
            #expect(report["rejected"]?.arrayValue?.first?.objectValue?["line"] == 2)
            #expect(report["rejected"]?.arrayValue?.last?.objectValue?["line"] == 101)

            let waste =
                CircularityFile.waste.header.joined(separator: ",") + "\n"
                + (0..<250).map { "2023,Site \($0),domestic,general,paper,nowhere,1\n" }.joined()
            let (bad, problem) = try await Self.post(client, "/circularity/import?file=waste.csv", waste)
            #expect(bad == .badRequest)
            #expect(problem["errors"]?.arrayValue?.count == 100)
            #expect(problem["moreErrors"] == 150)
        }
    }

    /// A body over the limit is a 413 naming it, sent over a real connection (its Content-Length says so: refused
    /// before it is read), and nothing is stored.
    @Test(.temporaryStore) func anOversizedBodyIsA413() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        let big = String(repeating: "x", count: 64 << 20 + 1)
        try await tmp.application().test(.live) { client in
            for uri in ["/materials/import?kind=grades", "/circularity/import?file=waste.csv"] {
                let (status, problem) = try await Self.post(client, uri, big)
                #expect(status == .contentTooLarge, "\(uri)")
                #expect(problem["maxBytes"] == .number(JSONNumber(64 << 20)), "\(uri)")
            }
            #expect(try await tmp.store.circularityHolders().isEmpty)
        }
    }

    /// CSV records are handed on as their rows complete, so an id's rows must come together.
    @Test(.temporaryStore) func theRowsOfOneIdComeTogether() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        let csv =
            Self.header + "g1,Resin Co,PP 12,PP,virgin,1.7,,MFR,12,g/10min,ISO 1133,temperature_C=230;load_kg=2.16\n"
            + "g2,Resin Co,PP 20,PP,virgin,1.7,,MFR,20,g/10min,ISO 1133,temperature_C=230;load_kg=2.16\n"
            + "g1,,,,,,,density,905,kg/m3,ISO 1183,\n"
        try await tmp.application().test(.router) { client in
            let (status, report) = try await Self.post(client, "/materials/import?kind=grades", csv)
            #expect(status == .ok)
            #expect(report["created"] == 2)
            let rejected = try #require(report["rejected"]?.arrayValue?.first?.objectValue)
            #expect(rejected["line"] == 4)
            #expect(rejected["reason"]?.stringValue?.contains("the rows of id g1 must come together") == true)
        }
    }
}
