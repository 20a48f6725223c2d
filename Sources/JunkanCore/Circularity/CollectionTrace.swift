/// Which months make a fiscal year: `startMonth` 4 (the default, Japan's April–March year) puts April 2023 to March
/// 2024 in fiscal year 2023; 1 is the calendar year.
public struct FiscalCalendar: Sendable, Equatable {
    public var startMonth: Int
    public init(startMonth: Int = 4) { self.startMonth = startMonth }

    public func fiscalYear(year: Int, month: Int) -> Int { month >= startMonth ? year : year - 1 }

    /// The fiscal years records and requests may name.
    public static let years = 1900...2999

    /// A fiscal year as written in a file or a query: four digits within `years`.
    public static func year(_ text: String) -> Int? {
        guard text.utf8.count == 4, let y = Int(text), years.contains(y) else { return nil }
        return y
    }
}

public enum CollectionTrace {
    public static let unspecifiedProductType = "unspecified"

    /// What the trace says a product type contributed per fiscal year, as collection rows; and the events that could
    /// not be counted in full (no product type, no mass).
    public static func rows(
        _ facts: some Sequence<CollectionFact>, calendar: FiscalCalendar
    )
        -> (rows: [CollectionRecord], issues: [String])
    {
        // Grams (millionths of a tonne, as `MicroUnits`) per fiscal year and product type, by outcome: exact sums.
        var grams: [[String]: [CollectionFact.Outcome: Int64]] = [:]
        var issues: [String] = []
        for f in facts {
            let year = calendar.fiscalYear(year: f.localYear, month: f.localMonth)
            let type = f.productType ?? unspecifiedProductType
            if f.productType == nil { issues.append("event \(f.eventID) (\(f.outcome.rawValue)) names no junkan:productType: counted as \(type)") }
            guard let kg = f.massKg else {
                issues.append("event \(f.eventID) (\(f.outcome.rawValue)) has no quantity in KGM, TNE or GRM: its mass is not counted")
                continue
            }
            grams[[String(year), type], default: [:]][f.outcome, default: 0] += Int64((kg * 1000).rounded())
        }
        let rows = grams.map { key, g in
            func t(_ o: CollectionFact.Outcome) -> Double { MicroUnits.value(g[o] ?? 0) }
            return CollectionRecord(
                fiscalYear: Int(key[0])!, productType: key[1], collectedT: t(.collected), reusedT: t(.reuse),
                partsReusedT: t(.partsReuse), materialRecycledT: t(.materialRecycling),
                thermalRecycledT: t(.thermalRecycling), disposedT: t(.disposal))
        }
        return (rows.sorted { ($0.fiscalYear, $0.productType) < ($1.fiscalYear, $1.productType) }, issues)
    }
}
