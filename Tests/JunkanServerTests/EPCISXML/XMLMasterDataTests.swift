import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanNode
import JunkanServer
import JunkanTestSupport
import Testing

/// Master data in XML (issue 29, item 6): an EPCIS 2.0 document's `EPCISHeader/extension/EPCISMasterData`, an
/// `EPCISMasterDataDocument`, and an EPCIS 1.2 document's header, each read into the same vocabulary elements as the
/// JSON-LD `epcisHeader.epcisMasterData` of the same content.
@Suite struct XMLMasterDataTests {
    static func elements(_ xml: String) throws -> [VocabularyElement] {
        let json = try Data(xml.utf8).withUnsafeBytes { raw in try EPCISXMLReader.captureDocument(raw) }
        return try EPCISMasterData.elements(of: json).map(\.element)
    }

    static func fixture(_ path: String) throws -> String { String(decoding: try Fixtures.data("epcis/gs1-EPCIS/XML/" + path), as: UTF8.self) }

    static let site = "https://id.gs1.org/414/0037000007296"

    @Test func gs1sFullMasterDataExampleReadsEveryAttributeShape() throws {
        let elements = try Self.elements(try Self.fixture("WithFullCombinationOfFields/masterdata_all_possible_fields.xml"))
        #expect(Set(elements.map(\.type)) == [VocabularyType.businessLocation, VocabularyType.readPoint])
        let location = try #require(elements.first { $0.type == VocabularyType.businessLocation && $0.id == Self.site })
        #expect(location.values(of: "http://example.com/ext1#string") == [.string("stringValue")])
        // A repeated attribute keeps each value, in order.
        #expect(location.values(of: "http://example.com/ext1#array") == [.string("string1InArray"), .string("string2InArray")])
        // Child elements become an object, their names expanded to IRIs; typed numbers are numbers.
        let object2 = try #require(location.values(of: "http://example.com/ext1#object2").first?.objectValue)
        #expect(object2["http://example.com/ext1/int"]?.numberValue?.doubleValue == 10)
        #expect(object2["http://example.com/ext1/default"]?.stringValue == "stringAsDefaultValue")
        let object1 = try #require(location.values(of: "http://example.com/ext1#object1").first?.objectValue)
        #expect(object1["http://example.com/ext1/object2"]?.objectValue?["inner1"]?.stringValue == "val1")
        #expect(location.children == ["https://id.gs1.org/414/0037000007296/254/8201"])
    }

    @Test func aMasterDataDocumentIsACaptureOfItsMasterDataAlone() throws {
        let xml = try Self.fixture("Mimasu/Example-masterData.xml")
        let json = try Data(xml.utf8).withUnsafeBytes { raw in try EPCISXMLReader.captureDocument(raw) }
        #expect(json.objectValue?["epcisBody"]?.objectValue?["eventList"]?.arrayValue == [])
        let elements = try EPCISMasterData.elements(of: json).map(\.element)
        #expect(elements.count == 7)
        let plant = try #require(elements.first { $0.type == VocabularyType.businessLocation && $0.id == Self.site })
        #expect(plant.children.count == 3)
        #expect(plant.values(of: "http://epcis.example.com/mda/latitude") == [.string("+18.0000")])
        let cbv = try Self.elements(try Self.fixture("CBV/CBV-11.4-2020-06-16a.xml"))
        #expect(cbv.first { $0.id.hasSuffix("/254/1") }?.text(MasterDataAttribute.ssd) == "Line #1 at Manufacturing Plant 1")
    }

    /// The same master data in JSON-LD and in XML: the same elements, so the same stored rows.
    @Test func xmlAndJSONLDOfTheSameMasterDataAgree() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" xmlns:ex="https://ns.example.com/epcis/" schemaVersion="2.0" creationDate="2024-01-01T00:00:00Z">
              <EPCISHeader><extension><EPCISMasterData><VocabularyList>
                <Vocabulary type="urn:epcglobal:epcis:vtype:BusinessLocation"><VocabularyElementList>
                  <VocabularyElement id="urn:epc:id:sgln:4012345.00010.0">
                    <attribute id="urn:epcglobal:cbv:mda:name">Plant Kawasaki</attribute>
                    <attribute id="urn:epcglobal:cbv:mda#city">Kawasaki</attribute>
                    <attribute id="https://ns.example.com/epcis/capacity"><ex:tonnes xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xsi:type="xsd:decimal">1200</ex:tonnes></attribute>
                    <children><id>urn:epc:id:sgln:4012345.00011.0</id></children>
                  </VocabularyElement>
                </VocabularyElementList></Vocabulary>
              </VocabularyList></EPCISMasterData></extension></EPCISHeader>
              <EPCISBody><EventList/></EPCISBody>
            </epcis:EPCISDocument>
            """
        let jsonLD = """
            {"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"ex":"https://ns.example.com/epcis/"}],
             "type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2024-01-01T00:00:00Z",
             "epcisHeader":{"epcisMasterData":{"vocabularyList":[{"type":"urn:epcglobal:epcis:vtype:BusinessLocation","vocabularyElementList":[
               {"id":"https://id.gs1.org/414/4012345000108","attributes":[{"id":"cbvmda:name","attribute":"Plant Kawasaki"},
                {"id":"cbvmda:city","attribute":"Kawasaki"},{"id":"ex:capacity","attribute":{"ex:tonnes":1200}}],
                "children":["https://id.gs1.org/414/4012345000115"]}]}]}},
             "epcisBody":{"eventList":[]}}
            """
        let fromXML = try Self.elements(xml)
        let fromJSON = try EPCISMasterData.elements(of: try JSONParser.parse(jsonLD)).map(\.element)
        #expect(fromXML == fromJSON)
        #expect(fromXML.first?.siteName == "Plant Kawasaki")
    }

    /// GS1's stylesheet drops an EPCIS 1.2 document's header; its master data is kept all the same.
    @Test func anEPCIS12HeadersMasterDataIsKept() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:1" xmlns:sbdh="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader" schemaVersion="1.2" creationDate="2024-01-01T00:00:00Z">
              <EPCISHeader>
                <sbdh:StandardBusinessDocumentHeader>
                  <sbdh:HeaderVersion>1.0</sbdh:HeaderVersion>
                  <sbdh:Sender><sbdh:Identifier Authority="SGLN">urn:epc:id:sgln:4012345.00010.0</sbdh:Identifier></sbdh:Sender>
                  <sbdh:Receiver><sbdh:Identifier Authority="SGLN">urn:epc:id:sgln:4012345.00011.0</sbdh:Identifier></sbdh:Receiver>
                  <sbdh:DocumentIdentification>
                    <sbdh:Standard>EPCglobal</sbdh:Standard><sbdh:TypeVersion>1.0</sbdh:TypeVersion>
                    <sbdh:InstanceIdentifier>1</sbdh:InstanceIdentifier><sbdh:Type>Events</sbdh:Type>
                    <sbdh:CreationDateAndTime>2024-01-01T00:00:00Z</sbdh:CreationDateAndTime>
                  </sbdh:DocumentIdentification>
                </sbdh:StandardBusinessDocumentHeader>
                <extension><EPCISMasterData><VocabularyList>
                <Vocabulary type="urn:epcglobal:epcis:vtype:BusinessLocation"><VocabularyElementList>
                  <VocabularyElement id="urn:epc:id:sgln:4012345.00010.0">
                    <attribute id="urn:epcglobal:cbv:mda:name">Plant Kawasaki</attribute>
                  </VocabularyElement>
                </VocabularyElementList></Vocabulary>
              </VocabularyList></EPCISMasterData></extension></EPCISHeader>
              <EPCISBody><EventList>
                <ObjectEvent>
                  <eventTime>2024-01-01T10:00:00.000+01:00</eventTime>
                  <eventTimeZoneOffset>+01:00</eventTimeZoneOffset>
                  <epcList><epc>urn:epc:id:sgtin:4012345.011111.1</epc></epcList>
                  <action>OBSERVE</action>
                  <bizLocation><id>urn:epc:id:sgln:4012345.00010.0</id></bizLocation>
                </ObjectEvent>
              </EventList></EPCISBody>
            </epcis:EPCISDocument>
            """
        let elements = try Self.elements(xml)
        #expect(elements.map(\.id) == ["https://id.gs1.org/414/4012345000108"])
        #expect(elements.first?.siteName == "Plant Kawasaki")
    }

    @Test func capturedAsXMLItAnswersWithinQueries() async throws {
        let tmp = try await TemporaryStore()
        defer { tmp.remove() }
        _ = try await tmp.organisation()
        try await tmp.application().test(.router) { client in
            let headers: HTTPFields = [.authorization: "Bearer test-token", .contentType: "application/xml"]
            let body = ByteBuffer(string: try Self.fixture("Mimasu/Example-masterData.xml"))
            try await client.execute(uri: "/capture", method: .post, headers: headers, body: body) { r in
                #expect(r.status == .accepted, "\(String(buffer: r.body))")
            }
            let events = XMLTestDocument.capture(
                ["8202", "8203", "9999"].map { location in
                    """
                          <ObjectEvent>
                            <eventTime>2024-01-01T10:00:00.000+01:00</eventTime>
                            <eventTimeZoneOffset>+01:00</eventTimeZoneOffset>
                            <epcList><epc>urn:epc:id:sgtin:0037000.011111.\(location)</epc></epcList>
                            <action>OBSERVE</action>
                            <bizLocation><id>urn:epc:id:sgln:0037000.00729.\(location)</id></bizLocation>
                          </ObjectEvent>
                    """
                }.joined(separator: "\n"))
            try await client.execute(uri: "/capture", method: .post, headers: headers, body: ByteBuffer(string: events)) { r in
                #expect(r.status == .accepted, "\(String(buffer: r.body))")
            }
            // 8202's child 8203 is also the plant's; 9999 is no one's.
            let uri = "/events?WD_bizLocation=" + PercentEncoding.encode("urn:epc:id:sgln:0037000.00729.8202")
            let found = try await client.execute(uri: uri, method: .get) { r in
                try QueryRouteTests.events(r).compactMap { $0["bizLocation"]?.objectValue?["id"]?.stringValue }
            }
            #expect(Set(found) == ["https://id.gs1.org/414/0037000007296/254/8202", "https://id.gs1.org/414/0037000007296/254/8203"])
        }
    }
}
