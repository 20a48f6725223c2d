/// A vocabulary element in the JSON binding's shape (`vocabularyElement` of the EPCIS JSON schema), as stored and as
/// `GET /masterData` answers, and read back from it.
extension VocabularyElement {
    public var json: JSONValue {
        var o = JSONObject([("id", .string(id))])
        if !attributes.isEmpty { o["attributes"] = attributesJSON }
        if !children.isEmpty { o["children"] = childrenJSON }
        return .object(o)
    }

    public var attributesJSON: JSONValue {
        .array(
            attributes.map { a in
                var o = JSONObject([("id", .string(a.id))])
                if let v = a.value { o["attribute"] = v }
                return .object(o)
            })
    }

    public var childrenJSON: JSONValue { .array(children.map { .string($0) }) }

    /// An element as stored (`attributesJSON` and `childrenJSON` texts); nil parts are read as empty.
    public init(type: String, id: String, attributesText: String, childrenText: String) throws {
        self.init(type: type, id: id)
        if case .array(let list) = try JSONParser.parse(attributesText) {
            attributes = list.compactMap { a in a.objectValue?["id"]?.stringValue.map { Attribute(id: $0, value: a.objectValue?["attribute"]) } }
        }
        if case .array(let list) = try JSONParser.parse(childrenText) { children = list.compactMap(\.stringValue) }
    }
}
