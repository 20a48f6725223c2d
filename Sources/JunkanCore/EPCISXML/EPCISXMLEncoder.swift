/// A stored event (its JSON-LD, with its `@context`) → its element in the EPCIS 2.0 XML binding, the inverse of
/// `EPCISXMLDecoder`: standard fields in the order of `EPCglobal-epcis-2_0.xsd`, standard vocabulary as CBV URNs, user
/// extensions as elements of their namespace (declared on the event), numbers marked `xsi:type`. What it writes decodes
/// to the same JSON-LD, so an event queried as XML and captured elsewhere keeps its event hash.
public enum EPCISXMLEncoder {
    /// The standard fields of each event type, in the XSD's sequence (the common ones first).
    static let common = ["eventTime", "recordTime", "eventTimeZoneOffset", "eventID", "errorDeclaration", "certificationInfo"]
    static let located = [
        "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList"
    ]
    static let order: [String: [String]] = [
        "ObjectEvent": common + ["epcList", "action"] + located
            + ["quantityList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition", "ilmd"],
        "AggregationEvent": common + ["parentID", "childEPCs", "action"] + located
            + ["childQuantityList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition"],
        "TransactionEvent": common + ["bizTransactionList", "parentID", "epcList", "action", "bizStep", "disposition", "readPoint", "bizLocation"]
            + ["quantityList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition"],
        "TransformationEvent": common + ["inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList", "transformationID"] + located
            + ["sourceList", "destinationList", "sensorElementList", "persistentDisposition", "ilmd"],
        "AssociationEvent": common + ["parentID", "childEPCs", "childQuantityList", "action"] + located
            + ["sourceList", "destinationList", "sensorElementList", "persistentDisposition"]
    ]

    /// The event's element. Namespaces of its extensions are declared on it; `xsi` and `xsd` are expected on the root
    /// (`EPCISXMLDocumentWriter` declares them).
    /// `cbv`: standard vocabulary as CBV URNs (the default) or as their Web URIs (`GS1-CBV-XML-Format: Always_Web_URI`).
    public static func event(_ json: JSONValue, cbv: CBVXMLFormat = .alwaysURN) -> String {
        guard case .object(let o) = json, let type = o["type"]?.stringValue, let fields = order[type] else {
            return "<!-- an event this node cannot write as XML -->"
        }
        var w = EventWriter(context: o["@context"], webURIs: cbv == .alwaysWebURI)
        var body = ""
        for name in fields { if let value = o[name] { body += w.standard(name, value) } }
        for (key, value) in o where key.contains(":") && !key.hasPrefix("@") { body += w.extensionElement(key, value) }
        return "<" + type + w.declarations + ">" + body + "</" + type + ">"
    }

    /// Writes one event, collecting the namespaces its extension names use.
    struct EventWriter {
        /// Prefix → namespace, from the event's `@context` and then the EPCIS context's own.
        let namespaces: [String: String]
        /// The prefixes the event's own `@context` declares: a value `prefix:x` of one of them is a compact IRI, which the
        /// event hash expands.
        let declared: JSONLDPrefixes
        /// The prefixes used, to declare on the event element.
        var used: Set<String> = []
        /// Standard vocabulary as Web URIs rather than CBV URNs.
        let webURIs: Bool

        init(context: JSONValue?, webURIs: Bool = false) {
            self.webURIs = webURIs
            namespaces = JSONLDPrefixes(context).iris
            declared = JSONLDPrefixes(context, withEPCIS: false)
        }

        /// A value written out in full when it is a compact IRI of a prefix the event declares: in a query document the
        /// events share one set of prefixes, and `example:x` must not come to mean another event's `example`.
        /// (The EPCIS context's own prefixes are protected: they mean the same in every event, and stay compact.)
        func compactIRIExpanded(_ s: String) -> String {
            guard let colon = s.firstIndex(of: ":"), EPCISContextVocabulary.prefixes[String(s[..<colon])] == nil else { return s }
            return declared.expand(s) ?? s
        }

        var declarations: String {
            used.sorted().map { " xmlns:" + $0 + "=\"" + XMLText.attribute(namespaces[$0] ?? "") + "\"" }.joined()
        }

        mutating func standard(_ name: String, _ value: JSONValue) -> String {
            switch name {
            case "bizStep": return element(name, urn(value, "urn:epcglobal:cbv:bizstep:", .bizStep))
            case "disposition": return element(name, urn(value, "urn:epcglobal:cbv:disp:", .disposition))
            case "epcList", "childEPCs", "inputEPCList", "outputEPCList":
                return "<" + name + ">" + (value.arrayValue ?? []).map { element("epc", $0.stringValue ?? "") }.joined() + "</" + name + ">"
            case "quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList":
                let items = (value.arrayValue ?? []).map { q -> String in
                    let o = q.objectValue ?? JSONObject()
                    var s = element("epcClass", o["epcClass"]?.stringValue ?? "")
                    if let n = o["quantity"]?.numberValue { s += element("quantity", n.literal) }
                    if let uom = o["uom"]?.stringValue { s += element("uom", uom) }
                    return "<quantityElement>" + s + "</quantityElement>"
                }
                return "<" + name + ">" + items.joined() + "</" + name + ">"
            case "readPoint", "bizLocation":
                let o = value.objectValue ?? JSONObject()
                var s = element("id", o["id"]?.stringValue ?? "")
                for (k, v) in o where k != "id" { s += extensionElement(k, v) }
                return "<" + name + ">" + s + "</" + name + ">"
            case "bizTransactionList": return typedList(name, "bizTransaction", value, "urn:epcglobal:cbv:btt:", .bizTransactionType)
            case "sourceList": return typedList(name, "source", value, "urn:epcglobal:cbv:sdt:", .sourceDestinationType)
            case "destinationList": return typedList(name, "destination", value, "urn:epcglobal:cbv:sdt:", .sourceDestinationType)
            case "sensorElementList": return "<" + name + ">" + (value.arrayValue ?? []).map { sensorElement($0) }.joined() + "</" + name + ">"
            case "persistentDisposition":
                let o = value.objectValue ?? JSONObject()
                var s = ""
                // The XSD's sequence: every unset, then every set.
                for key in ["unset", "set"] {
                    for v in o[key]?.arrayValue ?? [] { s += element(key, urn(v, "urn:epcglobal:cbv:disp:", .disposition)) }
                }
                return "<" + name + ">" + s + "</" + name + ">"
            case "ilmd":
                var s = ""
                for (k, v) in value.objectValue ?? JSONObject() { s += extensionElement(k, v) }
                return "<ilmd>" + s + "</ilmd>"
            case "errorDeclaration":
                let o = value.objectValue ?? JSONObject()
                var s = element("declarationTime", o["declarationTime"]?.stringValue ?? "")
                if let reason = o["reason"] { s += element("reason", urn(reason, "urn:epcglobal:cbv:er:", .errorReason)) }
                if let ids = o["correctiveEventIDs"]?.arrayValue {
                    s += "<correctiveEventIDs>" + ids.map { element("correctiveEventID", $0.stringValue ?? "") }.joined() + "</correctiveEventIDs>"
                }
                for (k, v) in o where k.contains(":") { s += extensionElement(k, v) }
                return "<errorDeclaration>" + s + "</errorDeclaration>"
            case "certificationInfo":
                // One in the XSD; JSON-LD allows a list, of which the first is written.
                return element(name, value.stringValue ?? value.arrayValue?.first?.stringValue ?? "")
            default: return element(name, value.stringValue ?? value.numberValue?.literal ?? "")
            }
        }

        /// A standard value as the CBV URN of its bare word (`shipping` → `urn:epcglobal:cbv:bizstep:shipping`), or as its
        /// Web URI (`https://ref.gs1.org/cbv/BizStep-shipping`) when asked.
        func urn(_ value: JSONValue, _ prefix: String, _ terms: CBVTerms) -> String {
            guard let s = value.stringValue, terms.compact[s] != nil else { return value.stringValue ?? "" }
            return webURIs ? Self.iri(s, terms) : prefix + s
        }

        /// A standard value as the IRI of its bare word (`shipping` → `https://ref.gs1.org/cbv/BizStep-shipping`).
        static func iri(_ s: String, _ terms: CBVTerms) -> String {
            guard let curie = terms.compact[s], let colon = curie.firstIndex(of: ":"),
                let base = CBVTerms.standardPrefixes.first(where: { $0.0 == curie[..<colon] })?.1
            else { return s }
            return base + curie[curie.index(after: colon)...]
        }

        mutating func typedList(_ name: String, _ item: String, _ value: JSONValue, _ prefix: String, _ terms: CBVTerms) -> String {
            let items = (value.arrayValue ?? []).map { v -> String in
                let o = v.objectValue ?? JSONObject()
                let type = o["type"].map { " type=\"" + XMLText.attribute(urn($0, prefix, terms)) + "\"" } ?? ""
                return "<" + item + type + ">" + XMLText.content(compactIRIExpanded(o[item]?.stringValue ?? "")) + "</" + item + ">"
            }
            return "<" + name + ">" + items.joined() + "</" + name + ">"
        }

        mutating func sensorElement(_ value: JSONValue) -> String {
            let o = value.objectValue ?? JSONObject()
            var s = ""
            if let metadata = o["sensorMetadata"] { s += "<sensorMetadata" + sensorAttributes(metadata) + "/>" }
            for report in o["sensorReport"]?.arrayValue ?? [] { s += "<sensorReport" + sensorAttributes(report) + "/>" }
            for (k, v) in o where k.contains(":") { s += extensionElement(k, v) }
            return "<sensorElement>" + s + "</sensorElement>"
        }

        mutating func sensorAttributes(_ value: JSONValue) -> String {
            var s = ""
            for (k, v) in value.objectValue ?? JSONObject() {
                let text: String
                switch v {
                case .string(let t):
                    switch k {
                    // A standard term as its CURIE (`gs1:Temperature`), as GS1's XML examples write it.
                    case "type": text = compactIRIExpanded(MeasurementTerms.curie(t, .measurementType))
                    case "exception": text = compactIRIExpanded(MeasurementTerms.curie(t, .sensorException))
                    case "component": text = compactIRIExpanded(MeasurementTerms.curie(t, .component))
                    default: text = compactIRIExpanded(t)
                    }
                case .number(let n): text = n.literal
                case .bool(let b): text = b ? "true" : "false"
                default: continue
                }
                guard let name = qualifiedName(k) else { continue }
                s += " " + name + "=\"" + XMLText.attribute(text) + "\""
            }
            return s
        }

        /// A user extension: `prefix:name` an element of the prefix's namespace, a bare name (inside an extension) an
        /// unqualified one. Arrays repeat the element; objects nest.
        mutating func extensionElement(_ key: String, _ value: JSONValue) -> String {
            guard let name = qualifiedName(key) else { return "" }
            switch value {
            case .array(let items): return items.map { extensionElement(key, $0) }.joined()
            case .object(let o):
                var s = ""
                for (k, v) in o where !k.hasPrefix("@") { s += extensionElement(k, v) }
                return "<" + name + ">" + s + "</" + name + ">"
            case .string(let t): return "<" + name + ">" + XMLText.content(compactIRIExpanded(t)) + "</" + name + ">"
            case .number(let n):
                let type = n.isIntegerLiteral ? "xsd:integer" : n.literal.contains(where: { $0 == "e" || $0 == "E" }) ? "xsd:double" : "xsd:decimal"
                return "<" + name + " xsi:type=\"" + type + "\">" + n.literal + "</" + name + ">"
            case .bool(let b): return "<" + name + " xsi:type=\"xsd:boolean\">" + (b ? "true" : "false") + "</" + name + ">"
            case .null: return "<" + name + "/>"
            }
        }

        /// The XML name of a JSON member: `prefix:local` with its prefix marked for declaration, or a bare name; nil
        /// when the member has no XML form (a name XML does not allow, or an undeclared prefix).
        mutating func qualifiedName(_ key: String) -> String? {
            if let colon = key.firstIndex(of: ":") {
                let prefix = String(key[..<colon])
                let local = String(key[key.index(after: colon)...])
                guard namespaces[prefix] != nil, XMLText.isNCName(prefix), XMLText.isNCName(local), prefix != "xml", prefix != "xmlns" else { return nil }
                used.insert(prefix)
                return prefix + ":" + local
            }
            return XMLText.isNCName(key) ? key : nil
        }

        mutating func element(_ name: String, _ text: String) -> String { "<" + name + ">" + XMLText.content(compactIRIExpanded(text)) + "</" + name + ">" }
    }
}

/// A standard sensor term as its CURIE (`Temperature` → `gs1:Temperature`); anything else as written.
enum MeasurementTerms {
    static func curie(_ s: String, _ terms: CBVTerms) -> String { terms.compact[s] ?? s }
}
