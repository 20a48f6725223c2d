/// An XML element as the EPCIS XML binding reads it: names with their namespace, attributes, child elements and the
/// element's own text. Comments and processing instructions are gone; the parser (JunkanNode's `LibXMLDocument`) has
/// already refused what is not well-formed.
public struct XMLElementNode: Sendable, Equatable {
    public struct Attribute: Sendable, Equatable {
        public var name: String
        /// The namespace URI, nil for an unprefixed attribute (which has no namespace in XML).
        public var namespace: String?
        public var prefix: String?
        public var value: String

        public init(name: String, namespace: String? = nil, prefix: String? = nil, value: String) {
            self.name = name
            self.namespace = namespace
            self.prefix = prefix
            self.value = value
        }
    }

    /// The local name.
    public var name: String
    public var namespace: String?
    public var prefix: String?
    public var attributes: [Attribute]
    public var children: [XMLElementNode]
    /// The element's direct text (CDATA included), as written.
    public var text: String
    /// The line of the start tag, for errors.
    public var line: Int

    public init(
        name: String, namespace: String? = nil, prefix: String? = nil, attributes: [Attribute] = [], children: [XMLElementNode] = [],
        text: String = "", line: Int = 0
    ) {
        self.name = name
        self.namespace = namespace
        self.prefix = prefix
        self.attributes = attributes
        self.children = children
        self.text = text
        self.line = line
    }

    /// The text without the layout around it.
    public var trimmedText: String { text.trimmingXMLWhitespace }

    /// The unprefixed attribute `name`.
    public func attribute(_ name: String) -> String? { attributes.first { $0.name == name && $0.namespace == nil }?.value }

    /// The children of no namespace named `name` (the binding's own elements are unqualified).
    public func children(named name: String) -> [XMLElementNode] { children.filter { $0.name == name && $0.namespace == nil } }

    /// The name as written (`prefix:name`), for messages.
    public var qualifiedName: String { prefix.map { $0 + ":" + name } ?? name }
}

extension String {
    /// Without leading and trailing XML whitespace (space, tab, CR, LF: XML 1.0 §2.3).
    public var trimmingXMLWhitespace: String {
        let ws: Set<Character> = [" ", "\t", "\r", "\n", "\r\n"]
        guard let start = firstIndex(where: { !ws.contains($0) }) else { return "" }
        let end = lastIndex(where: { !ws.contains($0) })!
        return String(self[start...end])
    }
}
