/// The geography of a CarbonFootprint (PACT v3 §CarbonFootprint): at most one of region, country or country
/// subdivision; none means global.
public enum PactGeography: Sendable, Equatable {
    case region(String)
    case country(String)
    case subdivision(String)

    /// The UN M49 names the v3 schema enumerates for `geographyRegionOrSubregion`.
    public static let regions: Set<String> = [
        "Africa", "Americas", "Asia", "Europe", "Oceania", "Australia and New Zealand", "Central Asia", "Eastern Asia",
        "Eastern Europe", "Latin America and the Caribbean", "Melanesia", "Micronesia", "Northern Africa", "Northern America",
        "Northern Europe", "Polynesia", "South-eastern Asia", "Southern Asia", "Southern Europe", "Sub-Saharan Africa",
        "Western Asia", "Western Europe"
    ]

    /// A region name, an ISO 3166-1 alpha-2 code or an ISO 3166-2 subdivision code (`JP-13`), told apart by form.
    public init(parsing text: String) throws(PactInputError) {
        if Self.regions.contains(text) {
            self = .region(text)
        } else if text.count == 2, CountryCodes.alpha2.contains(text) {
            self = .country(text)
        } else if let dash = text.firstIndex(of: "-"), text.distance(from: text.startIndex, to: dash) == 2,
            CountryCodes.alpha2.contains(String(text[..<dash]))
        {
            let local = text[text.index(after: dash)...]
            guard (1...3).contains(local.count), local.allSatisfy({ $0.isASCIIDigit || ($0 >= "A" && $0 <= "Z") }) else {
                throw PactInputError("", "\"\(text)\" is not an ISO 3166-2 subdivision code (CC-XXX: 1 to 3 capital letters or digits)")
            }
            self = .subdivision(text)
        } else {
            throw PactInputError(
                "",
                "\"\(text)\" is neither an ISO 3166-1 alpha-2 country code, an ISO 3166-2 subdivision code nor a "
                    + "UN M49 region name the PACT schema lists")
        }
    }

    /// The CarbonFootprint member that carries it.
    public var member: (key: String, value: String) {
        switch self {
        case .region(let r): ("geographyRegionOrSubregion", r)
        case .country(let c): ("geographyCountry", c)
        case .subdivision(let s): ("geographyCountrySubdivision", s)
        }
    }
}
