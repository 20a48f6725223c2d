/// What a data owner states when it publishes a footprint, beside what the trace graph computes: who it is, what
/// the product is called, where and when it applies, and the carbon content the graph cannot know.
/// Parsed from the body of `POST /footprints/publish` (the CLI builds the same body), each problem named by pointer.
public struct PactPublication: Sendable, Equatable {
    /// The lot or item (EPC class / EPC, URN or Digital Link) whose footprint is published.
    public var subject: String
    public var companyName: String
    public var companyIds: [String]
    public var productIds: [String]?
    public var productNameCompany: String?
    public var productDescription: String?
    public var productClassifications: [String]
    public var geography: PactGeography?
    /// kg C per kg of product (PACT SHALL; the trace graph has no carbon balance, so the owner states it).
    public var fossilCarbonContent: Double
    public var biogenicCarbonContent: Double?
    public var referencePeriod: (start: Int64, end: Int64)?
    public var validityPeriod: (start: Int64?, end: Int64?)
    public var ipccCharacterizationFactors: [String]
    public var crossSectoralStandards: [String]
    public var comment: String?
    /// Publish even when the computation reports data-quality issues (they are then listed in `comment`).
    public var acceptDataQualityIssues: Bool

    public static func == (a: PactPublication, b: PactPublication) -> Bool {
        a.subject == b.subject && a.companyName == b.companyName && a.companyIds == b.companyIds && a.productIds == b.productIds
            && a.productNameCompany == b.productNameCompany && a.productDescription == b.productDescription
            && a.productClassifications == b.productClassifications && a.geography == b.geography
            && a.fossilCarbonContent == b.fossilCarbonContent && a.biogenicCarbonContent == b.biogenicCarbonContent
            && a.referencePeriod?.start == b.referencePeriod?.start && a.referencePeriod?.end == b.referencePeriod?.end
            && a.validityPeriod.start == b.validityPeriod.start && a.validityPeriod.end == b.validityPeriod.end
            && a.ipccCharacterizationFactors == b.ipccCharacterizationFactors && a.crossSectoralStandards == b.crossSectoralStandards
            && a.comment == b.comment && a.acceptDataQualityIssues == b.acceptDataQualityIssues
    }

    /// `companyName` and the default company id come from the publishing organisation, not from the body.
    public init(parsing body: JSONValue, companyName: String, defaultCompanyID: String) throws(PactInputError) {
        guard case .object(let o) = body else { throw PactInputError("", "the body must be a JSON object") }
        let known: Set<String> = [
            "id", "companyIds", "productIds", "productNameCompany", "productDescription", "productClassifications",
            "geography", "fossilCarbonContent", "biogenicCarbonContent", "referencePeriodStart",
            "referencePeriodEnd", "validityPeriodStart", "validityPeriodEnd", "ipccCharacterizationFactors",
            "crossSectoralStandards", "comment", "acceptDataQualityIssues"
        ]
        if let unknown = o.keys.first(where: { !known.contains($0) }) {
            throw PactInputError("/" + unknown, "unknown member; the publish body takes \(known.sorted().joined(separator: ", "))")
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
                guard case .string(let s) = item, Self.isURN(s) else {
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

        guard let subject = try string("id") else {
            throw PactInputError("/id", "is required: the lot or item (EPC class or EPC, as a URN or GS1 Digital Link) to publish")
        }
        self.subject = subject
        self.companyName = companyName
        companyIds = try urns("companyIds") ?? [defaultCompanyID]
        productIds = try urns("productIds")
        productNameCompany = try string("productNameCompany")
        productDescription = try string("productDescription")
        productClassifications = try urns("productClassifications") ?? []
        if let g = try string("geography") {
            do { geography = try PactGeography(parsing: g) } catch { throw PactInputError("/geography", error.reason) }
        } else {
            geography = nil
        }
        guard let fossil = try number("fossilCarbonContent") else {
            throw PactInputError(
                "/fossilCarbonContent",
                "is required (PACT SHALL): the fossil carbon in the product, kg C per kg; "
                    + "for example about 0.857 for polypropylene, 0 for a fully bio-based material")
        }
        fossilCarbonContent = fossil
        biogenicCarbonContent = try number("biogenicCarbonContent")
        if fossil + (biogenicCarbonContent ?? 0) > 1 {
            throw PactInputError("/biogenicCarbonContent", "fossil and biogenic carbon together exceed 1 kg C per kg of product")
        }
        let rs = try time("referencePeriodStart"), re = try time("referencePeriodEnd")
        switch (rs, re) {
        case (nil, nil): referencePeriod = nil
        case (let s?, let e?):
            guard s <= e else { throw PactInputError("/referencePeriodEnd", "is before referencePeriodStart") }
            referencePeriod = (s, e)
        default: throw PactInputError(rs == nil ? "/referencePeriodStart" : "/referencePeriodEnd", "give both ends of the reference period, or neither")
        }
        validityPeriod = (try time("validityPeriodStart"), try time("validityPeriodEnd"))
        if let s = validityPeriod.start, let e = validityPeriod.end, e < s {
            throw PactInputError("/validityPeriodEnd", "is before validityPeriodStart")
        }
        ipccCharacterizationFactors = try strings("ipccCharacterizationFactors", pattern: Self.isIPCCReport, what: "IPCC report names (AR5, AR6)") ?? ["AR6"]
        crossSectoralStandards =
            try strings("crossSectoralStandards", pattern: { !$0.isEmpty }, what: "standard names (ISO14067, PACT-3.0, …)")
            ?? ["ISO14067", "PACT-3.0"]
        comment = try string("comment")
        switch o["acceptDataQualityIssues"] {
        case nil: acceptDataQualityIssues = false
        case .bool(let b)?: acceptDataQualityIssues = b
        default: throw PactInputError("/acceptDataQualityIssues", "must be true or false")
        }
    }

    /// `urn:` (any case), a namespace of 1–32 letters, digits or hyphens not starting with a hyphen, `:`, and more.
    public static func isURN(_ s: String) -> Bool {
        let parts = s.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].lowercased() == "urn", (1...32).contains(parts[1].count), parts[1].first != "-",
            parts[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }), !parts[2].isEmpty,
            !s.contains(where: { $0 == " " || $0.isNewline })
        else { return false }
        return true
    }

    static func isIPCCReport(_ s: String) -> Bool {
        s.count > 2 && s.hasPrefix("AR") && s.dropFirst(2).allSatisfy(\.isASCIIDigit)
    }
}
