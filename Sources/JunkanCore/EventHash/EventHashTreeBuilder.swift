/// JSON-LD → hash tree, as `json_to_py` and `json_xml_model_mismatch_correction` of the reference do it.
struct EventHashTreeBuilder {
    /// Prefix → namespace IRI, from the document's `@context` (only the list form, as the reference reads it).
    var namespaces: [String: String] = [:]
    private var prefixStarts = PrefixFirstBytes([])

    init(context: JSONValue?) {
        guard case .array(let entries)? = context else { return }
        for entry in entries {
            switch entry {
            case .string(let s): namespaces[s] = s
            case .object(let o):
                for (k, v) in o { if case .string(let iri) = v { namespaces[k] = iri } }
            default: break
            }
        }
        prefixStarts = PrefixFirstBytes(namespaces.keys)
    }

    /// A key "prefix:local" becomes "{iri}local" when the prefix is declared.
    func expandKey(_ key: String) -> String {
        guard prefixStarts.mayStart(key), let colon = key.utf8.firstIndex(of: UInt8(ascii: ":")) else { return key }
        let prefix = String(key[..<colon])
        guard let iri = namespaces[prefix] else { return key }
        return "{" + iri + "}" + key[key.index(after: colon)...]
    }

    /// A value "prefix:rest" becomes "iri" + "rest" when the prefix is declared.
    func expandValue(_ value: String) -> String {
        guard prefixStarts.mayStart(value), let colon = value.utf8.firstIndex(of: UInt8(ascii: ":")) else { return value }
        let prefix = String(value[..<colon])
        guard let iri = namespaces[prefix] else { return value }
        return iri + value[value.index(after: colon)...]
    }

    /// Whether `expandValue` changes the text with these bytes (a declared prefix before its first colon).
    func expands(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = b.first, prefixStarts.mayStart(byte: first), let colon = b.firstIndex(of: UInt8(ascii: ":")) else { return false }
        return namespaces[String(decoding: b[..<colon], as: UTF8.self)] != nil
    }

    /// The tree of an event. `bare` turns bare vocabulary values into their expanded IRIs (the reference
    /// replaces them in the JSON first; every string is read through it here instead, which is the same).
    func node(_ json: JSONValue, _ bare: BareValueReplacement) -> HashNode {
        switch json {
        case .array(let elements):
            let n = HashNode("")
            n.children = elements.map { node($0, bare) }
            // A list is sorted unless one of its elements is literally one of these strings.
            if !elements.contains(where: { e in e.stringValue.map { Self.isPairListMember(bare($0)) } ?? false }) {
                n.children = HashNode.pythonSorted(n.children)
            }
            return n
        case .object(let object):
            let n = HashNode("")
            var keepsOrder = false
            for (key, value) in object {
                switch key {
                case "type": if case .string(let type) = value { n.name = bare(type) }
                case "#text": if case .string(let text) = value { n.text = bare(text) }
                default: break
                }
                if Self.isPairListMember(key) { keepsOrder = true }
                if key == "#text" || key == "rdfs:comment" || key == "comment" || key.hasPrefix("@xmlns") { continue }
                // The member's node (or, for an array, each element's node) takes the member's name. The nodes are
                // new and unshared, so they are renamed in place rather than copied under the new name.
                let child = node(value, bare)
                let name = expandKey(key)
                if case .array = value {
                    for element in child.children {
                        element.name = name
                        n.children.append(element)
                    }
                } else {
                    child.name = name
                    n.children.append(child)
                }
            }
            if !keepsOrder { n.children = HashNode.pythonSorted(n.children) }
            return n
        case .string(let s):
            return HashNode("", expandValue(bare(s)))
        default:
            return HashNode("", scalarText(json))
        }
    }

    /// bizTransaction, source and destination entries keep their order (type, then value).
    static func isPairListMember(_ s: String) -> Bool { s == "bizTransaction" || s == "source" || s == "destination" }

    /// Python's `str()` of a parsed JSON scalar, after namespace expansion of strings.
    func scalarText(_ json: JSONValue) -> String {
        switch json {
        case .string(let s): return expandValue(s)
        case .bool(let b): return b ? "True" : "False"
        case .null: return "None"
        case .number(let n): return PythonNumber.strOfJSONNumber(n.literal)
        case .array, .object: return ""
        }
    }

    /// `deep_structure_correction`: rename list members the way the XML binding names them. The tree is
    /// the builder's own (no node appears twice), so each node is corrected in place.
    static func correct(_ node: HashNode) -> HashNode {
        guard !node.isPair else { return node }
        var lists: [(String, [HashNode])] = []
        var children: [HashNode] = []
        children.reserveCapacity(node.children.count)
        for c in node.children {
            if c.name.utf8.count >= 4, c.name.utf8.suffix(4).elementsEqual("List".utf8) {
                let element = HashNode(String(c.name.utf8.dropLast(4))!, c.text, c.children)
                if let i = lists.firstIndex(where: { $0.0 == c.name }) { lists[i].1.append(element) } else { lists.append((c.name, [element])) }
            } else {
                children.append(c)
            }
        }
        for (listName, elements) in lists {
            if isPairList(listName) {
                // The reference pairs the first two members of each entry (in document order).
                let pairs = elements.map { e -> HashNode in
                    let first = e.children.count > 0 ? e.children[0] : HashNode("")
                    let second = e.children.count > 1 ? e.children[1] : HashNode("")
                    return HashNode(pair: first, second)
                }
                children.append(HashNode(listName, "", pairs))
            } else {
                children.append(HashNode(listName, "", elements))
            }
        }
        if children.contains(where: { $0.name == "childEPCs" }) {
            let childEPCs = children.filter { $0.name == "childEPCs" }
            children.removeAll { $0.name == "childEPCs" }
            children.append(HashNode("childEPCs", "", childEPCs.map { HashNode("epc", $0.text) }))
        }
        for i in children.indices where !isPairList(children[i].name) { children[i] = correct(children[i]) }
        if let renamed = correctedNames[node.name], node.name != "quantity" || !children.isEmpty { node.name = renamed }
        node.children = children
        return node
    }

    /// The correction's renames, as the XML binding names these nodes ("quantity" only when it has children).
    static let correctedNames = [
        "inputEPC": "epc", "outputEPC": "epc",
        "inputQuantity": "quantityElement", "outputQuantity": "quantityElement", "childQuantity": "quantityElement", "quantity": "quantityElement"
    ]

    static func isPairList(_ name: String) -> Bool { name == "sourceList" || name == "destinationList" || name == "bizTransactionList" }
}
