/// EPCIS 2.0 XML (the XML binding, `EPCglobal-epcis-2_0.xsd`) → the JSON-LD document of the same content. Capture then
/// decodes, hashes and stores it exactly as it does JSON-LD, so both forms of an event give the same event hash, the
/// same stored JSON and the same log leaf.
///
/// The mapping is the one between the standard's two bindings: unqualified elements are the standard fields (the
/// `extension`/`baseExtension` wrappers the XSD keeps from EPCIS 1.x are flattened); CBV URNs of the standard
/// vocabulary become the bare words JSON-LD uses (`urn:epcglobal:cbv:bizstep:shipping` → `shipping`); quantities
/// and sensor values become numbers; a namespaced element is a user extension `prefix:name`, its namespace declared in
/// the document's `@context`, and its value a string (or an object of its child elements). An extension's
/// `xsi:type` makes a numeric value a number, which hashes the same; a boolean stays the text `true`, since the
/// reference hash generator hashes a JSON `true` as Python's `True` but the XML text as `true`.
public struct EPCISXMLDecoder {
    /// The prefix chosen for each extension namespace, and the reverse.
    private var prefixOf: [String: String] = [:]
    private var namespaceOf: [String: String] = [:]
    /// What comes before the colon of every value in the document that looks like a compact IRI (`example:x`): an XML
    /// value is text, never expanded, but in JSON-LD a value whose prefix the context declares is, so no extension
    /// namespace gets one of these as its prefix.
    private let valuePrefixes: Set<String>
    private static let maxDepth = 64

    private init(_ root: XMLElementNode) {
        var prefixes: Set<String> = []
        func scan(_ e: XMLElementNode) {
            for a in e.attributes { Self.curiePrefix(a.value).map { prefixes.insert($0) } }
            Self.curiePrefix(e.trimmedText).map { prefixes.insert($0) }
            e.children.forEach(scan)
        }
        scan(root)
        valuePrefixes = prefixes
    }

    /// `example` of `example:x`; nil for a value with no colon or whose colon starts a URL's `//`.
    private static func curiePrefix(_ value: String) -> String? {
        guard let colon = value.firstIndex(of: ":"), colon > value.startIndex else { return nil }
        let prefix = value[..<colon]
        guard prefix.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) else { return nil }
        return value[value.index(after: colon)...].hasPrefix("//") ? nil : String(prefix)
    }

    private static func expect(_ root: XMLElementNode, _ name: String, in namespace: String, _ what: String) throws(EPCISXMLError) {
        guard root.name != name || root.namespace != namespace else { return }
        throw EPCISXMLError(at: root, "expected \(what) (<\(name)> in \(namespace)), found <\(root.name)> in " + (root.namespace ?? "no namespace"))
    }

    /// The JSON-LD document of an `EPCISDocument` element. `header`: the document whose `EPCISHeader` holds the master
    /// data, when it is not `root` (an EPCIS 1.2 document converted to 2.0: GS1's stylesheet drops the header, but its
    /// master data is the same `VocabularyList` in both versions, so it is read from the original).
    public static func document(_ root: XMLElementNode, header: XMLElementNode? = nil) throws(EPCISXMLError) -> JSONValue {
        try expect(root, "EPCISDocument", in: EPCISXMLNamespace.epcis2, "an EPCIS 2.0 document")
        // Prefixes the values of both are written with are kept clear of (`valuePrefixes`).
        var decoder = EPCISXMLDecoder(header.map { XMLElementNode(name: "", children: [root, $0]) } ?? root)
        var events: [JSONValue] = []
        for body in root.children(named: "EPCISBody") {
            for list in body.children(named: "EventList") { events += try decoder.events(in: list) }
        }
        var vocabularies: [JSONValue] = []
        for h in (header ?? root).children(named: "EPCISHeader") {
            for ext in h.children(named: "extension") {
                for md in ext.children(named: "EPCISMasterData") {
                    for list in md.children(named: "VocabularyList") { vocabularies += try decoder.vocabularies(in: list) }
                }
            }
        }
        return decoder.captureDocument(root, events: events, vocabularies: vocabularies)
    }

    /// An `EPCISMasterDataDocument` (`EPCglobal-epcis-masterdata-2_0.xsd`) as the JSON-LD capture document of the same
    /// master data and no events: capturing it stores the master data.
    public static func masterDataDocument(_ root: XMLElementNode) throws(EPCISXMLError) -> JSONValue {
        try expect(root, "EPCISMasterDataDocument", in: EPCISXMLNamespace.masterData2, "an EPCIS 2.0 master data document")
        var decoder = EPCISXMLDecoder(root)
        var vocabularies: [JSONValue] = []
        for body in root.children(named: "EPCISBody") {
            for list in body.children(named: "VocabularyList") { vocabularies += try decoder.vocabularies(in: list) }
        }
        return decoder.captureDocument(root, events: [], vocabularies: vocabularies)
    }

    private func captureDocument(_ root: XMLElementNode, events: [JSONValue], vocabularies: [JSONValue]) -> JSONValue {
        var o = JSONObject()
        o["@context"] = context
        o["type"] = "EPCISDocument"
        o["schemaVersion"] = .string(root.attribute("schemaVersion") ?? "2.0")
        if let creationDate = root.attribute("creationDate") { o["creationDate"] = .string(creationDate) }
        if !vocabularies.isEmpty { o["epcisHeader"] = ["epcisMasterData": ["vocabularyList": .array(vocabularies)]] }
        o["epcisBody"] = ["eventList": .array(events)]
        return .object(o)
    }

    /// A `VocabularyList` as the JSON binding's `vocabularyList`: each `Vocabulary` its `type` and elements, each
    /// element its `id`, `attributes` (a text value as a string, or a number by its `xsi:type`; child elements as an
    /// object, as an extension's) and `children`.
    private mutating func vocabularies(in list: XMLElementNode) throws(EPCISXMLError) -> [JSONValue] {
        var out: [JSONValue] = []
        for v in list.children(named: "Vocabulary") {
            var elements: [JSONValue] = []
            for l in v.children(named: "VocabularyElementList") {
                for e in l.children(named: "VocabularyElement") {
                    var element = JSONObject([("id", .string(e.attribute("id") ?? ""))])
                    var attributes: [JSONValue] = []
                    for a in e.children(named: "attribute") {
                        var attribute = JSONObject([("id", .string(a.attribute("id") ?? ""))])
                        attribute["attribute"] = try extensionValue(a, depth: 0)
                        attributes.append(.object(attribute))
                    }
                    if !attributes.isEmpty { element["attributes"] = .array(attributes) }
                    let children = e.children(named: "children").flatMap { $0.children(named: "id") }.map { JSONValue.string($0.trimmedText) }
                    if !children.isEmpty { element["children"] = .array(children) }
                    elements.append(.object(element))
                }
            }
            out.append(.object(JSONObject([("type", .string(v.attribute("type") ?? "")), ("vocabularyElementList", .array(elements))])))
        }
        return out
    }

    /// The JSON-LD query document of an `EPCISQueryDocument` element (`EPCglobal-epcis-query-2_0.xsd`): its
    /// `queryName`, `subscriptionID` and events.
    public static func queryDocument(_ root: XMLElementNode) throws(EPCISXMLError) -> JSONValue {
        try expect(root, "EPCISQueryDocument", in: EPCISXMLNamespace.query2, "an EPCIS 2.0 query document")
        var decoder = EPCISXMLDecoder(root)
        var results = JSONObject()
        var events: [JSONValue] = []
        for body in root.children(named: "EPCISBody") {
            for r in body.children.filter({ $0.name == "QueryResults" }) {
                if let name = r.children(named: "queryName").first { results["queryName"] = .string(name.trimmedText) }
                if let id = r.children(named: "subscriptionID").first { results["subscriptionID"] = .string(id.trimmedText) }
                for resultsBody in r.children(named: "resultsBody") {
                    for list in resultsBody.children(named: "EventList") { events += try decoder.events(in: list) }
                }
            }
        }
        results["resultsBody"] = ["eventList": .array(events)]
        var o = JSONObject()
        o["@context"] = decoder.context
        o["type"] = "EPCISQueryDocument"
        o["schemaVersion"] = .string(root.attribute("schemaVersion") ?? "2.0")
        if let creationDate = root.attribute("creationDate") { o["creationDate"] = .string(creationDate) }
        o["epcisBody"] = ["queryResults": .object(results)]
        return .object(o)
    }

    /// The EPCIS JSON-LD context, then the extension prefixes this document used.
    private var context: JSONValue {
        let declared = namespaceOf.sorted { $0.key < $1.key }
        guard !declared.isEmpty else { return [.string(EPCISXMLNamespace.jsonLDContext)] }
        return [.string(EPCISXMLNamespace.jsonLDContext), .object(JSONObject(declared.map { ($0.key, JSONValue.string($0.value)) }))]
    }

    private static let eventTypes: Set<String> = ["ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent"]

    private mutating func events(in list: XMLElementNode) throws(EPCISXMLError) -> [JSONValue] {
        var events: [JSONValue] = []
        for e in list.children {
            if e.namespace == nil, e.name == "extension" {
                events += try self.events(in: e)
                continue
            }
            guard e.namespace == nil, Self.eventTypes.contains(e.name) else {
                if e.name == "QuantityEvent" {
                    throw EPCISXMLError(at: e, "QuantityEvent was withdrawn in EPCIS 1.2 and has no EPCIS 2.0 form; send an ObjectEvent with a quantityList")
                }
                throw EPCISXMLError(at: e, "not an EPCIS event type (ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent, AssociationEvent)")
            }
            var o = JSONObject()
            o["type"] = .string(e.name)
            try fields(of: e, event: e, into: &o)
            events.append(.object(o))
        }
        return events
    }

    // MARK: - Standard fields

    private static let textFields: Set<String> = [
        "eventTime", "recordTime", "eventTimeZoneOffset", "eventID", "action", "parentID", "transformationID", "certificationInfo"
    ]
    private static let epcLists: Set<String> = ["epcList", "childEPCs", "inputEPCList", "outputEPCList"]
    private static let quantityLists: Set<String> = ["quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"]

    /// The children of `element` (an event, or one of its `extension` wrappers) into the event's JSON object.
    private mutating func fields(of element: XMLElementNode, event: XMLElementNode, into o: inout JSONObject) throws(EPCISXMLError) {
        for c in element.children {
            if c.namespace != nil {
                try addExtension(c, to: &o, depth: 1)
                continue
            }
            let value: JSONValue
            switch c.name {
            case "extension", "baseExtension":
                try fields(of: c, event: event, into: &o)
                continue
            case let name where Self.textFields.contains(name): value = .string(c.trimmedText)
            case "bizStep": value = .string(Self.bare(c.trimmedText, urn: "urn:epcglobal:cbv:bizstep:", in: .bizStep))
            case "disposition": value = .string(Self.bare(c.trimmedText, urn: "urn:epcglobal:cbv:disp:", in: .disposition))
            case let name where Self.epcLists.contains(name): value = .array(c.children(named: "epc").map { .string($0.trimmedText) })
            case let name where Self.quantityLists.contains(name):
                var list: [JSONValue] = []
                for q in c.children(named: "quantityElement") { list.append(try Self.quantityElement(q)) }
                value = .array(list)
            case "readPoint", "bizLocation": value = try location(c)
            case "bizTransactionList":
                value = .array(
                    c.children(named: "bizTransaction").map {
                        Self.typedIdentifier($0, key: "bizTransaction", urn: "urn:epcglobal:cbv:btt:", in: .bizTransactionType)
                    })
            case "sourceList":
                value = .array(
                    c.children(named: "source").map {
                        Self.typedIdentifier($0, key: "source", urn: "urn:epcglobal:cbv:sdt:", in: .sourceDestinationType)
                    })
            case "destinationList":
                value = .array(
                    c.children(named: "destination").map {
                        Self.typedIdentifier($0, key: "destination", urn: "urn:epcglobal:cbv:sdt:", in: .sourceDestinationType)
                    })
            case "sensorElementList":
                var list: [JSONValue] = []
                for s in c.children(named: "sensorElement") { list.append(try sensorElement(s)) }
                value = .array(list)
            case "persistentDisposition":
                var p = JSONObject()
                for key in ["set", "unset"] {
                    let values = c.children(named: key).map {
                        JSONValue.string(Self.bare($0.trimmedText, urn: "urn:epcglobal:cbv:disp:", in: .disposition))
                    }
                    if !values.isEmpty { p[key] = .array(values) }
                }
                value = .object(p)
            case "ilmd":
                var ilmd = JSONObject()
                try extensions(of: c, into: &ilmd, depth: 1)
                value = .object(ilmd)
            case "errorDeclaration": value = try errorDeclaration(c)
            default: throw EPCISXMLError(at: c, "<\(c.name)> is not a field of <\(event.name)>")
            }
            try Self.set(c.name, value, in: &o, at: c)
        }
    }

    private static func set(_ key: String, _ value: JSONValue, in o: inout JSONObject, at node: XMLElementNode) throws(EPCISXMLError) {
        guard o[key] == nil else { throw EPCISXMLError(at: node, "<\(node.name)> appears more than once") }
        o[key] = value
    }

    /// The bare word of a standard vocabulary value written as a CBV URN (`urn:epcglobal:cbv:bizstep:shipping`) or a
    /// CURIE (`cbv:BizStep-shipping`), as JSON-LD writes it; a CURIE of the standard prefixes outside the context's tables
    /// (a newer term, `gs1:EffectiveDoseRate`) as its IRI, as the reference hash reads it (JSON-LD would leave it
    /// unexpanded). Anything else — a bare word already, a Web URI, a private URN — as written: the event hash reads a
    /// bare word and its Web URI alike, and an event queried as XML comes back as it was captured.
    static func bare(_ value: String, urn: String?, in terms: CBVTerms) -> String {
        if let urn, value.hasPrefix(urn) {
            let word = String(value.dropFirst(urn.count))
            if terms.compact[word] != nil { return word }
        }
        if let word = terms.word[value] { return word }
        for (prefix, iri) in CBVTerms.standardPrefixes where value.hasPrefix(prefix + ":") { return iri + value.dropFirst(prefix.count + 1) }
        return value
    }

    private static func quantityElement(_ q: XMLElementNode) throws(EPCISXMLError) -> JSONValue {
        var o = JSONObject()
        if let epcClass = q.children(named: "epcClass").first { o["epcClass"] = .string(epcClass.trimmedText) }
        if let quantity = q.children(named: "quantity").first,
            quantity.attributes.first(where: { $0.name == "nil" && $0.namespace == EPCISXMLNamespace.xsi })?.value != "true"
        {
            guard let n = XMLDecimal.jsonNumber(quantity.trimmedText) else {
                throw EPCISXMLError(at: quantity, "\"\(quantity.trimmedText)\" is not a decimal number")
            }
            o["quantity"] = .number(n)
        }
        if let uom = q.children(named: "uom").first { o["uom"] = .string(uom.trimmedText) }
        return .object(o)
    }

    /// A `bizTransaction`, `source` or `destination`: its `type` attribute (bare when standard) and its identifier.
    private static func typedIdentifier(_ e: XMLElementNode, key: String, urn: String, in terms: CBVTerms) -> JSONValue {
        var o = JSONObject()
        if let type = e.attribute("type") { o["type"] = .string(bare(type, urn: urn, in: terms)) }
        o[key] = .string(e.trimmedText)
        return .object(o)
    }

    private mutating func location(_ e: XMLElementNode) throws(EPCISXMLError) -> JSONValue {
        var o = JSONObject()
        if let id = e.children(named: "id").first { o["id"] = .string(id.trimmedText) }
        try extensions(of: e, into: &o, depth: 1)
        return .object(o)
    }

    private mutating func errorDeclaration(_ e: XMLElementNode) throws(EPCISXMLError) -> JSONValue {
        var o = JSONObject()
        try errorDeclarationFields(e, into: &o)
        return .object(o)
    }

    private mutating func errorDeclarationFields(_ e: XMLElementNode, into o: inout JSONObject) throws(EPCISXMLError) {
        for c in e.children {
            if c.namespace != nil {
                try addExtension(c, to: &o, depth: 1)
                continue
            }
            switch c.name {
            case "extension": try errorDeclarationFields(c, into: &o)
            case "declarationTime": try Self.set("declarationTime", .string(c.trimmedText), in: &o, at: c)
            case "reason":
                try Self.set("reason", .string(Self.bare(c.trimmedText, urn: "urn:epcglobal:cbv:er:", in: .errorReason)), in: &o, at: c)
            case "correctiveEventIDs":
                try Self.set("correctiveEventIDs", .array(c.children(named: "correctiveEventID").map { .string($0.trimmedText) }), in: &o, at: c)
            default: throw EPCISXMLError(at: c, "<\(c.name)> is not a field of <errorDeclaration>")
            }
        }
    }

    // MARK: - Sensor data

    private static let sensorNumbers: Set<String> = ["value", "minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue"]

    private mutating func sensorElement(_ e: XMLElementNode) throws(EPCISXMLError) -> JSONValue {
        var o = JSONObject()
        try sensorElementFields(e, into: &o)
        return .object(o)
    }

    private mutating func sensorElementFields(_ e: XMLElementNode, into o: inout JSONObject) throws(EPCISXMLError) {
        var reports: [JSONValue] = o["sensorReport"]?.arrayValue ?? []
        for c in e.children {
            if c.namespace != nil {
                try addExtension(c, to: &o, depth: 1)
                continue
            }
            switch c.name {
            case "extension": try sensorElementFields(c, into: &o)
            case "sensorMetadata": try Self.set("sensorMetadata", try sensorAttributes(c), in: &o, at: c)
            case "sensorReport": reports.append(try sensorAttributes(c))
            default: throw EPCISXMLError(at: c, "<\(c.name)> is not a field of <sensorElement>")
            }
        }
        if !reports.isEmpty { o["sensorReport"] = .array(reports) }
    }

    /// A `sensorMetadata` or `sensorReport`: its attributes, typed as the JSON schema types them; namespaced ones are
    /// extensions.
    private mutating func sensorAttributes(_ e: XMLElementNode) throws(EPCISXMLError) -> JSONValue {
        var o = JSONObject()
        for a in e.attributes {
            if let ns = a.namespace {
                if ns == EPCISXMLNamespace.xsi { continue }
                o[key(namespace: ns, prefix: a.prefix, name: a.name)] = .string(a.value)
                continue
            }
            let value = a.value.trimmingXMLWhitespace
            switch a.name {
            case let name where Self.sensorNumbers.contains(name):
                guard let n = XMLDecimal.jsonNumber(value) else {
                    throw EPCISXMLError(at: e, "attribute \(name)=\"\(a.value)\" is not a number")
                }
                o[name] = .number(n)
            case "booleanValue":
                guard value == "true" || value == "false" || value == "1" || value == "0" else {
                    throw EPCISXMLError(at: e, "attribute booleanValue=\"\(a.value)\" is not a boolean")
                }
                o[a.name] = .bool(value == "true" || value == "1")
            case "type": o[a.name] = .string(Self.bare(value, urn: nil, in: .measurementType))
            case "exception": o[a.name] = .string(Self.bare(value, urn: nil, in: .sensorException))
            case "component": o[a.name] = .string(Self.bare(value, urn: nil, in: .component))
            default: o[a.name] = .string(a.value)
            }
        }
        if !e.children.isEmpty { try extensions(of: e, into: &o, depth: 1) }
        return .object(o)
    }

    // MARK: - User extensions

    /// The namespaced children of `e` (its `extension` wrappers flattened) as extension members of `o`.
    private mutating func extensions(of e: XMLElementNode, into o: inout JSONObject, depth: Int) throws(EPCISXMLError) {
        for c in e.children {
            if c.namespace == nil {
                if c.name == "extension" {
                    try extensions(of: c, into: &o, depth: depth)
                    continue
                }
                if c.name == "id", e.name == "readPoint" || e.name == "bizLocation" { continue }
                throw EPCISXMLError(at: c, "<\(c.name)> has no namespace; the elements a user adds here must be namespaced")
            }
            try addExtension(c, to: &o, depth: depth)
        }
    }

    /// One extension element as `prefix:name`; repeated names become an array, in document order.
    private mutating func addExtension(_ c: XMLElementNode, to o: inout JSONObject, depth: Int) throws(EPCISXMLError) {
        guard depth <= Self.maxDepth else { throw EPCISXMLError(at: c, "extensions nest deeper than \(Self.maxDepth) elements") }
        let k = c.namespace.map { key(namespace: $0, prefix: c.prefix, name: c.name) } ?? c.name
        let value = try extensionValue(c, depth: depth)
        switch o[k] {
        case nil: o[k] = value
        case .array(var a)?:
            a.append(value)
            o[k] = .array(a)
        case let first?: o[k] = .array([first, value])
        }
    }

    private static let numericTypes: Set<String> = [
        "decimal", "integer", "int", "long", "short", "byte", "double", "float", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"
    ]

    private mutating func extensionValue(_ c: XMLElementNode, depth: Int) throws(EPCISXMLError) -> JSONValue {
        let attributes = c.attributes.filter { $0.namespace != nil && $0.namespace != EPCISXMLNamespace.xsi }
        if c.children.isEmpty && attributes.isEmpty {
            let text = c.trimmedText
            if let type = c.attributes.first(where: { $0.name == "type" && $0.namespace == EPCISXMLNamespace.xsi })?.value,
                Self.numericTypes.contains(String(type.split(separator: ":").last ?? "")), let n = XMLDecimal.jsonNumber(text)
            {
                return .number(n)
            }
            return .string(text)
        }
        var o = JSONObject()
        for a in attributes { o[key(namespace: a.namespace!, prefix: a.prefix, name: a.name)] = .string(a.value) }
        // Inside an extension, an unqualified element keeps its bare name (the reference hash reads it so).
        for child in c.children { try addExtension(child, to: &o, depth: depth + 1) }
        return .object(o)
    }

    /// `prefix:name` for a namespaced name: the document's own prefix unless this document already bound it to another
    /// namespace, it is one of the EPCIS context's prefixes for another namespace (the context protects its terms:
    /// `xmlns:cbvmda="urn:epcglobal:cbv:mda"`, without the final colon, may not redefine `cbvmda`), or a value of the
    /// document is written with it (`valuePrefixes`); for a default
    /// namespace (no prefix) or such a clash, a prefix already used for the namespace, else `ns1`, `ns2`… Every prefix
    /// used is declared in `@context`, even one the EPCIS context has, as JSON-LD documents do.
    private mutating func key(namespace: String, prefix: String?, name: String) -> String {
        if let prefix, !prefix.isEmpty, namespaceOf[prefix] == nil || namespaceOf[prefix] == namespace,
            EPCISContextVocabulary.prefixes[prefix].map({ $0 == namespace }) ?? true, !valuePrefixes.contains(prefix)
        {
            namespaceOf[prefix] = namespace
            if prefixOf[namespace] == nil { prefixOf[namespace] = prefix }
            return prefix + ":" + name
        }
        if let chosen = prefixOf[namespace] { return chosen + ":" + name }
        var n = 1
        while namespaceOf["ns\(n)"] != nil || valuePrefixes.contains("ns\(n)") { n += 1 }
        let chosen = "ns\(n)"
        prefixOf[namespace] = chosen
        namespaceOf[chosen] = namespace
        return chosen + ":" + name
    }
}
