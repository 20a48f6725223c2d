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

/// Organisations' own restricted-substance lists (`POST /substances/lists`) and newer versions of public lists
/// (`junkan import substance-list`, here through the service as the command calls it): a check names them by id, the
/// latest version is used, and no one loads a list under an id that is not theirs.
@Suite struct SubstanceListRouteTests {
    static func headers(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

    /// A maker's own conditional prohibition of lead, stricter than RoHS: 0.01 % of any homogeneous material.
    static func ownLeadList(version: String, date: String, percent: Double, id: String = "acme-own") -> JSONValue {
        [
            "id": .string(id), "name": "Acme's own conditional prohibitions", "version": .string(version), "date": .string(date),
            "source": "Acme green procurement standard", "legalBasis": "Acme internal rule",
            "entries": [
                ["id": "pb", "name": "Lead", "cas": ["7439-92-1"], "thresholdPercent": .number(JSONNumber(percent)), "level": "homogeneous-material"]
            ]
        ]
    }

    /// A part whose one material holds 0.05 % lead: RoHS passes it (0.1 %), Acme's own list (0.01 %) does not.
    static let part: JSONValue = [
        "subject": "https://id.gs1.org/01/04012345123456", "name": "bracket",
        "materials": [["name": "brass", "massKg": 1, "substances": [["name": "lead", "cas": "7439-92-1", "massPercent": 0.05]]]]
    ]

    func send(
        _ client: some TestClientProtocol, _ uri: String, _ method: HTTPRequest.Method = .get, headers: HTTPFields = [:], body: JSONValue? = nil
    )
        async throws -> (HTTPResponse.Status, JSONValue)
    {
        try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: JSONWriter.string($0)) }) { r in
            (r.status, try JSONParser.parse(Array(r.body.readableBytesView)))
        }
    }

    static func status(_ answer: JSONValue, list: String) -> JSONValue? {
        answer.objectValue?["lists"]?.arrayValue?.first { $0.objectValue?["id"] == .string(list) }?.objectValue?["status"]
    }

    @Test(.temporaryStore) func anOrganisationsOwnListIsCheckedByItsIdAndItsLatestVersionIsUsed() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        try await tmp.application().test(.router) { client in
            let declared = try await send(client, "/substances/declarations", .post, headers: Self.headers("test-token"), body: Self.part)
            #expect(declared.0 == .created)
            let (created, summary) = try await send(
                client, "/substances/lists", .post, headers: Self.headers("test-token"), body: Self.ownLeadList(version: "1", date: "2026-01-01", percent: 0.01)
            )
            #expect(created == .created)
            #expect(summary.objectValue?["organisation"] != nil)
            #expect(summary.objectValue?["entries"] == .number(JSONNumber(1)))

            let id = "https%3A%2F%2Fid.gs1.org%2F01%2F04012345123456"
            let (ok, answer) = try await send(client, "/substances/compliance?id=\(id)&list=eu-rohs,acme-own")
            #expect(ok == .ok)
            #expect(Self.status(answer, list: "eu-rohs") == "pass")
            #expect(Self.status(answer, list: "acme-own") == "fail")

            // Version 2 (later date) lifts the limit to 0.1 %: the check uses it; an older version loaded after does not win.
            _ = try await send(
                client, "/substances/lists", .post, headers: Self.headers("test-token"), body: Self.ownLeadList(version: "2", date: "2026-06-01", percent: 0.1))
            _ = try await send(
                client, "/substances/lists", .post, headers: Self.headers("test-token"),
                body: Self.ownLeadList(version: "0", date: "2025-01-01", percent: 0.001))
            let (_, again) = try await send(client, "/substances/compliance?id=\(id)&list=acme-own")
            #expect(Self.status(again, list: "acme-own") == "pass")

            let (_, lists) = try await send(client, "/substances/lists")
            let ids = lists.arrayValue?.compactMap { $0.objectValue?["id"]?.stringValue }
            #expect(ids == ["eu-rohs", "reach-svhc", "eu-pops", "eu-batteries", "acme-own"])
            let own = lists.arrayValue?.last?.objectValue
            #expect(own?["version"] == "2")
            #expect(lists.arrayValue?.first?.objectValue?["organisation"] == nil)
        }
    }

    @Test(.temporaryStore) func noOneLoadsAListUnderAnIdThatIsNotTheirs() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        _ = try await tmp.organisation("Other Org", token: "other-token")
        try await tmp.application().test(.router) { client in
            let first = try await send(
                client, "/substances/lists", .post, headers: Self.headers("test-token"), body: Self.ownLeadList(version: "1", date: "2026-01-01", percent: 0.01)
            )
            #expect(first.0 == .created)
            let (taken, problem) = try await send(
                client, "/substances/lists", .post, headers: Self.headers("other-token"), body: Self.ownLeadList(version: "9", date: "2027-01-01", percent: 50))
            #expect(taken == .conflict)
            #expect(problem.objectValue?["detail"]?.stringValue?.contains("another organisation") == true)
            let (shipped, _) = try await send(
                client, "/substances/lists", .post, headers: Self.headers("other-token"),
                body: Self.ownLeadList(version: "9", date: "2027-01-01", percent: 50, id: "eu-rohs"))
            #expect(shipped == .conflict)
            // The operator (the command's path) may not load a version of an organisation's list either.
            await #expect(throws: SubstanceListRefusal.self) {
                try await SubstanceService.load(
                    Self.ownLeadList(version: "9", date: "2027-01-01", percent: 50), into: tmp.store, organisationID: "", at: 0)
            }
            let (_, answer) = try await send(client, "/substances/lists")
            #expect(answer.arrayValue?.last?.objectValue?["version"] == "1")
            #expect(answer.arrayValue?.first?.objectValue?["version"] != "9")
            // Without a token: 401; a bad list: 400 with where.
            let (anonymous, _) = try await send(
                client, "/substances/lists", .post, headers: [.contentType: "application/json"],
                body: Self.ownLeadList(version: "1", date: "2026-01-01", percent: 1))
            #expect(anonymous == .unauthorized)
            var bad = Self.ownLeadList(version: "3", date: "2026-02-01", percent: 1).objectValue!
            bad["entries"] = [["id": "x", "name": "X", "cas": ["7439-92-2"], "thresholdPercent": 0.1, "level": "article"]]
            let (refused, why) = try await send(client, "/substances/lists", .post, headers: Self.headers("test-token"), body: .object(bad))
            #expect(refused == .badRequest)
            #expect(why.objectValue?["detail"]?.stringValue?.contains("/entries/0/cas/0") == true)
        }
    }

    @Test(.temporaryStore) func theOperatorLoadsANewerVersionOfAPublicList() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        var rohs = Self.ownLeadList(version: "2027 amendment", date: "2027-01-01", percent: 0.01, id: "eu-rohs").objectValue!
        rohs["name"] = "EU RoHS, as a later amendment would have it"
        let list = try await SubstanceService.load(.object(rohs), into: tmp.store, organisationID: "", at: 0)
        #expect(list.id == "eu-rohs")
        // An older version loaded later does not replace the shipped one's later date.
        var old = rohs
        old["version"] = "ancient"
        old["date"] = "2001-01-01"
        _ = try await SubstanceService.load(.object(old), into: tmp.store, organisationID: "", at: 1)
        let directory = SubstanceListDirectory(loaded: try await tmp.store.substanceLists())
        #expect(directory.lists["eu-rohs"]?.version == "2027 amendment")
        #expect(directory.owners["eu-rohs"] == nil)
        try await tmp.application().test(.router) { client in
            _ = try await send(client, "/substances/declarations", .post, headers: Self.headers("test-token"), body: Self.part)
            let (_, answer) = try await send(client, "/substances/compliance?id=04012345123456&list=eu-rohs")
            #expect(Self.status(answer, list: "eu-rohs") == "fail")
        }
    }
}
