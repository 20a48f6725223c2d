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

/// Issue 29, item 5: JSON-LD → capture → query as XML → valid against the query XSD → capture into a second node as XML →
/// the same event hashes and the same stored events.
@Suite struct XMLRoundTripTests {
    static let auth: HTTPFields = [.authorization: "Bearer test-token"]

    /// The reference generator's JSON-LD examples (every event type, sensor data, extensions, error declarations) that
    /// a node captures: the others reuse one eventID for two events (409) or break the EPCIS JSON schema (400).
    static let sources: [String] = Fixtures.files(under: XMLEventHashFixtureTests.folder, suffix: ".jsonld")

    /// The stored events of a node, by eventID, without `recordTime` (the second capture's own) and `@context` (the XML
    /// decoder declares the prefixes the events use, compared by `contexts`). Standard sensor values a source wrote as
    /// CURIEs (`gs1:Angle`) are compared bare: XML writes them as IRIs, read back bare, which hash alike.
    static func stored(_ store: any EventStore) async throws -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for e in try await store.events(committedAfter: 0, limit: 100_000) {
            guard case .object(var o) = try JSONParser.parse(e.record.json) else { continue }
            o["recordTime"] = nil
            o["@context"] = nil
            if let list = o["sensorElementList"]?.arrayValue { o["sensorElementList"] = .array(list.map(bareSensorTerms)) }
            out[e.record.eventID] = .object(o)
        }
        return out
    }

    /// Each stored event's context as prefix → namespace (its object entries).
    static func contexts(_ store: any EventStore) async throws -> [String: [String: String]] {
        var out: [String: [String: String]] = [:]
        for e in try await store.events(committedAfter: 0, limit: 100_000) {
            var map: [String: String] = [:]
            for entry in (try JSONParser.parse(e.record.json)).objectValue?["@context"]?.arrayValue ?? [] {
                for (k, v) in entry.objectValue ?? JSONObject() { map[k] = v.stringValue }
            }
            out[e.record.eventID] = map
        }
        return out
    }

    static func bareSensorTerms(_ element: JSONValue) -> JSONValue {
        guard case .object(var o) = element, let reports = o["sensorReport"]?.arrayValue else { return element }
        o["sensorReport"] = .array(
            reports.map { r in
                guard case .object(var report) = r else { return r }
                for key in ["type", "component", "exception"] {
                    if let v = report[key]?.stringValue, let colon = v.firstIndex(of: ":"), ["gs1", "cbv"].contains(v[..<colon]) {
                        let word = v[v.index(after: colon)...]
                        report[key] = .string(String(word.hasPrefix("Comp-") ? word.dropFirst(5) : word))
                    }
                }
                return .object(report)
            })
        return .object(o)
    }

    @Test func findsTheSources() { #expect(Self.sources.count >= 20) }

    @Test(arguments: sources)
    func eventsQueriedAsXMLCaptureElsewhereWithTheSameHashes(source: String) async throws {
        let a = try await TemporaryStore()
        let b = try await TemporaryStore()
        defer {
            a.remove()
            b.remove()
        }
        _ = try await a.organisation()
        _ = try await b.organisation()
        let xml: String? = try await a.application().test(.router) { client in
            let body = ByteBuffer(bytes: Array(try Data(contentsOf: Fixtures.url(source))))
            var headers = Self.auth
            headers[.contentType] = "application/ld+json"
            let status = try await client.execute(uri: "/capture", method: .post, headers: headers, body: body) { $0.status }
            guard status == .accepted else { return nil }
            headers = Self.auth
            headers[.accept] = "application/xml"
            // Identifiers as captured (not the binding's default Digital Links), so the second node stores the same JSON.
            headers[HTTPField.Name("GS1-EPC-Format")!] = "Never_Translates"
            return try await client.execute(uri: "/events?perPage=1000", method: .get, headers: headers) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType] == "application/xml")
                return String(buffer: r.body)
            }
        }
        guard let xml else { return }
        // Valid against GS1's query XSD (EPCISXMLReader.queryDocument validates before it decodes).
        let results = try Data(xml.utf8).withUnsafeBytes { raw in try EPCISXMLReader.queryDocument(raw) }
        let hashesA = Set(try await a.store.events(committedAfter: 0, limit: 100_000).map(\.record.eventHash))
        #expect(Set(try EventHash.hashes(document: results)) == hashesA)

        // The query document's event list, as a capture document, to the second node.
        let start = try #require(xml.range(of: "<EventList>")).upperBound
        let end = try #require(xml.range(of: "</EventList>")).lowerBound
        let capture =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<epcis:EPCISDocument xmlns:epcis=\"urn:epcglobal:epcis:xsd:2\" "
            + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" "
            + "schemaVersion=\"2.0\" creationDate=\"2026-01-01T00:00:00Z\"><EPCISBody><EventList>" + xml[start..<end]
            + "</EventList></EPCISBody></epcis:EPCISDocument>"
        try await b.application().test(.router) { client in
            var headers = Self.auth
            headers[.contentType] = "application/xml"
            try await client.execute(uri: "/capture", method: .post, headers: headers, body: ByteBuffer(string: capture)) { r in
                #expect(r.status == .accepted, "\(String(buffer: r.body))")
                let job = try JSONParser.parse(String(buffer: r.body))
                #expect(job.objectValue?["success"] == true, "\(job)")
            }
        }
        let hashesB = Set(try await b.store.events(committedAfter: 0, limit: 100_000).map(\.record.eventHash))
        #expect(hashesA == hashesB)
        let fromA = try await Self.stored(a.store)
        let fromB = try await Self.stored(b.store)
        #expect(fromB.count == fromA.count)
        // Every prefix the second node's events declare, the first's declare for the same namespace.
        let contextsA = try await Self.contexts(a.store)
        for (id, declared) in try await Self.contexts(b.store) {
            for (prefix, namespace) in declared { #expect(contextsA[id]?[prefix] == namespace, "\(id): \(prefix)") }
        }
        for (id, event) in fromA where fromB[id] != event {
            let x = event.objectValue ?? JSONObject()
            let y = fromB[id]?.objectValue ?? JSONObject()
            let keys = Set(x.map(\.key)).union(y.map(\.key)).filter { x[$0] != y[$0] }.sorted()
            Issue.record(
                "\(id) differs in \(keys.map { "\($0): \(x[$0].map { JSONWriter.string($0) } ?? "-") vs \(y[$0].map { JSONWriter.string($0) } ?? "-")" })")
        }
    }
}
