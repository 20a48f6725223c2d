/// An extension field a query names (`ex:temperature`), where it is looked for, and whether at the top of that place
/// or nested anywhere below (`INNER_`).
public struct ExtensionField: Sendable, Equatable, Hashable {
    /// Where the field is: the event itself, its `ilmd`, its `errorDeclaration`, its `readPoint` or `bizLocation`, or
    /// a sensor element, its `sensorMetadata` or one of its `sensorReport`s.
    public enum Place: String, Sendable, CaseIterable {
        case event, ilmd, errorDeclaration, readPoint, bizLocation, sensorElement, sensorMetadata, sensorReport
    }

    public var place: Place
    public var inner: Bool
    /// The name as the query wrote it (`ex:temperature`).
    public var name: String
    /// The name's IRI, when the query declared its prefix (a named query's `@context`); otherwise an event's field matches
    /// by the same prefix and local name.
    public var iri: String?

    public init(place: Place, inner: Bool, name: String, iri: String?) {
        self.place = place; self.inner = inner; self.name = name; self.iri = iri
    }

    func holds(in e: EPCISEvent, _ comparison: Comparison?) -> Bool {
        let prefixes = JSONLDPrefixes(e.context)
        func named(_ key: String) -> Bool { key == name || (iri != nil && prefixes.expand(key) == iri) }
        func test(_ v: JSONValue) -> Bool {
            guard let comparison else { return true }
            if case .array(let a) = v { return a.contains(where: comparison.holds) }
            return comparison.holds(v)
        }
        func search(_ o: JSONObject) -> Bool {
            if inner {
                // INNER_: below a top-level extension, at any depth.
                return o.contains { _, v in nested(v) }
            }
            return o.contains { k, v in named(k) && test(v) }
        }
        func nested(_ v: JSONValue) -> Bool {
            switch v {
            case .object(let o): return o.contains { k, x in (named(k) && test(x)) || nested(x) }
            case .array(let a): return a.contains(where: nested)
            default: return false
            }
        }
        return objects(of: e).contains(where: search)
    }

    /// The objects of an event this field may be a member of.
    func objects(of e: EPCISEvent) -> [JSONObject] {
        switch place {
        case .event: return [e.extensions]
        case .ilmd: return e.ilmd.map { [$0] } ?? []
        case .errorDeclaration: return e.errorDeclaration.map { [$0.extensions] } ?? []
        case .readPoint: return e.readPoint.map { [$0.extensions] } ?? []
        case .bizLocation: return e.bizLocation.map { [$0.extensions] } ?? []
        case .sensorElement: return e.sensorElementList.map(\.extensions)
        case .sensorMetadata: return e.sensorElementList.compactMap(\.sensorMetadata)
        case .sensorReport: return e.sensorElementList.flatMap(\.sensorReport)
        }
    }
}
