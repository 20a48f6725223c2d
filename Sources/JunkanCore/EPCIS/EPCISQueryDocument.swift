/// An EPCISQueryDocument (EPCIS 2.0 §9.4) around stored events, written as text: each event's JSON goes in as stored,
/// unparsed. Query results carry `queryName`; a subscription's deliveries carry its `subscriptionID` too.
public enum EPCISQueryDocument {
    public static let context: JSONValue = .array(["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"])

    public static func text(events: [String], queryName: String = "SimpleEventQuery", subscriptionID: String? = nil, creationDate: Int64) -> String {
        var out =
            "{\"@context\":" + JSONWriter.string(context)
            + ",\"type\":\"EPCISQueryDocument\",\"schemaVersion\":\"2.0\",\"creationDate\":\""
            + ISO8601Timestamp.utcString(epochMilliseconds: creationDate) + "\",\"epcisBody\":{\"queryResults\":{"
        if let subscriptionID { out += "\"subscriptionID\":" + JSONWriter.string(.string(subscriptionID)) + "," }
        out += "\"queryName\":" + JSONWriter.string(.string(queryName)) + ",\"resultsBody\":{\"eventList\":["
        for (i, e) in events.enumerated() {
            if i > 0 { out += "," }
            out += e
        }
        return out + "]}}}}"
    }
}
