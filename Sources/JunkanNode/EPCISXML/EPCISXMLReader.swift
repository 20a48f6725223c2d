public import JunkanCore

/// EPCIS XML in: a document is parsed (libxml2), validated against GS1's XML Schema, and decoded into the JSON-LD
/// document capture takes (`EPCISXMLDecoder`), so an XML event is hashed, stored and logged as its JSON-LD form is.
public enum EPCISXMLReader {
    /// An EPCIS 2.0 XML document (`POST /capture`) as JSON-LD (a master data document as a capture document of no
    /// events and that master data in its header); an EPCIS 1.x document is checked against the 1.2 XSD and
    /// converted to 2.0 first (`EPCIS12Converter`, as GS1's convert-1.2-to-2.0.xsl; its output is not always valid
    /// against the 2.0 XSD, so the decoder's own checks stand for it).
    public static func captureDocument(_ bytes: UnsafeRawBufferPointer) throws(EPCISXMLError) -> JSONValue {
        let document = try LibXMLDocument(bytes)
        return try captureDocument(document, root: try document.root())
    }

    private static func captureDocument(_ document: borrowing LibXMLDocument, root: XMLElementNode) throws(EPCISXMLError) -> JSONValue {
        if EPCIS12Converter.isEPCIS1(root) {
            try document.validate(against: try EPCISXMLSchemas.epcis12.get())
            return try EPCISXMLDecoder.document(try EPCIS12Converter.convert(root), header: root)
        }
        if root.name == "EPCISMasterDataDocument", root.namespace == EPCISXMLNamespace.masterData2 {
            try document.validate(against: try EPCISXMLSchemas.masterData2.get())
            return try EPCISXMLDecoder.masterDataDocument(root)
        }
        try document.validate(against: try EPCISXMLSchemas.epcis2.get())
        return try EPCISXMLDecoder.document(root)
    }

    /// An EPCIS 1.x XML document, checked against the 1.2 XSD, as the EPCIS 2.0 XML GS1's stylesheet makes of it.
    public static func converted12(_ bytes: UnsafeRawBufferPointer) throws(EPCISXMLError) -> String {
        let document = try LibXMLDocument(bytes)
        let root = try document.root()
        guard EPCIS12Converter.isEPCIS1(root) else {
            throw EPCISXMLError(at: root, "not an EPCIS 1.x document (<EPCISDocument> in \(EPCISXMLNamespace.epcis1))")
        }
        try document.validate(against: try EPCISXMLSchemas.epcis12.get())
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + (try EPCIS12Converter.convert(root)).xml + "\n"
    }

    /// An EPCIS 2.0 XML document of exactly one event (`POST /events`: the XML binding has no root element for an
    /// event alone) as that event's JSON-LD, with the document's `@context`.
    public static func singleEvent(_ bytes: UnsafeRawBufferPointer) throws(EPCISXMLError) -> JSONValue {
        let json = try captureDocument(bytes)
        guard let events = json.objectValue?["epcisBody"]?.objectValue?["eventList"]?.arrayValue, events.count == 1,
            case .object(var event) = events[0]
        else {
            throw EPCISXMLError(
                line: nil, element: "EventList", "POST /events takes an EPCISDocument of exactly one event in XML; send several to POST /capture")
        }
        event["@context"] = json.objectValue?["@context"]
        return .object(event)
    }

    /// An EPCIS 2.0 XML query document (what this node answers on `Accept: application/xml`, or another
    /// repository's results), validated against the query XML Schema, as its JSON-LD form.
    public static func queryDocument(_ bytes: UnsafeRawBufferPointer) throws(EPCISXMLError) -> JSONValue {
        let document = try LibXMLDocument(bytes)
        try document.validate(against: try EPCISXMLSchemas.query2.get())
        return try EPCISXMLDecoder.queryDocument(try document.root())
    }

    /// Either kind of EPCIS 2.0 XML document, by its root element, as JSON-LD.
    public static func anyDocument(_ bytes: UnsafeRawBufferPointer) throws(EPCISXMLError) -> JSONValue {
        let document = try LibXMLDocument(bytes)
        let root = try document.root()
        if root.name == "EPCISQueryDocument", root.namespace == EPCISXMLNamespace.query2 {
            try document.validate(against: try EPCISXMLSchemas.query2.get())
            return try EPCISXMLDecoder.queryDocument(root)
        }
        return try captureDocument(document, root: root)
    }
}
