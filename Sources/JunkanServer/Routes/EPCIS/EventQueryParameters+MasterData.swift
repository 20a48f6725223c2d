import JunkanCore
import JunkanStore

/// `HASATTR_{field}` and `EQ_ATTR_{field}_{attribute}` (EPCIS 2.0 §8.2.7.1): filters by the master data of an event's
/// vocabulary field. The fields this node keeps master data of are `readPoint` and `bizLocation`; another field is a
/// QueryParameterException that says so.
extension EventQueryParameters {
    static func masterDataFilter(_ name: String, _ values: [String], prefixes: JSONLDPrefixes?) throws(Problem) -> MasterDataFilter? {
        let rest: Substring
        let attribute: Bool
        if name.hasPrefix("HASATTR_") {
            (rest, attribute) = (name.dropFirst("HASATTR_".count), false)
        } else if name.hasPrefix("EQ_ATTR_") {
            (rest, attribute) = (name.dropFirst("EQ_ATTR_".count), true)
        } else {
            return nil
        }
        // The field is a standard field's name (no underscore); an attribute name may hold underscores of its own.
        let fieldName = attribute ? String(rest.prefix { $0 != "_" }) : String(rest)
        guard let field = MasterDataFilter.Field(rawValue: fieldName) else {
            throw .queryParameter(
                "\(name): this node keeps master data of the vocabulary fields "
                    + MasterDataFilter.Field.allCases.map(\.rawValue).joined(separator: " and ") + ", not \"\(fieldName)\"")
        }
        let expand = prefixes ?? JSONLDPrefixes(nil)
        func iri(_ n: String) -> String { MasterDataAttribute.canonical(expand.expand(n) ?? n) }
        guard attribute else { return .hasAttribute(field, anyOf: values.map(iri)) }
        let attributeName = String(rest.dropFirst(fieldName.count + 1))
        guard rest.count > fieldName.count + 1, attributeName.contains(":") else {
            throw .queryParameter("\(name) must name an attribute after the field: EQ_ATTR_\(fieldName)_{attribute IRI}, e.g. EQ_ATTR_\(fieldName)_cbvmda:sst")
        }
        return .attribute(field, name: iri(attributeName), anyOf: values)
    }
}
