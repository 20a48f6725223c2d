/// The members of a `POST /footprints/publish` body, read one at a time, each problem named by its pointer.
struct PactPublishBody {
    static let known: Set<String> = [
        "id", "companyIds", "productIds", "productNameCompany", "productDescription", "productClassifications",
        "geography", "fossilCarbonContent", "biogenicCarbonContent", "referencePeriodStart",
        "referencePeriodEnd", "validityPeriodStart", "validityPeriodEnd", "ipccCharacterizationFactors",
        "crossSectoralStandards", "comment", "acceptDataQualityIssues"
    ]

    let o: JSONObject

    init(_ body: JSONValue) throws(PactInputError) {
        guard case .object(let o) = body else { throw PactInputError("", "the body must be a JSON object") }
        let known = Self.known
        if let unknown = o.keys.first(where: { !known.contains($0) }) {
            throw PactInputError("/" + unknown, "unknown member; the publish body takes \(known.sorted().joined(separator: ", "))")
        }
        self.o = o
    }

    func string(_ key: String) throws(PactInputError) -> String? {
        guard let v = o[key] else { return nil }
        guard case .string(let s) = v, !s.isEmpty else { throw PactInputError("/" + key, "must be a non-empty string") }
        return s
    }
    func urns(_ key: String) throws(PactInputError) -> [String]? {
        guard let v = o[key] else { return nil }
        guard case .array(let items) = v, !items.isEmpty else { throw PactInputError("/" + key, "must be a non-empty array of URNs") }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            guard case .string(let s) = item, PactPublication.isURN(s) else {
                throw PactInputError("/\(key)/\(i)", "must be a URN (RFC 8141: urn:<namespace>:<specific>)")
            }
            guard !out.contains(s) else { throw PactInputError("/\(key)/\(i)", "\"\(s)\" is listed twice") }
            out.append(s)
        }
        return out
    }
    func number(_ key: String) throws(PactInputError) -> Double? {
        guard let v = o[key] else { return nil }
        let d: Double?
        switch v {
        case .number(let n): d = n.doubleValue
        case .string(let s): d = PactDecimal.parse(s)
        default: d = nil
        }
        guard let d, d.isFinite, d >= 0, d <= 1 else {
            throw PactInputError("/" + key, "must be a number from 0 to 1 (kg C per kg of product), as a JSON number or decimal string")
        }
        return d
    }
    func time(_ key: String) throws(PactInputError) -> Int64? {
        guard let s = try string(key) else { return nil }
        guard let t = ISO8601Timestamp.parse(s), t.offsetSeconds != nil, s.contains("T") || s.contains("t") else {
            throw PactInputError("/" + key, "must be an RFC 3339 date-time with a time zone, e.g. 2026-01-01T00:00:00Z")
        }
        return t.epochMilliseconds
    }
    func strings(_ key: String, pattern: (String) -> Bool, what: String) throws(PactInputError) -> [String]? {
        guard let v = o[key] else { return nil }
        guard case .array(let items) = v, !items.isEmpty else { throw PactInputError("/" + key, "must be a non-empty array of \(what)") }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            guard case .string(let s) = item, pattern(s), !out.contains(s) else {
                throw PactInputError("/\(key)/\(i)", "must be \(what), each once")
            }
            out.append(s)
        }
        return out
    }

    /// Both ends of the reference period, or neither.
    func referencePeriod() throws(PactInputError) -> (start: Int64, end: Int64)? {
        let rs = try time("referencePeriodStart"), re = try time("referencePeriodEnd")
        switch (rs, re) {
        case (nil, nil): return nil
        case (let s?, let e?):
            guard s <= e else { throw PactInputError("/referencePeriodEnd", "is before referencePeriodStart") }
            return (s, e)
        default: throw PactInputError(rs == nil ? "/referencePeriodStart" : "/referencePeriodEnd", "give both ends of the reference period, or neither")
        }
    }

    func validityPeriod() throws(PactInputError) -> (start: Int64?, end: Int64?) {
        let period = (start: try time("validityPeriodStart"), end: try time("validityPeriodEnd"))
        if let s = period.start, let e = period.end, e < s { throw PactInputError("/validityPeriodEnd", "is before validityPeriodStart") }
        return period
    }

    /// A boolean member, false when absent.
    func flag(_ key: String) throws(PactInputError) -> Bool {
        switch o[key] {
        case nil: return false
        case .bool(let b)?: return b
        default: throw PactInputError("/" + key, "must be true or false")
        }
    }
}
