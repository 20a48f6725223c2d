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

/// Issue 25, item 3: circularity records belong to the organisation that imported them. Before, any token replaced any
/// fiscal year (the demo's plastic waste went from 603 t to 1 t after another organisation imported one row).
@Suite struct CircularityOwnershipTests {
    static func csv(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "text/csv"] }

    static func send(_ client: some TestClientProtocol, _ text: String, file: String, token: String) async throws -> HTTPResponse.Status {
        try await client.execute(uri: "/circularity/import?file=\(file)", method: .post, headers: csv(token), body: ByteBuffer(string: text)) {
            $0.status
        }
    }

    static func report(_ client: some TestClientProtocol, _ query: String) async throws -> (HTTPResponse.Status, JSONObject) {
        try await client.execute(uri: "/reports/circularity?fiscalYear=2023" + query, method: .get) { r in
            (r.status, try #require(try JSONParser.parse(Array(r.body.readableBytesView)).objectValue))
        }
    }

    static func plastic(_ o: JSONObject) -> JSONValue? { o["plasticWaste"]?.arrayValue?.first?.objectValue?["mass_t"] }

    @Test(.temporaryStore) func anImportReplacesOnlyTheImportersRowsAndReportsArePerOrganisation() async throws {
        let tmp = try TemporaryStore.forTest()
        let a = try await tmp.organisation("Maker A", token: "a-token")
        let b = try await tmp.organisation("Maker B", token: "b-token")
        let c = try await tmp.organisation("Maker C", token: "c-token")
        try await tmp.application().test(.router) { client in
            #expect(try await Self.send(client, "fiscal_year,scope,mass_t\n2023,group,603\n", file: "plastic_waste.csv", token: "a-token") == .ok)
            // One organisation: its report is the default, as on a node of one company.
            #expect(Self.plastic(try await Self.report(client, "").1) == 603)
            // Another organisation imports the same year: A's figure stays.
            #expect(try await Self.send(client, "fiscal_year,scope,mass_t\n2023,group,1\n", file: "plastic_waste.csv", token: "b-token") == .ok)
            #expect(try await Self.send(client, "fiscal_year,scope,mass_t\n2023,group,50\n", file: "plastic_waste.csv", token: "c-token") == .ok)
            let (ownA, reportA) = try await Self.report(client, "&organisation=\(a.id)")
            #expect(ownA == .ok)
            #expect(Self.plastic(reportA) == 603)
            #expect(reportA["organisations"] == [.string(a.id)])
            #expect(Self.plastic(try await Self.report(client, "&organisation=\(b.id)").1) == 1)

            // Several holders: a report must say whose.
            let (ambiguous, problem) = try await Self.report(client, "")
            #expect(ambiguous == .badRequest)
            #expect(problem["detail"]?.stringValue?.contains("organisation=ID") == true)
            #expect(try await Self.report(client, "&organisation=org-nobody").0 == .notFound)
            #expect(try await Self.report(client, "&group=nobody").0 == .notFound)
            #expect(try await Self.report(client, "&organisation=\(a.id)&group=g").0 == .badRequest)

            // A consolidated report covers exactly the group's members: A and B, not C.
            try await tmp.store.joinCircularityGroup("consolidated", organisationID: a.id)
            try await tmp.store.joinCircularityGroup("consolidated", organisationID: b.id)
            let (group, consolidated) = try await Self.report(client, "&group=consolidated")
            #expect(group == .ok)
            #expect(Self.plastic(consolidated) == 604)
            #expect(consolidated["organisations"]?.arrayValue?.compactMap(\.stringValue) == [a.id, b.id].sorted())
            #expect(consolidated["group"] == "consolidated")
            #expect(try await tmp.store.leaveCircularityGroup("consolidated", organisationID: b.id))
            #expect(Self.plastic(try await Self.report(client, "&group=consolidated").1) == 603)
            _ = c
        }
    }
}
