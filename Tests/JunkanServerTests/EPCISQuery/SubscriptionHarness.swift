import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanNode
import JunkanServer
import JunkanStore
import JunkanTestSupport
import Synchronization
import Testing

/// A clock the test moves.
final class FakeClock: Sendable {
    let time: Mutex<Int64>
    init(_ iso: String) { time = Mutex(ISO8601Timestamp.parse(iso)!.epochMilliseconds) }
    var now: Int64 { time.withLock { $0 } }
    func set(_ iso: String) { time.withLock { $0 = ISO8601Timestamp.parse(iso)!.epochMilliseconds } }
    func advance(seconds: Double) { time.withLock { $0 += Int64(seconds * 1000) } }
}

/// A webhook that records what it is sent and answers the status the test sets.
final class WebhookRecorder: Sendable {
    struct Delivery: Sendable {
        var url: String
        var body: [UInt8]
        var headers: [String: String]
        var document: JSONObject? { try? JSONParser.parse(String(decoding: body, as: UTF8.self)).objectValue }
        var results: JSONObject? { document?["epcisBody"]?.objectValue?["queryResults"]?.objectValue }
        /// The numbers the fixture's eventIDs end in.
        var ids: [Int] {
            results?["resultsBody"]?.objectValue?["eventList"]?.arrayValue?.compactMap {
                $0.objectValue?["eventID"]?.stringValue?.last.flatMap { Int(String($0)) }
            } ?? []
        }
    }
    let state = Mutex<(deliveries: [Delivery], status: Int)>(([], 204))

    var deliveries: [Delivery] { state.withLock { $0.deliveries } }
    func answer(_ status: Int) { state.withLock { $0.status = status } }

    var post: SubscriptionDispatcher.Post {
        { url, body, headers, _ in
            self.state.withLock { s in
                s.deliveries.append(Delivery(url: url, body: body, headers: headers))
                return s.status
            }
        }
    }
}

/// A node with the query fixture's events and a dispatcher on a fake clock and a recording webhook.
struct SubscriptionHarness {
    static let json: HTTPFields = [.authorization: "Bearer test-token", .contentType: "application/json"]
    static let other: HTTPFields = [.authorization: "Bearer other-token", .contentType: "application/json"]
    static let dest = "http://127.0.0.1:9/hook"

    let clock: FakeClock
    let webhook: WebhookRecorder
    let dispatcher: SubscriptionDispatcher
    let store: any NodeDatabase

    static func with(
        clock: String = "2030-01-01T00:00:30Z", allowPrivate: Bool = true, capture: Bool = true,
        _ body: @Sendable (SubscriptionHarness, any TestClientProtocol) async throws -> Void
    ) async throws {
        let tmp = try await TemporaryStore()
        defer { tmp.remove() }
        _ = try await tmp.organisation()
        _ = try await tmp.organisation("Other Org", token: "other-token")
        let fake = FakeClock(clock)
        let hook = WebhookRecorder()
        let dispatcher = SubscriptionDispatcher(
            store: tmp.store, parse: NamedQueryParser.eventQuery,
            settings: .init(allowPrivateWebhooks: allowPrivate, batchSize: 2, retryBase: 1, retryMax: 8), now: { fake.now }, post: hook.post)
        let harness = SubscriptionHarness(clock: fake, webhook: hook, dispatcher: dispatcher, store: tmp.store)
        try await Application(router: buildRouter(store: tmp.store, subscriptions: dispatcher)).test(.router) { client in
            if capture { try await harness.capture(client, QueryParameterFixture.document) }
            try await body(harness, client)
        }
    }

    func capture(_ c: any TestClientProtocol, _ document: String) async throws {
        try await c.execute(uri: "/capture", method: .post, headers: QueryParameterFixture.auth, body: ByteBuffer(string: document)) { r in
            #expect(r.status == .accepted, "\(String(buffer: r.body))")
        }
    }

    /// The fixture's events again, later and with other IDs (IDs ending 1…4 still, so `Delivery.ids` reads them).
    static func laterDocument(_ n: Int) -> String {
        QueryParameterFixture.document.replacingOccurrences(of: "2024-03-0", with: "202\(5 + n)-03-0")
            .replacingOccurrences(of: "8000-0000000000", with: "8000-00000000\(n)0")
    }

    func name(_ c: any TestClientProtocol, _ name: String, _ query: String) async throws {
        try await c.execute(
            uri: "/queries", method: .post, headers: Self.json, body: ByteBuffer(string: #"{"name":"\#(name)","query":\#(query)}"#)
        ) { r in #expect(r.status == .created, "\(String(buffer: r.body))") }
    }

    /// Subscribes; the subscription's JSON, or the problem's status and type.
    func subscribe(_ c: any TestClientProtocol, _ query: String, _ body: String, headers: HTTPFields = json) async throws -> (HTTPResponse.Status, JSONObject?)
    {
        try await c.execute(uri: "/queries/\(query)/subscriptions", method: .post, headers: headers, body: ByteBuffer(string: body)) { r in
            (r.status, try? JSONParser.parse(String(buffer: r.body)).objectValue)
        }
    }

    func get(_ c: any TestClientProtocol, _ uri: String, headers: HTTPFields = json) async throws -> (HTTPResponse.Status, JSONValue?) {
        try await c.execute(uri: uri, method: .get, headers: headers) { r in (r.status, try? JSONParser.parse(String(buffer: r.body))) }
    }
}
