import Foundation
import JunkanCore
import JunkanTestSupport
import Testing

/// Every GS1 EPCIS 2.0 JSON example decodes, re-encodes and decodes to an equal value.
@Suite struct EPCISCodecFixtureTests {
    static let documents: [String] =
        (Fixtures.files(under: "epcis/gs1-EPCIS/JSON", suffix: ".jsonld")
        + Fixtures.files(under: "epcis/gs1-EPCIS/JSON-simple-context", suffix: ".jsonld"))
        .filter { !$0.hasSuffix("EPCISQueryDocument.jsonld") }

    /// Drafts in the GS1 example set that break the EPCIS 2.0 JSON schema (EPCIS-JSON-Schema.json in the
    /// same folder), with where we must report the problem. "syntax" = not JSON (duplicate member names).
    static let invalid: [String: String] = [
        "epcis/gs1-EPCIS/JSON/AssociationEvent/AssociationEvent-h.jsonld": "syntax",
        "epcis/gs1-EPCIS/JSON-simple-context/AssociationEvent/AssociationEvent-h.jsonld": "syntax",
        // sourceList must be an array.
        "epcis/gs1-EPCIS/JSON-simple-context/Example-TransactionEvents-2020_07_03y.jsonld": "/epcisBody/eventList/1/sourceList",
        // "id" is not an event property.
        "epcis/gs1-EPCIS/JSON-simple-context/PersistentDisposition-example.jsonld": "/epcisBody/eventList/0/id",
        // a sensorElement has only sensorMetadata, sensorReport and namespaced extensions. (Their persistentDisposition,
        // on an Aggregation-, Association- or TransactionEvent, is accepted: GS1's XSD has it on every event type.)
        "epcis/gs1-EPCIS/JSON-simple-context/WithFullCombinationOfFields/aggregation_event_all_possible_fields.jsonld":
            "/epcisBody/eventList/0/sensorElementList/0/type",
        "epcis/gs1-EPCIS/JSON-simple-context/WithFullCombinationOfFields/association_event_all_possible_fields.jsonld":
            "/epcisBody/eventList/0/sensorElementList/0/type",
        "epcis/gs1-EPCIS/JSON-simple-context/WithFullCombinationOfFields/transaction_event_all_possible_fields.jsonld":
            "/epcisBody/eventList/0/sensorElementList/0/type",
        "epcis/gs1-EPCIS/JSON-simple-context/WithFullCombinationOfFields/object_event_all_possible_fields.jsonld":
            "/epcisBody/eventList/0/sensorElementList/0/type",
        "epcis/gs1-EPCIS/JSON-simple-context/WithFullCombinationOfFields/transformation_event_all_possible_fields.jsonld":
            "/epcisBody/eventList/0/sensorElementList/0/type",
        "epcis/gs1-EPCIS/JSON-simple-context/WithSensorData/SensorDataExample14.jsonld": "/epcisBody/eventList/0/sensorElementList/0/type",
        "epcis/gs1-EPCIS/JSON-simple-context/WithSensorData/SensorDataExample15.jsonld": "/epcisBody/eventList/0/sensorElementList/0/type",
        // schemaVersion is required.
        "epcis/gs1-EPCIS/JSON-simple-context/WithSensorData/SensorDataExample12.jsonld": "/schemaVersion",
        "epcis/gs1-EPCIS/JSON-simple-context/WithSensorData/SensorDataExample17.jsonld": "/schemaVersion"
    ]

    static let valid = documents.filter { invalid[$0] == nil }

    @Test func findsTheGS1Examples() { #expect(Self.documents.count >= 40) }

    @Test(arguments: invalid.keys.sorted())
    func rejectsInvalidExampleAtThePointer(path: String) throws {
        let expected = Self.invalid[path]!
        let bytes = Array(try Fixtures.data(path))
        do {
            let json = try JSONParser.parse(bytes)
            _ = try EPCISDocument.decode(json)
            Issue.record("accepted an invalid document")
        } catch let e as JSONSyntaxError {
            #expect(expected == "syntax", "\(e)")
        } catch let e as EPCISValidationError {
            #expect(e.pointer.description == expected)
        }
    }

    @Test(arguments: valid)
    func decodesReencodesAndDecodesEqual(path: String) throws {
        let json = try Fixtures.json(path)
        let (doc, _) = try EPCISDocument.decode(json)
        #expect(!doc.events.isEmpty)
        let decoder = EPCISEventDecoder(context: doc.context)
        for (i, event) in doc.events.enumerated() {
            let again = try decoder.decode(JSONParser.parse(JSONWriter.string(event.json)))
            #expect(again == event, "event \(i) of \(path)")
            // Re-encoding loses nothing the hash looks at.
            #expect(try EventHash.hash(event: event.json, context: doc.context) == EventHash.hash(event: doc.rawEvents[i], context: doc.context))
        }
    }

    @Test func queryDocumentEventsDecode() throws {
        let json = try Fixtures.json("epcis/gs1-EPCIS/JSON/EPCISQueryDocument.jsonld")
        let list = json.objectValue?["epcisBody"]?.objectValue?["queryResults"]?.objectValue?["resultsBody"]?.objectValue?["eventList"]?.arrayValue ?? []
        #expect(!list.isEmpty)
        let decoder = EPCISEventDecoder(context: json.objectValue?["@context"])
        for e in list { _ = try decoder.decode(e) }
    }
}

@Suite struct EPCISValidationTests {
    static let context: JSONValue = ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld", ["example": "https://ns.example.com/epcis/"]]
    let decoder = EPCISEventDecoder(context: context)

    func event(_ members: [(String, JSONValue)]) -> JSONValue {
        var o = JSONObject([("type", "ObjectEvent"), ("eventTime", "2024-05-01T09:30:00.000+09:00"), ("eventTimeZoneOffset", "+09:00"), ("action", "OBSERVE")])
        for (k, v) in members { o[k] = v }
        return .object(o)
    }

    func failure(_ json: JSONValue) -> EPCISValidationError? {
        do { _ = try decoder.decode(json); return nil } catch { return error }
    }

    @Test func rejectsUnknownEventTypeNamingTheField() {
        let e = failure(event([("type", "ShipmentEvent")]))
        #expect(e?.pointer.description == "/type")
        #expect(e?.reason.contains("unknown event type") == true)
    }

    @Test func rejectsMissingEventTime() {
        var o = event([]).objectValue!
        o["eventTime"] = nil
        #expect(failure(.object(o))?.pointer.description == "/eventTime")
    }

    @Test func rejectsGTINWithWrongCheckDigitInEPCList() {
        let e = failure(event([("epcList", ["https://id.gs1.org/01/09506000134353/21/1"])]))
        #expect(e?.pointer.description == "/epcList/0")
        #expect(e?.reason.contains("check digit") == true)
    }

    @Test func rejectsUndeclaredExtensionPrefix() {
        let e = failure(event([("acme:temperature", 3)]))
        #expect(e?.pointer.description == "/acme:temperature")
    }

    @Test func acceptsDeclaredExtension() throws {
        let ev = try decoder.decode(event([("example:myField", ["a": 1])]))
        #expect(ev.extensions["example:myField"] == ["a": 1])
    }

    @Test func rejectsFieldOfAnotherEventType() {
        #expect(failure(event([("inputEPCList", ["urn:epc:id:sgtin:0614141.107346.2017"])]))?.reason.contains("not allowed") == true)
    }

    @Test func rejectsBadUom() {
        let e = failure(event([("quantityList", [["epcClass": "urn:epc:class:lgtin:4012345.012345.998877", "quantity": 200, "uom": "kg"]])]))
        #expect(e?.pointer.description == "/quantityList/0/uom")
    }
}
