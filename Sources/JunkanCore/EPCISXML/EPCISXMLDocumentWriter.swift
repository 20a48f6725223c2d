/// EPCIS 2.0 XML documents around events written by `EPCISXMLEncoder`: the query document of query results (valid
/// against `EPCglobal-epcis-query-2_0.xsd`) and the capture document.
public enum EPCISXMLDocumentWriter {
    static let namespaces =
        " xmlns:xsi=\"" + EPCISXMLNamespace.xsi + "\" xmlns:xsd=\"" + EPCISXMLNamespace.xsd + "\""

    /// `events` are the stored JSON-LD events.
    public static func queryDocument(
        events: [JSONValue], queryName: String, subscriptionID: String? = nil, creationDate: Int64, cbv: CBVXMLFormat = .alwaysURN
    ) -> String {
        var out =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<epcisq:EPCISQueryDocument xmlns:epcisq=\"" + EPCISXMLNamespace.query2
            + "\" xmlns:epcis=\"" + EPCISXMLNamespace.epcis2 + "\"" + namespaces + " schemaVersion=\"2.0\" creationDate=\""
            + ISO8601Timestamp.utcString(epochMilliseconds: creationDate) + "\"><EPCISBody><epcisq:QueryResults><queryName>"
            + XMLText.content(queryName) + "</queryName>"
        if let subscriptionID { out += "<subscriptionID>" + XMLText.content(subscriptionID) + "</subscriptionID>" }
        out += "<resultsBody><EventList>"
        for e in events { out += "\n" + EPCISXMLEncoder.event(e, cbv: cbv) }
        return out + "\n</EventList></resultsBody></epcisq:QueryResults></EPCISBody></epcisq:EPCISQueryDocument>\n"
    }

    /// A capture document of `events` (what `POST /capture` takes in XML).
    public static func captureDocument(events: [JSONValue], creationDate: Int64) -> String {
        var out =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<epcis:EPCISDocument xmlns:epcis=\"" + EPCISXMLNamespace.epcis2 + "\"" + namespaces
            + " schemaVersion=\"2.0\" creationDate=\"" + ISO8601Timestamp.utcString(epochMilliseconds: creationDate) + "\"><EPCISBody><EventList>"
        for e in events { out += "\n" + EPCISXMLEncoder.event(e) }
        return out + "\n</EventList></EPCISBody></epcis:EPCISDocument>\n"
    }
}
