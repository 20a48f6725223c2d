/// The filter fields of a published footprint: what `ListFootprints` and a RequestCreatedEvent select on.
public struct PactFootprintFacets: Sendable, Equatable {
    public var status: String
    public var productIds: [String]
    public var companyIds: [String]
    public var classifications: [String]
    /// The footprint's region, country or subdivision, if any.
    public var geography: String?
    /// Effective validity (ms): the stated period, or PACT's default of three years from the reference period's end.
    public var validFrom: Int64
    public var validTo: Int64

    public init(
        status: String, productIds: [String], companyIds: [String], classifications: [String], geography: String?,
        validFrom: Int64, validTo: Int64
    ) {
        self.status = status; self.productIds = productIds; self.companyIds = companyIds; self.classifications = classifications
        self.geography = geography; self.validFrom = validFrom; self.validTo = validTo
    }
}

/// PACT v3 footprint filters (`ListFootprints` query, `RequestCreatedEvent` data): OR between the values of one criterion,
/// AND across criteria; identifiers and names match case-insensitively.
public struct PactFilter: Sendable, Equatable {
    public var productIds: [String] = []
    public var companyIds: [String] = []
    public var geographies: [String] = []
    public var classifications: [String] = []
    public var validOn: Int64?
    public var validAfter: Int64?
    public var validBefore: Int64?
    public var status: String?

    public init() {}

    static let listCriteria = [
        "productid": \PactFilter.productIds, "companyid": \.companyIds, "geography": \.geographies,
        "classification": \.classifications
    ]

    /// Query parameters of `GET /3/footprints` (names case-insensitive, as the spec's own example mixes `productId` and
    /// `productid`). The names in `ignoring` (`limit`, the host's own `x-…` parameters) are left to the caller; any other
    /// name is refused, an unknown `x-…` one too.
    public init(query: [(name: String, value: String)], ignoring: Set<String> = ["limit"]) throws(PactInputError) {
        for (rawName, value) in query {
            let name = rawName.lowercased()
            if ignoring.contains(name) { continue }
            if let path = Self.listCriteria[name] {
                guard !value.isEmpty else { throw PactInputError(rawName, "is empty") }
                self[keyPath: path].append(value)
                continue
            }
            switch name {
            case "validon": validOn = try Self.time(value, rawName)
            case "validafter": validAfter = try Self.time(value, rawName)
            case "validbefore": validBefore = try Self.time(value, rawName)
            case "status": status = try Self.status(value, rawName)
            case "$filter":
                throw PactInputError(
                    rawName,
                    "the OData $filter of PACT v2 was removed in v3; use productId, companyId, geography, "
                        + "classification, validOn, validAfter, validBefore and status", notImplemented: true)
            default:
                throw PactInputError(
                    rawName,
                    "is not a PACT v3 filter (productId, companyId, geography, classification, validOn, "
                        + "validAfter, validBefore, status) nor a parameter of this host ("
                        + ignoring.sorted().joined(separator: ", ") + ")")
            }
        }
    }

    /// The `data` of a RequestCreatedEvent. Also reads `data.pf.productIds`, the shape the PACT conformance tester sends.
    public init(requestData o: JSONObject) throws(PactInputError) {
        func list(_ key: String, into path: WritableKeyPath<PactFilter, [String]>) throws(PactInputError) {
            guard let v = o[key] else { return }
            guard case .array(let items) = v else { throw PactInputError("/data/" + key, "must be an array of strings") }
            for (i, item) in items.enumerated() {
                guard case .string(let s) = item, !s.isEmpty else { throw PactInputError("/data/\(key)/\(i)", "must be a non-empty string") }
                self[keyPath: path].append(s)
            }
        }
        try list("productId", into: \.productIds)
        try list("companyId", into: \.companyIds)
        try list("geography", into: \.geographies)
        try list("classification", into: \.classifications)
        if case .object(let pf)? = o["pf"], case .array(let ids)? = pf["productIds"] {
            for (i, item) in ids.enumerated() {
                guard case .string(let s) = item, !s.isEmpty else { throw PactInputError("/data/pf/productIds/\(i)", "must be a non-empty string") }
                productIds.append(s)
            }
        }
        func string(_ key: String) throws(PactInputError) -> String? {
            guard let v = o[key] else { return nil }
            guard case .string(let s) = v else { throw PactInputError("/data/" + key, "must be a string") }
            return s
        }
        if let s = try string("validOn") { validOn = try Self.time(s, "/data/validOn") }
        if let s = try string("validAfter") { validAfter = try Self.time(s, "/data/validAfter") }
        if let s = try string("validBefore") { validBefore = try Self.time(s, "/data/validBefore") }
        if let s = try string("status") { status = try Self.status(s, "/data/status") }
    }

    public var isEmpty: Bool { self == PactFilter() }

    public func matches(_ f: PactFootprintFacets) -> Bool {
        func any(_ wanted: [String], _ have: [String]) -> Bool {
            wanted.isEmpty || wanted.contains { w in have.contains { $0.caseInsensitiveEquals(w) } }
        }
        guard any(productIds, f.productIds), any(companyIds, f.companyIds), any(classifications, f.classifications),
            geographies.isEmpty || geographies.contains(where: { Self.within(f.geography, $0) })
        else { return false }
        if let s = status, !s.caseInsensitiveEquals(f.status) { return false }
        if let t = validOn, !(f.validFrom <= t && t <= f.validTo) { return false }
        if let t = validAfter, !(f.validFrom > t) { return false }
        if let t = validBefore, !(f.validTo < t) { return false }
        return true
    }

    /// Whether a footprint's geography lies within the asked one: the same region, country or subdivision, or a
    /// subdivision (`JP-13`) of the asked country (`JP`). Countries are not mapped to UN M49 regions.
    static func within(_ geography: String?, _ asked: String) -> Bool {
        guard let g = geography else { return false }
        if g.caseInsensitiveEquals(asked) { return true }
        return asked.count == 2 && g.count > 3 && g.dropFirst(2).first == "-" && String(g.prefix(2)).caseInsensitiveEquals(asked)
    }

    static func time(_ s: String, _ location: String) throws(PactInputError) -> Int64 {
        // A "+09:00" offset sent unencoded in a query string arrives as " 09:00" after form decoding.
        let s = s.count > 19 && s.dropFirst(19).contains(" ") ? s.replacing(" ", with: "+") : s
        guard let t = ISO8601Timestamp.parse(s), s.count >= 16 else {
            throw PactInputError(location, "\"\(s)\" is not an RFC 3339 date-time (e.g. 2026-04-01T00:00:00Z)")
        }
        return t.epochMilliseconds
    }

    static func status(_ s: String, _ location: String) throws(PactInputError) -> String {
        switch s.lowercased() {
        case "active": return "Active"
        case "deprecated": return "Deprecated"
        default: throw PactInputError(location, "must be Active or Deprecated, found \"\(s)\"")
        }
    }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        count == other.count && lowercased() == other.lowercased()
    }
}
