import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import JunkanCore
import JunkanNode
import JunkanServer
import JunkanTestSupport
import Logging
import Synchronization
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// WebSocket subscriptions: `GET /queries/{name}/events` upgraded streams the query's events as they are committed.
@Suite struct QueryStreamSocketTests {
    @Test(.temporaryStore) func streamsMatchingEventsAsTheyAreCommitted() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        let app = buildApplication(store: tmp.store, configuration: .init(port: 0))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await client.execute(
                uri: "/capture", method: .post, headers: QueryParameterFixture.auth, body: ByteBuffer(string: QueryParameterFixture.document)
            ) { r in
                #expect(r.status == .accepted)
            }
            try await client.execute(
                uri: "/queries", method: .post, headers: SubscriptionHarness.json,
                body: ByteBuffer(string: #"{"name":"receiving","query":{"EQ_bizStep":["receiving"]}}"#)
            ) { r in #expect(r.status == .created) }
            let received = Mutex<[[Int]]>([])
            let later = SubscriptionHarness.laterDocument(2)
            let url = "ws://127.0.0.1:\(port)/queries/receiving/events?initialRecordTime=2000-01-01T00:00:00Z"
            try await WebSocketClient.connect(url: url, logger: Logger(label: "test")) { inbound, _, _ in
                var captured = false
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }
                    let doc = try JSONParser.parse(text).objectValue
                    let results = doc?["epcisBody"]?.objectValue?["queryResults"]?.objectValue
                    #expect(doc?["type"] == "EPCISQueryDocument")
                    #expect(results?["queryName"] == "receiving")
                    let ids =
                        results?["resultsBody"]?.objectValue?["eventList"]?.arrayValue?.compactMap {
                            $0.objectValue?["eventID"]?.stringValue?.last.flatMap { Int(String($0)) }
                        } ?? []
                    let all = received.withLock {
                        $0.append(ids); return $0.flatMap { $0 }
                    }
                    if !captured {
                        // Events committed while the socket is open come on it too.
                        captured = true
                        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/capture")!)
                        request.httpMethod = "POST"
                        request.setValue("Bearer test-token", forHTTPHeaderField: "Authorization")
                        request.setValue("application/ld+json", forHTTPHeaderField: "Content-Type")
                        request.httpBody = Data(later.utf8)
                        _ = try await URLSession.shared.data(for: request)
                    }
                    if all.count >= 4 { break }
                }
            }
            #expect(received.withLock { $0.flatMap { $0 } } == [3, 4, 3, 4])
            // The same path without an upgrade is the plain query.
            try await client.execute(uri: "/queries/receiving/events", method: .get) { r in #expect(r.status == .ok) }
            // No such query: not upgraded (the plain route answers 404).
            await #expect(throws: (any Error).self) {
                try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/queries/nothing/events", logger: Logger(label: "test")) { _, _, _ in }
            }
        }
    }
}
