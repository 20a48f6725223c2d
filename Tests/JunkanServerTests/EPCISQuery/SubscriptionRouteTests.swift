import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanNode
import JunkanStore
import Testing

/// `/queries/{name}/subscriptions` and the dispatcher that delivers them, on a fake clock and a recording webhook.
@Suite struct SubscriptionRouteTests {
    typealias H = SubscriptionHarness

    @Test func refusesBadSubscriptionsNamingWhatIsWrong() async throws {
        try await H.with { (h: H, c: any TestClientProtocol) async throws in
            try await h.name(c, "receiving", #"{"EQ_bizStep":["receiving"]}"#)
            for (body, pointer) in [
                (#"{"dest":"ftp://example.com/x","stream":true}"#, "/dest"),
                (#"{"dest":"not a url","stream":true}"#, "/dest"),
                (#"{"dest":"http://user:pw@example.com/x","stream":true}"#, "/dest"),
                (#"{"stream":true}"#, "/dest"),
                (#"{"dest":"\#(H.dest)"}"#, "/stream"),
                (#"{"dest":"\#(H.dest)","stream":true,"schedule":{"hour":"1"}}"#, "/schedule"),
                (#"{"dest":"\#(H.dest)","schedule":{"hour":"25"}}"#, "/schedule/hour"),
                (#"{"dest":"\#(H.dest)","schedule":{"minute":"[30-10]"}}"#, "/schedule/minute"),
                (#"{"dest":"\#(H.dest)","schedule":{}}"#, "/schedule/schedule"),
                (#"{"dest":"\#(H.dest)","schedule":{"fortnight":"1"}}"#, "/schedule/fortnight"),
                (#"{"dest":"\#(H.dest)","schedule":"daily"}"#, "/schedule"),
                (#"{"dest":"\#(H.dest)","stream":true,"reportIfEmpty":true}"#, "/reportIfEmpty"),
                (#"{"dest":"\#(H.dest)","stream":true,"initialRecordTime":"yesterday"}"#, "/initialRecordTime"),
                (#"{"dest":"\#(H.dest)","stream":true,"signatureToken":""}"#, "/signatureToken"),
                (#"{"dest":"\#(H.dest)","stream":true,"extra":1}"#, "/extra")
            ] {
                let (status, problem) = try await h.subscribe(c, "receiving", body)
                #expect(status == .badRequest, "\(body)")
                #expect(problem?["pointer"]?.stringValue == pointer, "\(body): \(String(describing: problem))")
            }
            #expect(try await h.subscribe(c, "nothing", #"{"dest":"\#(H.dest)","stream":true}"#).0 == .notFound)
            #expect(
                try await h.subscribe(c, "receiving", #"{"dest":"\#(H.dest)","stream":true}"#, headers: [.contentType: "application/json"]).0 == .unauthorized)
        }
    }

    @Test func privateWebhooksAreRefusedUnlessAllowed() async throws {
        try await H.with(allowPrivate: false) { (h: H, c: any TestClientProtocol) async throws in
            try await h.name(c, "all", "{}")
            for dest in ["http://127.0.0.1:9/hook", "http://10.1.2.3/hook", "http://[::1]:9/hook", "http://192.168.0.1/", "http://localhost:9/"] {
                let (status, problem) = try await h.subscribe(c, "all", #"{"dest":"\#(dest)","stream":true}"#)
                #expect(status == .badRequest, "\(dest)")
                #expect(problem?["detail"]?.stringValue?.contains("private or loopback") == true, "\(dest): \(String(describing: problem))")
            }
        }
        #expect(WebhookTarget.refusal("https://203.0.113.7/hook", allowPrivate: false) == nil)
        #expect(WebhookTarget.refusal("http://172.20.0.1/hook", allowPrivate: false) != nil)
        #expect(WebhookTarget.refusal("http://100.64.0.1/hook", allowPrivate: false) != nil)
        #expect(WebhookTarget.refusal("http://[fd00::1]/hook", allowPrivate: false) != nil)
        #expect(WebhookTarget.refusal("http://[::ffff:127.0.0.1]/hook", allowPrivate: false) != nil)
        #expect(WebhookTarget.refusal("http://[2001:db8::1]/hook", allowPrivate: false) == nil)
    }

    @Test func streamDeliversEachMatchingEventOnceSignedInBatches() async throws {
        try await H.with(capture: false) { (h: H, c: any TestClientProtocol) async throws in
            try await h.name(c, "receiving", #"{"EQ_bizStep":["receiving"]}"#)
            let (status, sub) = try await h.subscribe(c, "receiving", #"{"dest":"\#(H.dest)","stream":true,"signatureToken":"s3cret"}"#)
            #expect(status == .created)
            #expect(sub?["signatureToken"] == nil && sub?["signed"] == .bool(true))
            let id = try #require(sub?["subscriptionID"]?.stringValue)
            await h.dispatcher.runOnce()
            #expect(h.webhook.deliveries.isEmpty)
            try await h.capture(c, QueryParameterFixture.document)
            try await h.capture(c, H.laterDocument(1))
            await h.dispatcher.runOnce()
            // Four receiving events, two per delivery (batchSize 2), in commit order.
            let d = h.webhook.deliveries
            #expect(d.map(\.ids) == [[3, 4], [3, 4]])
            for delivery in d {
                #expect(delivery.url == H.dest)
                #expect(delivery.results?["subscriptionID"]?.stringValue == id)
                #expect(delivery.results?["queryName"]?.stringValue == "receiving")
                let mac = HMAC<SHA256>.authenticationCode(for: delivery.body, using: SymmetricKey(data: Array("s3cret".utf8)))
                #expect(delivery.headers["GS1-Signature"] == Data(mac).base64EncodedString())
            }
            // Nothing new: nothing sent again.
            await h.dispatcher.runOnce()
            #expect(h.webhook.deliveries.count == 2)
            let (_, shown) = try await h.get(c, "/queries/receiving/subscriptions/\(id)")
            #expect(shown?.objectValue?["lastNotifiedAt"]?.stringValue == "2030-01-01T00:00:30.000Z")
            // A subscription from an initial record time gets what was recorded since; one without it, only what comes.
            let (_, past) = try await h.subscribe(c, "receiving", #"{"dest":"\#(H.dest)/past","stream":true,"initialRecordTime":"2000-01-01T00:00:00Z"}"#)
            #expect(past?["initialRecordTime"]?.stringValue == "2000-01-01T00:00:00.000Z")
            await h.dispatcher.runOnce()
            #expect(h.webhook.deliveries.filter { $0.url.hasSuffix("/past") }.map(\.ids) == [[3, 4], [3, 4]])
            #expect(h.webhook.deliveries.count == 4)
        }
    }

    @Test func aFailingSubscriberIsRetriedWithBackoffShownFailingAndResumesWhereItStopped() async throws {
        try await H.with { (h: H, c: any TestClientProtocol) async throws in
            try await h.name(c, "receiving", #"{"EQ_bizStep":["receiving"]}"#)
            let (_, sub) = try await h.subscribe(c, "receiving", #"{"dest":"\#(H.dest)","stream":true,"initialRecordTime":"2000-01-01T00:00:00Z"}"#)
            let id = try #require(sub?["subscriptionID"]?.stringValue)
            h.webhook.answer(503)
            var attempts = 0
            for round in 1...6 {
                await h.dispatcher.runOnce()
                attempts += 1
                #expect(h.webhook.deliveries.count == attempts, "round \(round)")
                // Not due again until the backoff (1, 2, 4, 8, 8, … seconds) has passed.
                await h.dispatcher.runOnce()
                #expect(h.webhook.deliveries.count == attempts, "round \(round)")
                let (_, shown) = try await h.get(c, "/queries/receiving/subscriptions/\(id)")
                let o = shown?.objectValue
                #expect(o?["consecutiveFailures"] == .number(JSONNumber(round)))
                #expect(o?["failing"] == .bool(round >= 5))
                #expect(o?["lastError"]?.stringValue?.contains("503") == true)
                h.clock.advance(seconds: min(8, pow(2, Double(round - 1))))
            }
            let metrics = try await c.execute(uri: "/metrics", method: .get) { r in String(buffer: r.body) }
            #expect(metrics.contains("junkan_subscriptions_failing 1.0"))
            // Every attempt carried the same events: the position did not move.
            #expect(Set(h.webhook.deliveries.map(\.ids)) == [[3, 4]])
            h.webhook.answer(200)
            await h.dispatcher.runOnce()
            #expect(h.webhook.deliveries.last?.ids == [3, 4])
            let (_, shown) = try await h.get(c, "/queries/receiving/subscriptions/\(id)")
            #expect(shown?.objectValue?["failing"] == .bool(false))
            #expect(shown?.objectValue?["consecutiveFailures"] == .number(JSONNumber(0)))
            await h.dispatcher.runOnce()
            #expect(h.webhook.deliveries.count == 7)
        }
    }

    @Test func aScheduledSubscriptionFiresOnItsScheduleOnly() async throws {
        try await H.with(capture: false) { (h: H, c: any TestClientProtocol) async throws in
            try await h.name(c, "receiving", #"{"EQ_bizStep":["receiving"]}"#)
            // At second 0 of every minute; the clock stands at 00:00:30.
            let (_, every) = try await h.subscribe(c, "receiving", #"{"dest":"\#(H.dest)/empty","schedule":{"second":"0"},"reportIfEmpty":true}"#)
            #expect(every?["nextRunAt"]?.stringValue == "2030-01-01T00:01:00.000Z")
            _ = try await h.subscribe(c, "receiving", #"{"dest":"\#(H.dest)/quiet","schedule":{"second":"0"}}"#)
            try await h.capture(c, QueryParameterFixture.document)
            h.clock.set("2030-01-01T00:00:59.999Z")
            await h.dispatcher.runOnce()
            #expect(h.webhook.deliveries.isEmpty)
            h.clock.set("2030-01-01T00:01:00Z")
            await h.dispatcher.runOnce()
            #expect(h.webhook.deliveries.map(\.url).sorted() == [H.dest + "/empty", H.dest + "/quiet"])
            #expect(h.webhook.deliveries.allSatisfy { $0.ids == [3, 4] })
            // The next minute: nothing new. reportIfEmpty sends an empty report; the other sends nothing.
            h.clock.set("2030-01-01T00:02:00Z")
            await h.dispatcher.runOnce()
            #expect(h.webhook.deliveries.count == 3)
            #expect(h.webhook.deliveries.last?.url == H.dest + "/empty")
            #expect(h.webhook.deliveries.last?.ids == [])
            let (_, list) = try await h.get(c, "/queries/receiving/subscriptions")
            #expect(list?.arrayValue?.compactMap { $0.objectValue?["nextRunAt"]?.stringValue } == ["2030-01-01T00:03:00.000Z", "2030-01-01T00:03:00.000Z"])
        }
    }

    @Test func onlyTheSubscriberSeesOrEndsItAndDeletingTheQueryEndsAll() async throws {
        try await H.with { (h: H, c: any TestClientProtocol) async throws in
            try await h.name(c, "all", "{}")
            let (_, sub) = try await h.subscribe(c, "all", #"{"dest":"\#(H.dest)","stream":true}"#)
            let id = try #require(sub?["subscriptionID"]?.stringValue)
            _ = try await h.subscribe(c, "all", #"{"dest":"\#(H.dest)/other","stream":true}"#, headers: H.other)
            let (_, mine) = try await h.get(c, "/queries/all/subscriptions")
            #expect(mine?.arrayValue?.count == 1)
            #expect(try await h.get(c, "/queries/all/subscriptions/\(id)", headers: H.other).0 == .notFound)
            try await c.execute(uri: "/queries/all/subscriptions/\(id)", method: .delete, headers: H.other) { r in #expect(r.status == .notFound) }
            try await c.execute(uri: "/queries/all/subscriptions/\(id)", method: .delete, headers: H.json) { r in #expect(r.status == .noContent) }
            #expect(try await h.get(c, "/queries/all/subscriptions/\(id)").0 == .notFound)
            try await c.execute(uri: "/queries/all", method: .delete, headers: H.json) { r in #expect(r.status == .noContent) }
            #expect(try await h.store.allSubscriptions().isEmpty)
            #expect(try await h.get(c, "/queries/all/subscriptions").0 == .notFound)
        }
    }
}
