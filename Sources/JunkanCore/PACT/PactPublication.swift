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
    public init(parsing json: JSONValue, companyName: String, defaultCompanyID: String) throws(PactInputError) {
        let body = try PactPublishBody(json)
        guard let subject = try body.string("id") else {
            throw PactInputError("/id", "is required: the lot or item (EPC class or EPC, as a URN or GS1 Digital Link) to publish")
        }
        self.subject = subject
        self.companyName = companyName
        companyIds = try body.urns("companyIds") ?? [defaultCompanyID]
        productIds = try body.urns("productIds")
        productNameCompany = try body.string("productNameCompany")
        productDescription = try body.string("productDescription")
        productClassifications = try body.urns("productClassifications") ?? []
        if let g = try body.string("geography") {
            do { geography = try PactGeography(parsing: g) } catch { throw PactInputError("/geography", error.reason) }
        } else {
            geography = nil
        }
        guard let fossil = try body.number("fossilCarbonContent") else {
            throw PactInputError(
                "/fossilCarbonContent",
                "is required (PACT SHALL): the fossil carbon in the product, kg C per kg; "
                    + "for example about 0.857 for polypropylene, 0 for a fully bio-based material")
        }
        fossilCarbonContent = fossil
        biogenicCarbonContent = try body.number("biogenicCarbonContent")
        if fossil + (biogenicCarbonContent ?? 0) > 1 {
            throw PactInputError("/biogenicCarbonContent", "fossil and biogenic carbon together exceed 1 kg C per kg of product")
        }
        referencePeriod = try body.referencePeriod()
        validityPeriod = try body.validityPeriod()
        ipccCharacterizationFactors =
            try body.strings("ipccCharacterizationFactors", pattern: Self.isIPCCReport, what: "IPCC report names (AR5, AR6)") ?? ["AR6"]
        crossSectoralStandards =
            try body.strings("crossSectoralStandards", pattern: { !$0.isEmpty }, what: "standard names (ISO14067, PACT-3.0, …)")
            ?? ["ISO14067", "PACT-3.0"]
        comment = try body.string("comment")
        acceptDataQualityIssues = try body.flag("acceptDataQualityIssues")
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
