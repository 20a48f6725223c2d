/// An EPCISDocument (EPCIS 2.0 §9.3 JSON binding) as captured: its context, header fields and events.
public struct EPCISDocument: Sendable {
    public var context: JSONValue?
    public var schemaVersion: String
    public var creationDate: String
    public var events: [EPCISEvent]
    /// Each event as sent (for the event hash, which reads the original JSON-LD).
    public var rawEvents: [JSONValue]

    /// The pointer of event `i` in the document.
    public static func eventPointer(_ i: Int) -> JSONPointer { JSONPointer(["epcisBody", "eventList", String(i)]) }

    /// A capture document's header, checked, and its event list as sent (not yet decoded).
    public struct Header: Sendable {
        public var context: JSONValue
        public var schemaVersion: String
        public var creationDate: String
        public var eventList: [JSONValue]
    }

    /// Checks a capture document's header fields (type, @context, schemaVersion, creationDate, epcisBody.eventList)
    /// without looking into its events, which capture decodes chunk by chunk.
    public static func header(_ json: JSONValue) throws(EPCISValidationError) -> Header {
        let root = JSONPointer.root
        guard case .object(let o) = json else { throw EPCISValidationError(root, "the document must be a JSON object, found \(json.typeName)") }
        guard let type = o["type"]?.stringValue else { throw EPCISValidationError(root.appending("type"), "missing required field 'type' (\"EPCISDocument\")") }
        guard type == "EPCISDocument" else { throw EPCISValidationError(root.appending("type"), "expected \"EPCISDocument\", found \"\(type)\"") }
        guard let context = o["@context"] else { throw EPCISValidationError(root.appending("@context"), "missing required field '@context'") }
        guard let schemaVersion = o["schemaVersion"]?.stringValue else {
            throw EPCISValidationError(root.appending("schemaVersion"), "missing required field 'schemaVersion' (\"2.0\")")
        }
        guard schemaVersion.hasPrefix("2.") else {
            throw EPCISValidationError(root.appending("schemaVersion"), "unsupported schemaVersion \"\(schemaVersion)\"; this service speaks EPCIS 2.0")
        }
        guard let creationDate = o["creationDate"]?.stringValue, ISO8601Timestamp.parse(creationDate) != nil else {
            throw EPCISValidationError(root.appending("creationDate"), "missing or invalid 'creationDate' (a date-time)")
        }
        guard case .object(let body)? = o["epcisBody"] else { throw EPCISValidationError(root.appending("epcisBody"), "missing 'epcisBody' object") }
        guard case .array(let list)? = body["eventList"] else {
            throw EPCISValidationError(root.appending("epcisBody").appending("eventList"), "missing 'eventList' array")
        }
        return Header(context: context, schemaVersion: schemaVersion, creationDate: creationDate, eventList: list)
    }

    /// Decodes and validates a capture document. `eventErrors` collects per-event problems instead
    /// of failing at the first (for `GS1-Capture-Error-Behaviour: proceed`); header problems throw.
    public static func decode(
        _ json: JSONValue, collectEventErrors: Bool = false
    ) throws(EPCISValidationError)
        -> (document: EPCISDocument, eventErrors: [Int: EPCISValidationError])
    {
        let header = try header(json)
        let (context, list) = (header.context, header.eventList)
        let decoder = EPCISEventDecoder(context: context)
        var events: [EPCISEvent] = []
        var raw: [JSONValue] = []
        var errors: [Int: EPCISValidationError] = [:]
        events.reserveCapacity(list.count)
        // Events decode independently (on all cores); errors are then taken in document order.
        let decoded = ParallelMap.map(list.count) { i in
            Result { () throws(EPCISValidationError) in try decoder.decode(list[i], at: eventPointer(i)) }
        }
        for (i, result) in decoded.enumerated() {
            do {
                events.append(try result.get())
                raw.append(list[i])
            } catch {
                if !collectEventErrors { throw error }
                errors[i] = error
            }
        }
        return (EPCISDocument(context: context, schemaVersion: header.schemaVersion, creationDate: header.creationDate, events: events, rawEvents: raw), errors)
    }
}
