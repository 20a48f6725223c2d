public import JunkanCore

/// A SimpleEventQuery filter that reads master data (EPCIS 2.0 §8.2.7.1): which locations it admits depends on the
/// vocabulary elements organisations declared, so it is resolved into a list of locations when the query runs (a
/// subscription's on each pass), never when it is parsed or stored.
public enum MasterDataFilter: Sendable, Equatable, Hashable {
    /// The event fields whose values are vocabulary elements this node keeps master data of.
    public enum Field: String, Sendable, CaseIterable {
        case readPoint, bizLocation
        /// The vocabulary a field's values belong to: the hierarchy `WD_readPoint` follows is the ReadPoint
        /// vocabulary's, `WD_bizLocation`'s the BusinessLocation vocabulary's.
        public var vocabularyType: String { self == .readPoint ? VocabularyType.readPoint : VocabularyType.businessLocation }
    }

    /// `WD_{field}`: the field is one of `ids` or a direct or indirect descendant of one.
    case within(Field, ids: [String])
    /// `HASATTR_{field}`: the field's element has master data with one of these attributes (absolute IRIs).
    case hasAttribute(Field, anyOf: [String])
    /// `EQ_ATTR_{field}_{attribute}`: the field's element has the attribute with one of these values.
    case attribute(Field, name: String, anyOf: [String])

    public var field: Field {
        switch self {
        case .within(let f, _), .hasAttribute(let f, _), .attribute(let f, _, _): f
        }
    }

    /// The identifiers the filter admits, given every organisation's elements of the field's vocabulary.
    public func admitted(by elements: [VocabularyElement]) -> Set<String> {
        switch self {
        case .within(_, let ids):
            return VocabularyHierarchy.descendants(of: ids, in: elements)
        case .hasAttribute(_, let names):
            return Set(elements.filter { e in e.attributes.contains { a in names.contains { MasterDataAttribute.same(a.id, $0) } } }.map(\.id))
        case .attribute(_, let name, let values):
            return Set(elements.filter { e in e.values(of: name).contains { v in values.contains { Self.equal(v, $0) } } }.map(\.id))
        }
    }

    /// An attribute's value against a query's text: a string as written, a number by value.
    static func equal(_ value: JSONValue, _ text: String) -> Bool {
        switch value {
        case .string(let s): return s == text
        case .number(let n): return Double(text).map { $0 == n.doubleValue } ?? false
        case .bool(let b): return text == (b ? "true" : "false")
        default: return false
        }
    }
}

extension EventQuery {
    /// Adds a filter on a location field: the column's list when it has none yet, else a predicate (both must hold).
    /// An empty list admits no event.
    public mutating func addLocationFilter(readPoint: Bool, _ values: [String]) {
        if !values.isEmpty, readPoint, readPoints.isEmpty {
            readPoints = values
        } else if !values.isEmpty, !readPoint, bizLocations.isEmpty {
            bizLocations = values
        } else {
            predicates.append(.location(readPoint: readPoint, anyOf: Set(values)))
        }
    }
}

extension MasterDataStore {
    /// `q` with its master data filters made location filters, from the master data stored now.
    public func resolvingMasterData(_ q: EventQuery) async throws -> EventQuery {
        guard !q.masterDataFilters.isEmpty else { return q }
        var out = q
        out.masterDataFilters = []
        var byType: [String: [VocabularyElement]] = [:]
        for f in q.masterDataFilters {
            let type = f.field.vocabularyType
            if byType[type] == nil { byType[type] = try await masterData(type: type).map(\.element) }
            out.addLocationFilter(readPoint: f.field == .readPoint, f.admitted(by: byType[type] ?? []).sorted())
        }
        return out
    }
}
