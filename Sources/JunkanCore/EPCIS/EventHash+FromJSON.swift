/// JSON-LD → hash tree, as `json_to_py` and `json_xml_model_mismatch_correction` of the reference do it.
struct EventHashTreeBuilder {
    /// Prefix → namespace IRI, from the document's `@context` (only the list form, as the reference reads it).
    var namespaces: [String: String] = [:]

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
    }

    /// A key "prefix:local" becomes "{iri}local" when the prefix is declared.
    func expandKey(_ key: String) -> String {
        guard let colon = key.firstIndex(of: ":") else { return key }
        let prefix = String(key[..<colon])
        guard let iri = namespaces[prefix] else { return key }
        return "{" + iri + "}" + key[key.index(after: colon)...]
    }

    /// A value "prefix:rest" becomes "iri" + "rest" when the prefix is declared.
    func expandValue(_ value: String) -> String {
        guard let colon = value.firstIndex(of: ":") else { return value }
        let prefix = String(value[..<colon])
        guard let iri = namespaces[prefix] else { return value }
        return iri + value[value.index(after: colon)...]
    }

    func node(_ json: JSONValue) -> HashNode {
        switch json {
        case .array(let elements):
            let n = HashNode("")
            n.children = elements.map { node($0) }
            // A list is sorted unless one of its elements is literally one of these strings.
            if !elements.contains(where: { ["bizTransaction", "source", "destination"].contains($0.stringValue ?? "\u{0}") }) {
                n.children = HashNode.pythonSorted(n.children)
            }
            return n
        case .object(let object):
            let n = HashNode("")
            if case .string(let type)? = object["type"] { n.name = type }
            if case .string(let text)? = object["#text"] { n.text = text }
            for (key, value) in object where !["#text", "rdfs:comment", "comment"].contains(key) {
                if key.hasPrefix("@xmlns") { continue }
                let child = node(value)
                let name = expandKey(key)
                if case .array = value {
                    for element in child.children {
                        n.children.append(HashNode(name, element.text, element.children))
                    }
                } else {
                    n.children.append(HashNode(name, child.text, child.children))
                }
            }
            if !["bizTransaction", "source", "destination"].contains(where: { object[$0] != nil }) {
                n.children = HashNode.pythonSorted(n.children)
            }
            return n
        default:
            return HashNode("", scalarText(json))
        }
    }

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

    /// `deep_structure_correction`: rename list members the way the XML binding names them.
    static func correct(_ node: HashNode) -> HashNode {
        guard !node.isPair else { return node }
        var children = node.children
        var lists: [(String, [HashNode])] = []
        var remaining: [HashNode] = []
        for c in children {
            if c.name.hasSuffix("List") {
                let element = HashNode(String(c.name.dropLast(4)), c.text, c.children)
                if let i = lists.firstIndex(where: { $0.0 == c.name }) { lists[i].1.append(element) } else { lists.append((c.name, [element])) }
            } else {
                remaining.append(c)
            }
        }
        children = remaining
        for (listName, elements) in lists {
            if ["sourceList", "destinationList", "bizTransactionList"].contains(listName) {
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
        let childEPCs = children.filter { $0.name == "childEPCs" }
        if !childEPCs.isEmpty {
            children.removeAll { $0.name == "childEPCs" }
            children.append(HashNode("childEPCs", "", childEPCs.map { HashNode("epc", $0.text) }))
        }
        let corrected = children.map { c -> HashNode in
            ["sourceList", "destinationList", "bizTransactionList"].contains(c.name) ? c : correct(c)
        }
        var name = node.name
        if name == "inputEPC" || name == "outputEPC" {
            name = "epc"
        } else if ["inputQuantity", "outputQuantity", "childQuantity"].contains(name) || (name == "quantity" && !corrected.isEmpty) {
            name = "quantityElement"
        }
        return HashNode(name, node.text, corrected)
    }
}
