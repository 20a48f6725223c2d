/// JSON-LD → `EPCISEvent`, following the EPCIS 2.0 JSON schema: every standard field is typed and
/// checked, GS1 keys in EPC fields are validated, anything else must be a namespaced user extension.
public struct EPCISEventDecoder: Sendable {
    /// Prefixes declared by the document's `@context` (plus the EPCIS context's own), for extensions.
    public var declaredPrefixes: Set<String>

    public init(context: JSONValue?) {
        var p = Set(EPCISContextVocabulary.prefixes.keys)
        func add(_ c: JSONValue) {
            switch c {
            case .array(let a): a.forEach(add)
            case .object(let o): for (k, _) in o where !k.hasPrefix("@") { p.insert(k) }
            default: break
            }
        }
        if let context { add(context) }
        declaredPrefixes = p
    }

    static let commonFields: Set<String> = [
        "type", "eventID", "eventTime", "eventTimeZoneOffset", "recordTime", "certificationInfo", "errorDeclaration",
        "@context", "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList", "sourceList",
        "destinationList", "sensorElementList"
    ]

    /// Fields each event type may have besides the common ones (EPCIS 2.0 §7.4.2–7.4.6).
    static let typeFields: [EPCISEvent.EventType: Set<String>] = [
        .objectEvent: ["action", "epcList", "quantityList", "persistentDisposition", "ilmd"],
        // persistentDisposition on every type: GS1's EPCIS 2.0 XSD has it on each (and GS1's XML example of it is an
        // AggregationEvent), though the JSON schema names it on ObjectEvent and TransformationEvent only.
        .aggregationEvent: ["action", "parentID", "childEPCs", "childQuantityList", "persistentDisposition"],
        .associationEvent: ["action", "parentID", "childEPCs", "childQuantityList", "persistentDisposition"],
        .transactionEvent: ["action", "parentID", "epcList", "quantityList", "persistentDisposition"],
        .transformationEvent: [
            "inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList",
            "transformationID", "persistentDisposition", "ilmd"
        ]
    ]

    public func decode(_ json: JSONValue, at p: JSONPointer = .root) throws(EPCISValidationError) -> EPCISEvent {
        guard case .object(let o) = json else { throw EPCISValidationError(p, "an event must be a JSON object, found \(json.typeName)") }
        guard let typeValue = o["type"] else { throw EPCISValidationError(p, "missing required field 'type'") }
        guard case .string(let typeName) = typeValue, let type = EPCISEvent.EventType(rawValue: typeName) else {
            throw EPCISValidationError(
                p.appending("type"),
                "unknown event type \(JSONWriter.string(typeValue)); expected one of "
                    + EPCISEvent.EventType.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let eventTime = try timestamp(o, "eventTime", p, required: true)!
        guard let offset = try string(o, "eventTimeZoneOffset", p, required: true), Self.isTimeZoneOffset(offset) else {
            throw EPCISValidationError(p.appending("eventTimeZoneOffset"), "must be a time zone offset like +09:00 or -05:00")
        }
        var e = EPCISEvent(type: type, eventTime: eventTime, eventTimeZoneOffset: offset)
        let allowed = Self.allowedFields[type]!
        for (key, value) in o where !allowed.contains(key) {
            if Self.allFields.contains(key) {
                throw EPCISValidationError(p.appending(key), "field '\(key)' is not allowed in a \(type.rawValue)")
            }
            try checkExtensionName(key, p.appending(key))
            e.extensions[key] = value
        }
        e.context = o["@context"]
        e.eventID = try uri(o, "eventID", p)
        e.recordTime = try timestamp(o, "recordTime", p, required: false)
        e.certificationInfo = try uriList(o, "certificationInfo", p, allowSingle: true)
        if let ed = o["errorDeclaration"] { e.errorDeclaration = try errorDeclaration(ed, p.appending("errorDeclaration")) }
        if let a = try string(o, "action", p, required: type != .transformationEvent) {
            guard let action = EPCISEvent.Action(rawValue: a) else {
                throw EPCISValidationError(p.appending("action"), "action must be ADD, OBSERVE or DELETE, found \"\(a)\"")
            }
            e.action = action
        }
        e.parentID = try uri(o, "parentID", p, gs1: true)
        e.epcList = try uriList(o, "epcList", p, gs1: true)
        e.childEPCs = try uriList(o, "childEPCs", p, gs1: true)
        e.inputEPCList = try uriList(o, "inputEPCList", p, gs1: true)
        e.outputEPCList = try uriList(o, "outputEPCList", p, gs1: true)
        e.quantityList = try quantities(o, "quantityList", p)
        e.childQuantityList = try quantities(o, "childQuantityList", p)
        e.inputQuantityList = try quantities(o, "inputQuantityList", p)
        e.outputQuantityList = try quantities(o, "outputQuantityList", p)
        e.transformationID = try uri(o, "transformationID", p)
        e.bizStep = try vocabulary(o, "bizStep", p)
        e.disposition = try vocabulary(o, "disposition", p)
        if let pd = o["persistentDisposition"] { e.persistentDisposition = try persistentDisposition(pd, p.appending("persistentDisposition")) }
        if let rp = o["readPoint"] { e.readPoint = try location(rp, p.appending("readPoint")) }
        if let bl = o["bizLocation"] { e.bizLocation = try location(bl, p.appending("bizLocation")) }
        e.bizTransactionList = try list(o, "bizTransactionList", p) { (v, q) throws(EPCISValidationError) in
            let t = try object(v, q)
            try onlyFields(t, ["type", "bizTransaction"], q)
            return EPCISEvent.BizTransaction(type: try vocabulary(t, "type", q), bizTransaction: try uri(t, "bizTransaction", q, required: true)!)
        }
        if type == .transactionEvent, e.bizTransactionList.isEmpty {
            throw EPCISValidationError(p.appending("bizTransactionList"), "a TransactionEvent needs at least one bizTransaction")
        }
        e.sourceList = try sourcesOrDestinations(o, "sourceList", "source", p)
        e.destinationList = try sourcesOrDestinations(o, "destinationList", "destination", p)
        e.sensorElementList = try list(o, "sensorElementList", p) { (v, q) throws(EPCISValidationError) in try sensorElement(v, q) }
        if let ilmd = o["ilmd"] { e.ilmd = try object(ilmd, p.appending("ilmd")) }
        try checkShape(e, p)
        return e
    }

    static let allFields: Set<String> = commonFields.union(typeFields.values.reduce(Set<String>()) { $0.union($1) })
    /// The fields each type may carry: the common ones and its own (made once, not per event).
    static let allowedFields: [EPCISEvent.EventType: Set<String>] = typeFields.mapValues { commonFields.union($0) }

    /// EPCIS 2.0 §7.4: what each type must carry beyond the common fields.
    func checkShape(_ e: EPCISEvent, _ p: JSONPointer) throws(EPCISValidationError) {
        switch e.type {
        case .aggregationEvent, .associationEvent:
            if e.action != .observe, e.parentID == nil {
                throw EPCISValidationError(p.appending("parentID"), "an \(e.type.rawValue) with action \(e.action!.rawValue) needs a parentID")
            }
        case .transformationEvent:
            if e.inputEPCList.isEmpty && e.inputQuantityList.isEmpty && e.outputEPCList.isEmpty && e.outputQuantityList.isEmpty {
                throw EPCISValidationError(p, "a TransformationEvent needs at least one input or output (EPCs or quantities)")
            }
        case .objectEvent, .transactionEvent:
            break
        }
    }

    static func isTimeZoneOffset(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 6, b[0] == UInt8(ascii: "+") || b[0] == UInt8(ascii: "-"), b[3] == UInt8(ascii: ":") else { return false }
        let d = [b[1], b[2], b[4], b[5]]
        guard d.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        // EPCIS 2.0 JSON schema: ^([+]|[-])((0[0-9]|1[0-3]):([0-5][0-9])|14:00)$
        let h = Int(d[0] - 0x30) * 10 + Int(d[1] - 0x30), m = Int(d[2] - 0x30) * 10 + Int(d[3] - 0x30)
        return (h <= 13 && m < 60) || (h == 14 && m == 0)
    }

    /// A user extension is named by a declared prefix ("example:field") or an absolute IRI.
    func checkExtensionName(_ key: String, _ p: JSONPointer) throws(EPCISValidationError) {
        guard let colon = key.firstIndex(of: ":") else {
            throw EPCISValidationError(p, "unknown field '\(key)': user extensions must be namespaced (prefix:name, with the prefix declared in @context)")
        }
        let prefix = String(key[..<colon])
        if key[colon...].hasPrefix("://") || declaredPrefixes.contains(prefix) { return }
        throw EPCISValidationError(p, "extension '\(key)' uses prefix '\(prefix)', which @context does not declare")
    }

    // MARK: field readers

    func object(_ v: JSONValue, _ p: JSONPointer) throws(EPCISValidationError) -> JSONObject {
        guard case .object(let o) = v else { throw EPCISValidationError(p, "expected an object, found \(v.typeName)") }
        return o
    }

    func onlyFields(_ o: JSONObject, _ allowed: Set<String>, _ p: JSONPointer) throws(EPCISValidationError) {
        for k in o.keys where !allowed.contains(k) {
            throw EPCISValidationError(p.appending(k), "unexpected field '\(k)'; allowed: " + allowed.sorted().joined(separator: ", "))
        }
    }

    func string(_ o: JSONObject, _ key: String, _ p: JSONPointer, required: Bool = false) throws(EPCISValidationError) -> String? {
        guard let v = o[key] else {
            if required { throw EPCISValidationError(p.appending(key), "missing required field '\(key)'") }
            return nil
        }
        guard case .string(let s) = v else { throw EPCISValidationError(p.appending(key), "expected a string, found \(v.typeName)") }
        if required, s.isEmpty { throw EPCISValidationError(p.appending(key), "must not be empty") }
        return s
    }

    func timestamp(_ o: JSONObject, _ key: String, _ p: JSONPointer, required: Bool) throws(EPCISValidationError) -> String? {
        guard let s = try string(o, key, p, required: required) else { return nil }
        guard let t = ISO8601Timestamp.parse(s), t.offsetSeconds != nil, s.utf8.contains(UInt8(ascii: "T")) else {
            throw EPCISValidationError(p.appending(key), "\"\(s)\" is not a date-time with a time zone (e.g. 2024-05-01T09:30:00.000+09:00)")
        }
        return s
    }

    /// A URI (RFC 3986 scheme ':' …). With `gs1`, EPC URIs and Digital Links must be valid GS1 keys.
    func checkURI(_ s: String, _ p: JSONPointer, gs1: Bool) throws(EPCISValidationError) {
        guard Self.hasScheme(s), !s.utf8.contains(where: { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 })
        else { throw EPCISValidationError(p, "\"\(s)\" is not a URI") }
        if gs1 {
            do { _ = try CanonicalIdentifierCache.shared.canonical(s) } catch { throw EPCISValidationError(p, "\"\(s)\": \(error)") }
        }
    }

    /// RFC 3986 §3.1: a scheme (an ASCII letter, then letters, digits, '+', '-' or '.') and a colon, read as bytes.
    static func hasScheme(_ s: String) -> Bool {
        var bytes = s.utf8.makeIterator()
        guard let first = bytes.next(), ASCII.isLetter(first) else { return false }
        while let b = bytes.next() {
            if b == UInt8(ascii: ":") { return true }
            guard
                ASCII.isLetter(b) || ASCII.isDigit(b) || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
                    || b == UInt8(ascii: ".")
            else { return false }
        }
        return false
    }

    func uri(_ o: JSONObject, _ key: String, _ p: JSONPointer, required: Bool = false, gs1: Bool = false) throws(EPCISValidationError) -> String? {
        guard let s = try string(o, key, p, required: required) else { return nil }
        try checkURI(s, p.appending(key), gs1: gs1)
        return s
    }

    /// A vocabulary value: a bare CBV term ("shipping"), a CURIE or a URI.
    func vocabulary(_ o: JSONObject, _ key: String, _ p: JSONPointer) throws(EPCISValidationError) -> String? {
        guard let s = try string(o, key, p) else { return nil }
        if s.isEmpty || s.utf8.contains(where: { $0 == 0x20 || $0 == 0x0A }) {
            throw EPCISValidationError(p.appending(key), "\"\(s)\" is not a CBV value or URI")
        }
        return s
    }

    func list<T>(
        _ o: JSONObject, _ key: String, _ p: JSONPointer, _ element: (JSONValue, JSONPointer) throws(EPCISValidationError) -> T
    ) throws(EPCISValidationError) -> [T] {
        guard let v = o[key] else { return [] }
        guard case .array(let a) = v else { throw EPCISValidationError(p.appending(key), "expected an array, found \(v.typeName)") }
        var out: [T] = []
        out.reserveCapacity(a.count)
        for (i, x) in a.enumerated() { out.append(try element(x, p.appending(key).appending(i))) }
        return out
    }

    func uriList(_ o: JSONObject, _ key: String, _ p: JSONPointer, gs1: Bool = false, allowSingle: Bool = false) throws(EPCISValidationError) -> [String] {
        if allowSingle, case .string(let s)? = o[key] {
            try checkURI(s, p.appending(key), gs1: gs1)
            return [s]
        }
        return try list(o, key, p) { (v, q) throws(EPCISValidationError) in
            guard case .string(let s) = v else { throw EPCISValidationError(q, "expected a URI string, found \(v.typeName)") }
            try checkURI(s, q, gs1: gs1)
            return s
        }
    }

    func quantities(_ o: JSONObject, _ key: String, _ p: JSONPointer) throws(EPCISValidationError) -> [EPCISEvent.QuantityElement] {
        try list(o, key, p) { (v, q) throws(EPCISValidationError) in
            let qe = try object(v, q)
            try onlyFields(qe, ["epcClass", "quantity", "uom"], q)
            let epcClass = try uri(qe, "epcClass", q, required: true, gs1: true)!
            var quantity: JSONNumber? = nil
            if let n = qe["quantity"] {
                guard case .number(let num) = n, num.doubleValue.isFinite, num.doubleValue >= 0 else {
                    throw EPCISValidationError(q.appending("quantity"), "quantity must be a non-negative number")
                }
                quantity = num
            }
            let uom = try string(qe, "uom", q)
            if let u = uom, !(2...3).contains(u.count) || !u.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) {
                throw EPCISValidationError(q.appending("uom"), "uom must be a UN/CEFACT Rec 20 code of 2–3 capitals or digits (e.g. KGM), found \"\(u)\"")
            }
            if uom != nil, quantity == nil { throw EPCISValidationError(q.appending("uom"), "uom given without quantity") }
            return EPCISEvent.QuantityElement(epcClass: epcClass, quantity: quantity, uom: uom)
        }
    }

    func location(_ v: JSONValue, _ p: JSONPointer) throws(EPCISValidationError) -> EPCISEvent.Location {
        let o = try object(v, p)
        let id = try uri(o, "id", p, required: true, gs1: true)!
        var ext = JSONObject()
        for (k, x) in o where k != "id" {
            try checkExtensionName(k, p.appending(k))
            ext[k] = x
        }
        return EPCISEvent.Location(id: id, extensions: ext)
    }

    func sourcesOrDestinations(
        _ o: JSONObject, _ key: String, _ member: String, _ p: JSONPointer
    ) throws(EPCISValidationError) -> [EPCISEvent.SourceDestination] {
        try list(o, key, p) { (v, q) throws(EPCISValidationError) in
            let s = try object(v, q)
            try onlyFields(s, ["type", member], q)
            guard let type = try vocabulary(s, "type", q) else { throw EPCISValidationError(q.appending("type"), "missing required field 'type'") }
            return EPCISEvent.SourceDestination(type: type, id: try uri(s, member, q, required: true)!)
        }
    }

    func persistentDisposition(_ v: JSONValue, _ p: JSONPointer) throws(EPCISValidationError) -> EPCISEvent.PersistentDisposition {
        let o = try object(v, p)
        try onlyFields(o, ["set", "unset"], p)
        func terms(_ k: String) throws(EPCISValidationError) -> [String] {
            try list(o, k, p) { (x, q) throws(EPCISValidationError) in
                guard case .string(let s) = x, !s.isEmpty else { throw EPCISValidationError(q, "expected a disposition value") }
                return s
            }
        }
        let pd = EPCISEvent.PersistentDisposition(set: try terms("set"), unset: try terms("unset"))
        if pd.set.isEmpty && pd.unset.isEmpty { throw EPCISValidationError(p, "persistentDisposition needs 'set' or 'unset'") }
        return pd
    }

    func errorDeclaration(_ v: JSONValue, _ p: JSONPointer) throws(EPCISValidationError) -> EPCISEvent.ErrorDeclaration {
        let o = try object(v, p)
        var ed = EPCISEvent.ErrorDeclaration(
            declarationTime: try timestamp(o, "declarationTime", p, required: true)!,
            reason: try vocabulary(o, "reason", p),
            correctiveEventIDs: try uriList(o, "correctiveEventIDs", p),
            extensions: JSONObject())
        for (k, x) in o where !["declarationTime", "reason", "correctiveEventIDs"].contains(k) {
            try checkExtensionName(k, p.appending(k))
            ed.extensions[k] = x
        }
        return ed
    }

    static let sensorMetadataFields: Set<String> = ["time", "startTime", "endTime", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules"]
    static let sensorReportFields: Set<String> = [
        "type", "exception", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules", "time", "microorganism",
        "chemicalSubstance", "value", "component", "stringValue", "booleanValue", "hexBinaryValue", "uriValue", "minValue",
        "maxValue", "meanValue", "sDev", "percRank", "percValue", "uom", "coordinateReferenceSystem"
    ]
    static let numericSensorFields: Set<String> = ["value", "minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue"]
    static let timeSensorFields: Set<String> = ["time", "startTime", "endTime"]

    func sensorElement(_ v: JSONValue, _ p: JSONPointer) throws(EPCISValidationError) -> EPCISEvent.SensorElement {
        let o = try object(v, p)
        var se = EPCISEvent.SensorElement(sensorMetadata: nil, sensorReport: [], extensions: JSONObject())
        for (k, x) in o {
            switch k {
            case "sensorMetadata": se.sensorMetadata = try sensorObject(x, p.appending(k), Self.sensorMetadataFields)
            case "sensorReport":
                se.sensorReport = try list(o, k, p) { (r, q) throws(EPCISValidationError) in try sensorObject(r, q, Self.sensorReportFields) }
            default:
                try checkExtensionName(k, p.appending(k))
                se.extensions[k] = x
            }
        }
        if se.sensorReport.isEmpty { throw EPCISValidationError(p.appending("sensorReport"), "a sensorElement needs at least one sensorReport") }
        return se
    }

    func sensorObject(_ v: JSONValue, _ p: JSONPointer, _ fields: Set<String>) throws(EPCISValidationError) -> JSONObject {
        let o = try object(v, p)
        for (k, x) in o {
            if fields.contains(k) {
                if Self.numericSensorFields.contains(k), x.numberValue == nil {
                    throw EPCISValidationError(p.appending(k), "expected a number, found \(x.typeName)")
                }
                if Self.timeSensorFields.contains(k) { _ = try timestamp(o, k, p, required: true) }
                if k == "booleanValue", x.boolValue == nil { throw EPCISValidationError(p.appending(k), "expected true or false") }
            } else {
                try checkExtensionName(k, p.appending(k))
            }
        }
        return o
    }
}
