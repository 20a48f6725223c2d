/// The master data a capture document carries in its header (EPCIS 2.0 §9.3: `epcisHeader.epcisMasterData
/// .vocabularyList`, the XML binding's `EPCISHeader/extension/EPCISMasterData/VocabularyList`), read and checked
/// against the JSON schema's shapes: each vocabulary a `type` URI and a `vocabularyElementList`; each element an `id`,
/// `attributes` (`id` and `attribute`) and `children` (identifiers).
public enum EPCISMasterData {
    /// A vocabulary element and where the document wrote it (for an error that names it).
    public struct Declared: Sendable, Equatable {
        public var element: VocabularyElement
        public var pointer: JSONPointer
    }

    /// The most elements one document may declare: master data is a site list, not a bulk channel.
    public static let maxElements = 10_000

    /// The document's declared elements, in document order (an element declared twice keeps its last declaration);
    /// none when the document has no header or no master data in it.
    public static func elements(of document: JSONValue) throws(EPCISValidationError) -> [Declared] {
        guard case .object(let o) = document, let header = o["epcisHeader"] else { return [] }
        let at = JSONPointer.root.appending("epcisHeader")
        guard case .object(let h) = header else { throw EPCISValidationError(at, "epcisHeader must be an object, found \(header.typeName)") }
        guard let md = h["epcisMasterData"] else { return [] }
        guard case .object(let m) = md else {
            throw EPCISValidationError(at.appending("epcisMasterData"), "epcisMasterData must be an object, found \(md.typeName)")
        }
        let listAt = at.appending("epcisMasterData").appending("vocabularyList")
        guard let listValue = m["vocabularyList"] else { return [] }
        guard case .array(let list) = listValue else { throw EPCISValidationError(listAt, "vocabularyList must be an array, found \(listValue.typeName)") }
        let prefixes = JSONLDPrefixes(o["@context"])
        var out: [Declared] = []
        var seen: [String: Int] = [:]
        for (v, vocabulary) in list.enumerated() {
            let vAt = listAt.appending(v)
            guard case .object(let vo) = vocabulary else { throw EPCISValidationError(vAt, "a vocabulary must be an object, found \(vocabulary.typeName)") }
            let type = try uri(vo["type"], at: vAt.appending("type"), "the vocabulary's type", prefixes: prefixes)
            guard let elementsValue = vo["vocabularyElementList"] else { continue }
            guard case .array(let elements) = elementsValue else {
                throw EPCISValidationError(vAt.appending("vocabularyElementList"), "vocabularyElementList must be an array, found \(elementsValue.typeName)")
            }
            for (e, element) in elements.enumerated() {
                let eAt = vAt.appending("vocabularyElementList").appending(e)
                let declared = Declared(element: try self.element(element, type: type, at: eAt, prefixes: prefixes), pointer: eAt)
                let key = type + " " + declared.element.id
                if let i = seen[key] {
                    out[i] = declared
                } else {
                    seen[key] = out.count
                    out.append(declared)
                }
                guard out.count <= maxElements else {
                    throw EPCISValidationError(eAt, "a document may declare at most \(maxElements) vocabulary elements")
                }
            }
        }
        return out
    }

    private static func element(
        _ value: JSONValue, type: String, at: JSONPointer, prefixes: JSONLDPrefixes
    ) throws(EPCISValidationError)
        -> VocabularyElement
    {
        guard case .object(let o) = value else { throw EPCISValidationError(at, "a vocabulary element must be an object, found \(value.typeName)") }
        let id = try uri(o["id"], at: at.appending("id"), "the element's id", prefixes: nil)
        var element = VocabularyElement(type: type, id: CBVCanonical.identifier(id))
        if let attributes = o["attributes"] {
            guard case .array(let list) = attributes else {
                throw EPCISValidationError(at.appending("attributes"), "attributes must be an array, found \(attributes.typeName)")
            }
            for (i, a) in list.enumerated() {
                let aAt = at.appending("attributes").appending(i)
                guard case .object(let ao) = a else { throw EPCISValidationError(aAt, "an attribute must be an object, found \(a.typeName)") }
                let name = try uri(ao["id"], at: aAt.appending("id"), "the attribute's id", prefixes: prefixes)
                let v = ao["attribute"]
                switch v {
                case nil, .string?, .number?, .object?, .bool?: break
                case let other?:
                    throw EPCISValidationError(aAt.appending("attribute"), "an attribute's value is a string, a number or an object, found \(other.typeName)")
                }
                element.attributes.append(.init(id: MasterDataAttribute.canonical(name), value: v.map { expanded($0, prefixes: prefixes) }))
            }
        }
        if let children = o["children"] {
            guard case .array(let list) = children else {
                throw EPCISValidationError(at.appending("children"), "children must be an array of identifiers, found \(children.typeName)")
            }
            for (i, c) in list.enumerated() {
                let child = try uri(c, at: at.appending("children").appending(i), "a child", prefixes: nil)
                element.children.append(CBVCanonical.identifier(child))
            }
        }
        return element
    }

    /// A URI field: present, a string, and absolute (`scheme:`), a compact IRI expanded when `prefixes` declares it.
    private static func uri(_ value: JSONValue?, at: JSONPointer, _ what: String, prefixes: JSONLDPrefixes?) throws(EPCISValidationError) -> String {
        guard let value else { throw EPCISValidationError(at, "\(what) is required") }
        guard case .string(let s) = value else { throw EPCISValidationError(at, "\(what) must be a URI string, found \(value.typeName)") }
        if let expanded = prefixes?.expand(s) { return expanded }
        guard let colon = s.firstIndex(of: ":"), colon > s.startIndex,
            !s.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F })
        else {
            throw EPCISValidationError(at, "\(what) must be an absolute URI (urn:… or https://…), found \"\(s)\"")
        }
        return s
    }

    /// An object value's member names as absolute IRIs where the document's context declares their prefix, so a stored
    /// element reads the same without the document it came in.
    private static func expanded(_ value: JSONValue, prefixes: JSONLDPrefixes) -> JSONValue {
        switch value {
        case .object(let o): .object(JSONObject(o.map { (prefixes.expand($0.key) ?? $0.key, expanded($0.value, prefixes: prefixes)) }))
        case .array(let a): .array(a.map { expanded($0, prefixes: prefixes) })
        default: value
        }
    }
}
