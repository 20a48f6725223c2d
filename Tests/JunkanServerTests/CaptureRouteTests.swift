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

/// The EPCIS 2.0 capture interface, driven through the real router.
@Suite struct CaptureRouteTests {
    static let auth: HTTPFields = [.authorization: "Bearer test-token", .contentType: "application/ld+json"]

    func withServer(_ body: @Sendable (any TestClientProtocol, TemporaryStore) async throws -> Void) async throws {
        let tmp = try await TemporaryStore()
        defer { tmp.remove() }
        _ = try await tmp.organisation()
        let app = tmp.application()
        try await app.test(.router) { client in try await body(client, tmp) }
    }

    static func body(_ json: JSONValue) -> ByteBuffer { ByteBuffer(string: JSONWriter.string(json)) }

    static func problem(_ r: TestResponse) throws -> JSONObject {
        #expect(r.headers[.contentType] == "application/problem+json")
        return try #require(JSONParser.parse(String(buffer: r.body)).objectValue)
    }

    @Test func capturesADocumentAndReportsTheJob() async throws {
        try await withServer { client, tmp in
            let doc = SampleEvents.document((0..<5).map { SampleEvents.objectEvent($0) })
            let location = try await client.execute(uri: "/capture", method: .post, headers: Self.auth, body: Self.body(doc)) { r in
                #expect(r.status == .accepted)
                return try #require(r.headers[.location])
            }
            #expect(location.hasPrefix("/capture/"))
            try await client.execute(uri: location, method: .get, headers: Self.auth) { r in
                let job = try #require(JSONParser.parse(String(buffer: r.body)).objectValue)
                #expect(job["success"] == true)
                #expect(job["storedCount"] == 5)
            }
            #expect(try await tmp.store.eventCount() == 5)
        }
    }

    /// Issue 25, item 8: a capture job is read only by the organisation that captured; no token is a 401, another
    /// organisation's token finds no such job.
    @Test func aCaptureJobIsReadOnlyByItsOrganisation() async throws {
        try await withServer { client, tmp in
            _ = try await tmp.organisation("Other Org", token: "other-token")
            let doc = SampleEvents.document([SampleEvents.objectEvent(3)])
            let location = try await client.execute(uri: "/capture", method: .post, headers: Self.auth, body: Self.body(doc)) { r in
                try #require(r.headers[.location])
            }
            try await client.execute(uri: location, method: .get) { r in
                #expect(r.status == .unauthorized)
                let problem = try Self.problem(r)
                #expect(problem["type"] == "epcisException:SecurityException")
            }
            try await client.execute(uri: location, method: .get, headers: [.authorization: "Bearer other-token"]) { r in
                #expect(r.status == .notFound)
                let problem = try Self.problem(r)
                #expect(problem["detail"] == .string("no capture job \(location.dropFirst("/capture/".count))"))
            }
            try await client.execute(uri: location, method: .get, headers: Self.auth) { r in
                #expect(r.status == .ok)
                let job = try JSONParser.parse(String(buffer: r.body))
                #expect(job.objectValue?["storedCount"] == 1)
            }
        }
    }

    @Test func capturingTheSameEventTwiceStoresItOnce() async throws {
        try await withServer { client, tmp in
            let doc = SampleEvents.document([SampleEvents.objectEvent(1)])
            try await client.execute(uri: "/capture", method: .post, headers: Self.auth, body: Self.body(doc)) { r in #expect(r.status == .accepted) }
            try await client.execute(uri: "/capture", method: .post, headers: Self.auth, body: Self.body(doc)) { r in
                let job = try #require(JSONParser.parse(String(buffer: r.body)).objectValue)
                #expect(job["duplicateCount"] == 1)
                #expect(job["storedCount"] == 0)
            }
            #expect(try await tmp.store.eventCount() == 1)
        }
    }

    @Test func rollbackStoresNothingWhenOneEventIsInvalid() async throws {
        try await withServer { client, tmp in
            var bad = SampleEvents.objectEvent(2).objectValue!
            bad["epcList"] = ["https://id.gs1.org/01/09506000134353/21/1"]
            let doc = SampleEvents.document([SampleEvents.objectEvent(1), .object(bad)])
            try await client.execute(uri: "/capture", method: .post, headers: Self.auth, body: Self.body(doc)) { r in
                #expect(r.status == .badRequest)
                let p = try Self.problem(r)
                #expect(p["pointer"] == "/epcisBody/eventList/1/epcList/0")
                #expect(p["detail"]?.stringValue?.contains("check digit") == true)
            }
            #expect(try await tmp.store.eventCount() == 0)
        }
    }

    @Test func proceedStoresTheValidEventsAndReportsTheOthers() async throws {
        try await withServer { client, tmp in
            var bad = SampleEvents.objectEvent(2).objectValue!
            bad["action"] = "SHIP"
            var headers = Self.auth
            headers[HTTPField.Name("GS1-Capture-Error-Behaviour")!] = "proceed"
            let doc = SampleEvents.document([SampleEvents.objectEvent(1), .object(bad), SampleEvents.objectEvent(3)])
            try await client.execute(uri: "/capture", method: .post, headers: headers, body: Self.body(doc)) { r in
                #expect(r.status == .accepted)
                let job = try #require(JSONParser.parse(String(buffer: r.body)).objectValue)
                #expect(job["storedCount"] == 2)
                let errors = try #require(job["errors"]?.arrayValue)
                #expect(errors.count == 1)
                #expect(errors[0].objectValue?["pointer"] == "/epcisBody/eventList/1/action")
            }
            #expect(try await tmp.store.eventCount() == 2)
        }
    }

    @Test func captureNeedsABearerToken() async throws {
        try await withServer { client, _ in
            let doc = SampleEvents.document([SampleEvents.objectEvent(1)])
            try await client.execute(uri: "/capture", method: .post, headers: [.contentType: "application/ld+json"], body: Self.body(doc)) { r in
                #expect(r.status == .unauthorized)
                let title = try Self.problem(r)["title"]
                #expect(title == "SecurityException")
            }
            try await client.execute(
                uri: "/capture", method: .post, headers: [.contentType: "application/ld+json", .authorization: "Bearer wrong"], body: Self.body(doc)
            ) { r in
                #expect(r.status == .unauthorized)
            }
        }
    }

    @Test func singleEventIsCreatedWith201() async throws {
        try await withServer { client, _ in
            var e = SampleEvents.objectEvent(7).objectValue!
            e["@context"] = SampleEvents.context
            let location = try await client.execute(uri: "/events", method: .post, headers: Self.auth, body: Self.body(.object(e))) { r in
                #expect(r.status == .created)
                return try #require(r.headers[.location])
            }
            // Returned as the binding's default writes EPCs (GS1-EPC-Format: Always_GS1_Digital_Link).
            try await client.execute(uri: location, method: .get) { r in
                #expect(r.status == .ok)
                #expect(String(buffer: r.body).contains("https://id.gs1.org/01/04012345111118/21/7"))
            }
        }
    }

    @Test func optionsAdvertisesTheCaptureLimit() async throws {
        try await withServer { client, _ in
            try await client.execute(uri: "/capture", method: .options) { r in
                let limit = try #require(r.headers[HTTPField.Name("GS1-EPCIS-Capture-Limit")!].flatMap(Int.init))
                #expect(limit >= 10_000)
            }
        }
    }
}
