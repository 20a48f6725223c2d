extension XMLElementNode {
    /// The element as XML text, each namespace declared where it first differs from its parent's: what `junkan
    /// event-hash --epcis-2-xml` prints, compared with xsltproc's output by namespace and name, not by prefix.
    public var xml: String {
        var out = ""
        write(into: &out, scope: ["": ""])
        return out
    }

    private func write(into out: inout String, scope inherited: [String: String]) {
        var scope = inherited
        var declarations = ""
        func bind(_ prefix: String, _ namespace: String) {
            guard scope[prefix] != namespace else { return }
            scope[prefix] = namespace
            declarations +=
                prefix.isEmpty ? " xmlns=\"" + XMLText.attribute(namespace) + "\"" : " xmlns:" + prefix + "=\"" + XMLText.attribute(namespace) + "\""
        }
        let qualified: String
        if let namespace {
            let p = prefix ?? ""
            bind(p, namespace)
            qualified = p.isEmpty ? name : p + ":" + name
        } else {
            bind("", "")
            qualified = name
        }
        var attributeText = ""
        for a in attributes {
            var attributeName = a.name
            if let ns = a.namespace {
                let p = a.prefix.flatMap { $0.isEmpty ? nil : $0 } ?? "ns0"
                bind(p, ns)
                attributeName = p + ":" + a.name
            }
            attributeText += " " + attributeName + "=\"" + XMLText.attribute(a.value) + "\""
        }
        out += "<" + qualified + declarations + attributeText
        let text = trimmedText
        guard !children.isEmpty || !text.isEmpty else {
            out += "/>"
            return
        }
        out += ">" + XMLText.content(text)
        for c in children { c.write(into: &out, scope: scope) }
        out += "</" + qualified + ">"
    }
}
