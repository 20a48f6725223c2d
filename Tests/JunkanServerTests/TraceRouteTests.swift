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

/// The trace graph through the real router: built as events are captured, rebuilt from the store, and answered as
/// provenance trees and footprints.
@Suite struct TraceRouteTests {
    typealias T = TraceSamples
    static let auth: HTTPFields = [.authorization: "Bearer test-token", .contentType: "application/ld+json"]

    static let events: [JSONValue] = [
        T.create("V", kg: 1000, ilmd: ["junkan:emissionFactor": 2.0, "junkan:countryOfOrigin": "SA"]),
        T.create("W", kg: 500),
        T.transform([("W", 500)], [("R", 450)], ghg: 50, extra: ["junkan:cutOff": true], n: 1),
        T.transform([("V", 600), ("R", 400)], [("C", 990)], ghg: 100, n: 2)
    ]

    func get(_ client: some TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, JSONValue) {
        try await client.execute(uri: uri, method: .get) { r in (r.status, try JSONParser.parse(Array(r.body.readableBytesView))) }
    }

    func capture(_ client: some TestClientProtocol, _ events: [JSONValue]) async throws -> (HTTPResponse.Status, JSONValue) {
        try await client.execute(
            uri: "/capture", method: .post, headers: Self.auth,
            body: ByteBuffer(string: JSONWriter.string(SampleEvents.document(events)))
        ) { r in
            (r.status, try JSONParser.parse(Array(r.body.readableBytesView)))
        }
    }

    static func q(_ lot: String) -> String { PercentEncoding.encode(T.lot(lot)) }

    @Test(.temporaryStore) func footprintAndProvenanceOfACapturedChain() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        try await tmp.application().test(.router) { client in
            #expect(try await capture(client, Self.events).0 == .accepted)
            let (status, f) = try await get(client, "/trace/footprint?id=" + Self.q("C"))
            #expect(status == .ok)
            let recyclate: Double = 50.0 / 450
            let expected: Double = (1200 + 400 * recyclate + 100) / 990
            let perKg = try #require(f.objectValue?["kgCO2ePerKg"]?.numberValue?.doubleValue)
            #expect(abs(perKg - expected) < 1e-12)
            #expect(f.objectValue?["id"] == .string(CBVCanonical.identifier(T.lot("C"))))
            #expect(f.objectValue?["massKg"]?.numberValue?.doubleValue == 990)
            #expect(f.objectValue?["recycledContent"]?.objectValue?["postConsumer"]?.numberValue?.doubleValue == 0.4)
            #expect(f.objectValue?["massBalanceIssues"] == .array([]))
            #expect(f.objectValue?["primaryDataShare"]?.numberValue != nil)

            let (_, up) = try await get(client, "/trace/upstream?id=" + Self.q("C"))
            let madeBy = try #require(up.objectValue?["root"]?.objectValue?["madeBy"]?.arrayValue?.first?.objectValue)
            #expect(madeBy["ghgEmissionsKgCO2e"]?.numberValue?.doubleValue == 100)
            let from = try #require(madeBy["from"]?.arrayValue)
            #expect(from.first?.objectValue?["lot"]?.objectValue?["countryOfOrigin"] == "SA")
            #expect(madeBy["site"] == .string(CBVCanonical.identifier("urn:epc:id:sgln:4012345.00002.0")))
            #expect(madeBy["eventHash"]?.stringValue?.hasPrefix("ni:///sha-256;") == true)

            let (_, down) = try await get(client, "/trace/downstream?id=" + Self.q("V") + "&depth=1")
            let into = down.objectValue?["root"]?.objectValue?["usedBy"]?.arrayValue?.first?.objectValue?["into"]?.arrayValue
            #expect(into?.first?.objectValue?["id"] == .string(CBVCanonical.identifier(T.lot("C"))))
        }
        // A new node over the same database rebuilds the same graph from the stored events.
        try await tmp.application().test(.router) { client in
            let (status, f) = try await get(client, "/trace/footprint?id=" + PercentEncoding.encode(CBVCanonical.identifier(T.lot("C"))))
            #expect(status == .ok)
            #expect(f.objectValue?["massKg"]?.numberValue?.doubleValue == 990)
        }
    }

    /// An answer asked again is the same answer (kept as sent), until a capture changes the graph: then the new one.
    @Test(.temporaryStore) func anAnswerAskedAgainIsKeptUntilTheGraphChanges() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        try await tmp.application().test(.router) { client in
            #expect(try await capture(client, Self.events).0 == .accepted)
            let first = try await get(client, "/trace/downstream?id=" + Self.q("V"))
            let again = try await get(client, "/trace/downstream?id=" + Self.q("V"))
            #expect(first.0 == .ok && again.1 == first.1)
            // Another depth is another question.
            let shallow = try await get(client, "/trace/downstream?id=" + Self.q("V") + "&depth=0")
            #expect(shallow.1 != first.1)
            // C goes into a part: V's downstream now reaches it.
            #expect(try await capture(client, [T.transform([("C", 990)], [("P", 980)], ghg: 5, n: 3)]).0 == .accepted)
            let after = try await get(client, "/trace/downstream?id=" + Self.q("V"))
            #expect(after.1 != first.1 && JSONWriter.string(after.1).contains("/10/P"))
        }
    }

    @Test(.temporaryStore) func badRequestsAreProblems() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        try await tmp.application().test(.router) { client in
            let (missing, p1) = try await get(client, "/trace/footprint")
            #expect(missing == .badRequest)
            #expect(p1.objectValue?["detail"]?.stringValue?.contains("id is required") == true)
            #expect(try await get(client, "/trace/upstream?id=" + Self.q("nothing")).0 == .notFound)
            #expect(try await get(client, "/trace/upstream?id=" + Self.q("V") + "&depth=-1").0 == .badRequest)
            #expect(try await get(client, "/trace/upstream?id=" + Self.q("V") + "&depth=1000").0 == .badRequest)
            // A wrong Junkan term is refused with where it is, and nothing of the document is stored.
            let (status, problem) = try await capture(client, [Self.events[0], T.transform([("V", 1)], [("X", 1)], ghg: -3)])
            #expect(status == .badRequest)
            #expect(problem.objectValue?["pointer"] == "/epcisBody/eventList/1/junkan:ghgEmissions")
            #expect(try await get(client, "/trace/footprint?id=" + Self.q("V")).0 == .notFound)
        }
    }

    @Test(.temporaryStore) func singleEventCaptureFeedsTheGraphToo() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        try await tmp.application().test(.router) { client in
            var event = Self.events[0]
            if case .object(var o) = event { o["@context"] = SampleEvents.context; event = .object(o) }
            let status = try await client.execute(
                uri: "/events", method: .post, headers: Self.auth,
                body: ByteBuffer(string: JSONWriter.string(event))
            ) { $0.status }
            #expect(status == .created)
            let (_, f) = try await get(client, "/trace/footprint?id=" + Self.q("V"))
            #expect(f.objectValue?["kgCO2ePerKg"]?.numberValue?.doubleValue == 2)
            #expect(f.objectValue?["totalKgCO2e"]?.numberValue?.doubleValue == 2000)
        }
    }

    @Test(.temporaryStore) func storedEventWithAnUnreadableTermDoesNotKeepTheGraphDown() async throws {
        let tmp = try TemporaryStore.forTest()
        // Stored behind capture's back, as a database from before the vocabulary was checked could hold it.
        var bad = T.transform([("V", 1)], [("X", 1)], ghg: -3)
        if case .object(var o) = bad { o["@context"] = SampleEvents.context; bad = .object(o) }
        _ = try await tmp.store.capture([
            EventRecord(
                eventID: "urn:uuid:bad", eventHash: "ni:///sha-256;bad?ver=CBV2.0", type: "TransformationEvent",
                eventTime: 0, recordTime: 0, action: nil, bizStep: nil, disposition: nil, readPoint: nil,
                bizLocation: nil, transformationID: nil, organisationID: "org-x", identifiers: [],
                json: JSONWriter.string(bad))
        ])
        _ = try await tmp.organisation()
        try await tmp.application().test(.router) { client in
            let (captured, _) = try await capture(client, [Self.events[0]])
            #expect(captured == .accepted)
            let (found, _) = try await get(client, "/trace/footprint?id=" + Self.q("V"))
            #expect(found == .ok, "the graph loaded despite the unreadable event")
            let (skipped, _) = try await get(client, "/trace/footprint?id=" + Self.q("X"))
            #expect(skipped == .notFound, "the unreadable event added nothing")
        }
    }

    @Test(.temporaryStore) func vocabularyContextIsServedAndNamesEveryTerm() async throws {
        let tmp = try TemporaryStore.forTest()
        try await tmp.application().test(.router) { client in
            let (status, ctx) = try await get(client, "/voc/context.jsonld")
            #expect(status == .ok)
            let terms = try #require(ctx.objectValue?["@context"]?.objectValue)
            #expect(terms["junkan"] == .string(TraceVocabulary.namespace))
            for t in JunkanContext.terms { #expect(terms["junkan:" + t] != nil, "\(t) is defined") }
        }
    }
}
