public import JunkanCore

/// How values that have no column type of their own are kept in a column, the same in every backend, so a database
/// moved from one backend to another reads the same.
public enum StoredColumns {
    /// `events.identifiers`: `[[role, id], …]`.
    public static func identifiers(_ ids: [EventIdentifier]) -> String {
        JSONWriter.string(.array(ids.map { .array([.string($0.role.rawValue), .string($0.id)]) }))
    }

    /// Reads `events.identifiers` back; a pair with an unknown role is skipped, as the old rows were.
    public static func identifiers(column: String) -> [EventIdentifier] {
        guard case .array(let pairs)? = try? JSONParser.parse(column) else { return [] }
        return pairs.compactMap { pair in
            guard case .array(let p) = pair, p.count == 2, case .string(let role) = p[0], case .string(let id) = p[1],
                let r = EPCISEvent.IdentifierRole(rawValue: role)
            else { return nil }
            return EventIdentifier(role: r, id: id)
        }
    }

    /// A list of strings as a JSON array (PACT footprints' filter facets).
    public static func list(_ values: [String]) -> String { JSONWriter.string(.array(values.map { .string($0) })) }
    public static func strings(_ text: String) -> [String] {
        (try? JSONParser.parse(text))?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}

extension GrantScope {
    /// The scope as `identifier_grants` stores it: kind (gtin, gln or serials), key, and the serial range.
    public var storedColumns: (kind: String, key: String, first: String?, last: String?) {
        switch self {
        case .gtin(let g): ("gtin", g, nil, nil)
        case .gln(let g): ("gln", g, nil, nil)
        case .serials(let g, let f, let l): ("serials", g, f, l)
        }
    }

    /// A Digital Link of the scope's key, to find its owner.
    public var link: DigitalLink? {
        switch self {
        case .gtin(let g), .serials(let g, _, _): try? DigitalLink(primaryKey: .init(ai: "01", value: g))
        case .gln(let g): try? DigitalLink(primaryKey: .init(ai: "414", value: g))
        }
    }
}

extension CircularityFile {
    /// The table that holds a file's rows.
    public var table: String {
        switch self {
        case .waste: "circularity_waste"
        case .collection: "circularity_collection"
        case .plasticWaste: "circularity_plastic_waste"
        case .sales: "circularity_sales"
        case .targets: "circularity_targets"
        case .prtr: "circularity_prtr"
        }
    }
}

/// A stored circularity row that no longer reads.
public struct CircularityStoreError: Error, Sendable, CustomStringConvertible {
    public var detail: String
    public init(detail: String) { self.detail = detail }
    public var description: String { detail }
}
