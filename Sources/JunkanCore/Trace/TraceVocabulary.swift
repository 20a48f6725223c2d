/// The Junkan vocabulary (docs/vocabulary.md) as read from EPCIS extensions and ILMD: terms are found under
/// whatever prefix the event's `@context` binds to the namespace, or written as full IRIs.
public struct TraceVocabulary: Sendable {
    public static let namespace = "https://w3id.org/junkan/voc/"

    /// The prefixes that name the namespace in this event's context (`junkan` when the context does not say).
    let prefixes: [String]

    public init(context: JSONValue?) {
        var bound: [String] = []
        var junkanRebound = false
        func scan(_ c: JSONValue?) {
            switch c {
            case .object(let o):
                for (k, v) in o {
                    if v.stringValue == Self.namespace { bound.append(k) } else if k == "junkan" { junkanRebound = true }
                }
            case .array(let a): for e in a { scan(e) }
            default: break
            }
        }
        scan(context)
        // A document that uses `junkan:` without declaring it means us; one that binds `junkan` elsewhere does not.
        if !bound.contains("junkan") && !junkanRebound { bound.append("junkan") }
        prefixes = bound
    }

    /// The value of `term` in `object`, and the key it was written under.
    public func value(_ term: String, in object: JSONObject?) -> (key: String, value: JSONValue)? {
        guard let object else { return nil }
        if let v = object[Self.namespace + term] { return (Self.namespace + term, v) }
        for p in prefixes { if let v = object[p + ":" + term] { return (p + ":" + term, v) } }
        return nil
    }
}

/// Masses in kilograms from EPCIS quantities: UN/CEFACT `KGM`, `TNE` and `GRM`.
public enum Mass {
    public static func kilograms(_ quantity: Double, uom: String?) -> Double? {
        switch uom {
        case "KGM": quantity
        case "TNE": quantity * 1000
        case "GRM": quantity / 1000
        default: nil
        }
    }
}
