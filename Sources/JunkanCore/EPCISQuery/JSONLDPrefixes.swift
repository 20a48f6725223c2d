/// The prefixes a JSON-LD `@context` declares (`"ex": "https://example.com/ns#"`), with the EPCIS context's own: how an
/// extension field `ex:temperature` of an event and of a query are known to name the same thing.
public struct JSONLDPrefixes: Sendable, Equatable, Hashable {
    public var iris: [String: String]

    /// `withEPCIS`: with the EPCIS context's own prefixes under those `context` declares (false: only the declared
    /// ones, which are what the event hash expands).
    public init(_ context: JSONValue?, withEPCIS: Bool = true) {
        var out = withEPCIS ? EPCISContextVocabulary.prefixes : [:]
        func add(_ c: JSONValue) {
            switch c {
            case .array(let a): a.forEach(add)
            case .object(let o):
                for (k, v) in o where !k.hasPrefix("@") && !k.contains(":") {
                    if let s = v.stringValue ?? v.objectValue?["@id"]?.stringValue { out[k] = s }
                }
            default: break
            }
        }
        if let context { add(context) }
        iris = out
    }

    /// `prefix:local` expanded to an IRI, nil when the prefix is not declared (or the name is not a CURIE).
    public func expand(_ name: String) -> String? {
        guard let colon = name.firstIndex(of: ":") else { return nil }
        let prefix = String(name[..<colon])
        guard let iri = iris[prefix] else { return nil }
        let local = name[name.index(after: colon)...]
        // An absolute IRI (`https://…`) is not a CURIE.
        if local.hasPrefix("//") { return nil }
        return iri + local
    }
}
