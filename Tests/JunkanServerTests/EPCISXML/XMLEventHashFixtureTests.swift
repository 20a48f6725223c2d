import Foundation
import JunkanCore
import JunkanNode
import JunkanTestSupport
import Testing

/// Issue 29, item 5: EPCIS XML decoded into JSON-LD hashes as the reference generator hashes the XML. The event-hash
/// fixtures' `tests/examples/*.xml` give their `.hashes`: every example valid against GS1's XML Schema is read and gives
/// them; every invalid one is refused with the line and element of its first error.
@Suite struct XMLEventHashFixtureTests {
    static let folder = "epcis/epcis-event-hash-generator/tests/examples"

    static let examples: [String] = Fixtures.files(under: folder, suffix: ".xml")
        .map { String($0.dropLast(".xml".count)) }
        .filter { FileManager.default.fileExists(atPath: Fixtures.url($0 + ".hashes").path) }

    /// Examples GS1's XML Schemas refuse (checked independently with lxml by scripts/check-epcis-xml.py), with the first
    /// error's line and element.
    static let invalid: [String: (line: Int, element: String)] = [
        // A sensorElementList after the ILMD-less ObjectEvent's extension point: out of the XSD's sequence.
        "SensorDataExamples": (333, "sensorElementList"),
        // An extension element directly in the document, before EPCISBody.
        "epcisXmlDocHavingEventWithIgnoreFields": (9, "repository-x:ignoreFields"),
        "epcisXmlQueryDocHavingEventWithIgnoreFields": (9, "repository-x:ignoreFields"),
        // QueryResults unqualified: the query XSD declares it in the query namespace (epcisq:QueryResults).
        "epcisQueryDocument": (4, "QueryResults")
    ]

    /// Where the reference's own two readers disagree, Junkan hashes as the reference hashes the JSON-LD form (which is
    /// what `junkan verify` recomputes from the stored event): the reference's XML reader gives the `.hashes` line.
    static let referenceJSONLDHash: [String: (hash: String, why: String)] = [
        "epcisDocWithTransformationEventWithMultipleExtensions": (
            "ni:///sha-256;263f4fa0a8a5de68cc67e32777873e8496fd16db2eb92d9004425b17808e82ca?ver=CBV2.0",
            // `python -m epcis_event_hash_generator` on this document's JSON-LD form (scripts/check-epcis-xml.py does it).
            "an extension member named c4l:source: the reference's JSON-LD reader takes it for a source/destination pair and adds a bare `resource` level"
        )
    ]

    static func name(_ example: String) -> String { String(example.split(separator: "/").last!) }

    static func document(_ path: String) throws -> JSONValue {
        let data = try Data(contentsOf: Fixtures.url(path))
        return try data.withUnsafeBytes { raw in try EPCISXMLReader.anyDocument(raw) }
    }

    @Test func findsTheXMLExamples() {
        #expect(Self.examples.count >= 15, "fixtures missing: \(Fixtures.root.path)")
    }

    @Test(arguments: examples)
    func xmlHashesEqualTheReference(example: String) throws {
        let name = Self.name(example)
        if let bad = Self.invalid[name] {
            let error = try #require(throws: EPCISXMLError.self) { try Self.document(example + ".xml") }
            #expect(error.issues.first?.line == bad.line)
            #expect(error.issues.first?.element == bad.element)
            return
        }
        var expected = try Fixtures.lines(example + ".hashes")
        let json = try Self.document(example + ".xml")
        if let divergence = Self.referenceJSONLDHash[name] { expected = [divergence.hash] }
        #expect(try EventHash.hashes(document: json) == expected)
        // Capture's own checks accept every event (a query document's events are checked as a capture's would be).
        let events = json.objectValue?["epcisBody"]?.objectValue?["queryResults"]?.objectValue?["resultsBody"]?.objectValue?["eventList"]
        let context = json.objectValue?["@context"]
        let document: JSONValue =
            events.map {
                [
                    "@context": context ?? .null, "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2024-01-01T00:00:00Z",
                    "epcisBody": ["eventList": $0]
                ]
            } ?? json
        let decoded = try EPCISDocument.decode(document)
        #expect(decoded.document.events.count == expected.count)
    }

    /// The `.jsonld` twin of an XML example has the same events: the same hashes, and the same decoded events.
    @Test(arguments: examples.filter { FileManager.default.fileExists(atPath: Fixtures.url($0 + ".jsonld").path) })
    func xmlAndItsJSONLDTwinHashAlike(example: String) throws {
        guard Self.invalid[Self.name(example)] == nil else { return }
        let fromXML = try EventHash.hashes(document: try Self.document(example + ".xml"))
        let fromJSON = try EventHash.hashes(document: try Fixtures.json(example + ".jsonld"))
        #expect(fromXML == fromJSON)
    }
}
