/// A buyer's limit on a substance in what it buys ("PBDE ≤ 500 mg/kg", "lead ≤ 0.1 %"), for recyclates that may carry
/// legacy substances. Concentrations mix by mass, so in a blend it is one linear row, Σ wᵢ cᵢ ≤ max; a lot with no
/// measured or declared concentration of it cannot be shown to meet it and takes no part.
public struct SubstanceLimit: Sendable, Equatable {
    public var name: String
    /// The CAS numbers it counts: one, or a group's members (their concentrations summed).
    public var cas: [String]
    /// The most allowed, as a mass fraction.
    public var maxFraction: Double
    /// How the buyer wrote it: in mg/kg or in percent.
    public var inMgPerKg: Bool

    public init(name: String, cas: [String], maxFraction: Double, inMgPerKg: Bool = false) {
        self.name = name
        self.cas = cas
        self.maxFraction = maxFraction
        self.inMgPerKg = inMgPerKg
    }

    /// "decaBDE ≤ 500 mg/kg", "lead ≤ 0.1 %".
    public var label: String { "\(name) ≤ " + amount(maxFraction) }

    /// A concentration in the limit's own unit.
    public func amount(_ fraction: Double) -> String {
        inMgPerKg ? JSONNumber((fraction * 1e6 * 1000).rounded() / 1000).literal + " mg/kg" : JSONNumber((fraction * 1e8).rounded() / 1e6).literal + " %"
    }

    static func decode(_ json: JSONValue) throws(MaterialError) -> SubstanceLimit {
        guard let o = json.objectValue else { throw MaterialError("", "a substance limit is an object, found \(json.typeName)") }
        try MaterialJSON.allowOnly(["name", "cas", "maxPercent", "maxMgPerKg"], in: o)
        var cas: [String] = []
        switch o["cas"] {
        case .string(let s)?: cas = [s]
        case .array(let items)?:
            for (i, v) in items.enumerated() {
                guard let s = v.stringValue else { throw MaterialError("/cas/\(i)", "a CAS number is a string") }
                cas.append(s)
            }
        case nil: throw MaterialError("/cas", "cas is required: the CAS number, or an array of a group's members")
        default: throw MaterialError("/cas", "cas is a string or an array of strings")
        }
        guard !cas.isEmpty else { throw MaterialError("/cas", "cas names at least one CAS number") }
        for (i, c) in cas.enumerated() where !CASNumber.isValid(c) {
            throw MaterialError(o["cas"]?.arrayValue == nil ? "/cas" : "/cas/\(i)", "\"\(c)\" is not a CAS registry number with a correct check digit")
        }
        let percent = try MaterialJSON.optionalNumber(o, "maxPercent", in: 0...100)
        let mgPerKg = try MaterialJSON.optionalNumber(o, "maxMgPerKg", in: 0...1e6)
        guard (percent == nil) != (mgPerKg == nil) else { throw MaterialError("", "give maxPercent or maxMgPerKg, one of them") }
        return SubstanceLimit(
            name: try MaterialJSON.optionalString(o, "name") ?? cas.joined(separator: "+"), cas: cas,
            maxFraction: percent.map { $0 / 100 } ?? mgPerKg! / 1e6, inMgPerKg: mgPerKg != nil)
    }

    var json: JSONValue {
        var o = JSONObject([("name", .string(name)), ("cas", cas.count == 1 ? .string(cas[0]) : .array(cas.map { .string($0) }))])
        if inMgPerKg { o["maxMgPerKg"] = MaterialJSON.number(maxFraction * 1e6) } else { o["maxPercent"] = MaterialJSON.number(maxFraction * 100) }
        return .object(o)
    }
}
