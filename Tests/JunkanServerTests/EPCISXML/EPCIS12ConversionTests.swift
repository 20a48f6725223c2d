import Foundation
import JunkanCore
import JunkanNode
import JunkanTestSupport
import Testing

/// Issue 29, item 5: EPCIS 1.2 XML documents, converted to 2.0 as GS1's convert-1.2-to-2.0.xsl specifies (the
/// comparison with the stylesheet's own output, run by xsltproc, is in scripts/check-epcis-xml.py).
@Suite struct EPCIS12ConversionTests {
    static func read(_ xml: String) throws -> JSONValue {
        try Data(xml.utf8).withUnsafeBytes { raw in try EPCISXMLReader.captureDocument(raw) }
    }

    static func events(_ json: JSONValue) -> [JSONValue] { json.objectValue?["epcisBody"]?.objectValue?["eventList"]?.arrayValue ?? [] }

    static func document(_ events: String) -> String {
        XMLTestDocument.capture(events, namespace: "urn:epcglobal:epcis:xsd:1", schemaVersion: "1.2")
    }

    /// GS1's 1.2 examples: three read as 2.0 events; two hold what the 2.0 form cannot (an unqualified element the
    /// stylesheet moves into `extension`, a misspelt `sensorMetaData`) and are refused, naming line and element.
    @Test func gs1Examples() throws {
        let folder = "epcis/gs1-EPCIS/XSL/1.2/XML/"
        for (name, count) in [("AggregationEvent", 1), ("TransactionEvent", 2), ("TransformationEvent", 1)] {
            let json = try Self.read(String(decoding: try Fixtures.data(folder + name + ".xml"), as: UTF8.self))
            #expect(Self.events(json).count == count, "\(name)")
            #expect(try EPCISDocument.decode(json).document.events.count == count)
        }
        for (name, line, element) in [("ObjectEvent", 46, "myField"), ("AssociationEvent", 135, "sensorMetaData")] {
            let error = try #require(throws: EPCISXMLError.self) { try Self.read(String(decoding: try Fixtures.data(folder + name + ".xml"), as: UTF8.self)) }
            #expect(error.issues.first?.line == line)
            #expect(error.issues.first?.element == element)
        }
    }

    /// 1.2 puts quantityList, sources, destinations and ILMD in `extension`, eventID and errorDeclaration in
    /// `baseExtension`: all of them reach the 2.0 event, and the 2.0 form hashes as a 2.0 document of the same event.
    @Test func extensionFieldsAreLifted() throws {
        let event = """
                  <ObjectEvent>
                    <eventTime>2019-01-01T10:00:00Z</eventTime>
                    <eventTimeZoneOffset>+00:00</eventTimeZoneOffset>
                    <baseExtension><eventID>urn:uuid:5e4d8f2c-0000-4000-8000-000000000001</eventID></baseExtension>
                    <epcList/>
                    <action>ADD</action>
                    <bizStep>urn:epcglobal:cbv:bizstep:commissioning</bizStep>
                    <extension>
                      <quantityList><quantityElement><epcClass>urn:epc:class:lgtin:4012345.012345.L1</epcClass><quantity>25.5</quantity><uom>KGM</uom></quantityElement></quantityList>
                      <ilmd><ex:grade>PC-ABS</ex:grade></ilmd>
                    </extension>
                    <ex:site>north</ex:site>
                  </ObjectEvent>
            """
        let json = try Self.read(Self.document(event))
        let e = try #require(Self.events(json).first?.objectValue)
        #expect(e["eventID"] == "urn:uuid:5e4d8f2c-0000-4000-8000-000000000001")
        #expect(e["bizStep"] == "commissioning")
        #expect(e["quantityList"] == [["epcClass": "urn:epc:class:lgtin:4012345.012345.L1", "quantity": 25.5, "uom": "KGM"]])
        // Kept, though the stylesheet reads only a direct ilmd and would drop this one.
        #expect(e["ilmd"] == ["ex:grade": "PC-ABS"])
        #expect(e["ex:site"] == "north")
    }

    /// The stylesheet drops a QuantityEvent without a word; Junkan refuses it, so nothing accepted is lost.
    @Test func quantityEventsAreRefusedNotDropped() throws {
        let event = """
                  <QuantityEvent>
                    <eventTime>2019-01-01T10:00:00Z</eventTime>
                    <eventTimeZoneOffset>+00:00</eventTimeZoneOffset>
                    <epcClass>urn:epc:idpat:sgtin:4012345.012345.*</epcClass>
                    <quantity>10</quantity>
                  </QuantityEvent>
            """
        let error = try #require(throws: EPCISXMLError.self) { try Self.read(Self.document(event)) }
        #expect(error.issues.first?.element == "QuantityEvent")
        #expect(error.issues.first?.line == 5)
    }

    /// A 1.2 document invalid against the 1.2 XSD is refused before any conversion, with its line.
    @Test func invalid12DocumentsAreRefusedWithTheirLine() throws {
        let event = """
                  <ObjectEvent>
                    <eventTimeZoneOffset>+00:00</eventTimeZoneOffset>
                    <action>ADD</action>
                  </ObjectEvent>
            """
        let error = try #require(throws: EPCISXMLError.self) { try Self.read(Self.document(event)) }
        #expect(error.issues.first?.line == 6)
        #expect(error.issues.first?.element == "eventTimeZoneOffset")
    }
}
