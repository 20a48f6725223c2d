/// The namespaces of the EPCIS XML binding (`../shared/fixtures/epcis/gs1-EPCIS/XSD`).
public enum EPCISXMLNamespace {
    /// EPCIS 2.0 documents (`EPCglobal-epcis-2_0.xsd`).
    public static let epcis2 = "urn:epcglobal:epcis:xsd:2"
    /// EPCIS 1.2 (and 1.x) documents.
    public static let epcis1 = "urn:epcglobal:epcis:xsd:1"
    /// EPCIS 2.0 query documents (`EPCglobal-epcis-query-2_0.xsd`).
    public static let query2 = "urn:epcglobal:epcis-query:xsd:2"
    public static let query1 = "urn:epcglobal:epcis-query:xsd:1"
    /// EPCIS 2.0 master data (`EPCglobal-epcis-masterdata-2_0.xsd`).
    public static let masterData2 = "urn:epcglobal:epcis-masterdata:xsd:2"
    public static let sbdh = "http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader"
    public static let xsi = "http://www.w3.org/2001/XMLSchema-instance"
    public static let xsd = "http://www.w3.org/2001/XMLSchema"
    /// The EPCIS 2.0 JSON-LD context every decoded document names first.
    public static let jsonLDContext = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
}
