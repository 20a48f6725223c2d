/// A target against the records (docs/circularity.md): the indicator's value in the base year and in the report's
/// year, the actual change, and whether it meets the target. Waste totals and plastic waste are reductions (met when
/// the change is at or below the target %); the recycling rate is a rise, measured in percentage points (met when at
/// or above). `per_sales` divides by net sales of the same scope and year.
public struct TargetEvaluation: Sendable, Equatable {
    public var target: TargetRecord
    public var fiscalYear: Int
    public var baseValue: Double?
    public var actualValue: Double?
    /// nil when a value is missing (`missing` says which) or the base is 0.
    public var actualChangePct: Double?
    public var met: Bool?
    public var missing: [String]

    public init(target: TargetRecord, fiscalYear: Int, waste: [Int: WasteReport], plasticWaste: [PlasticWasteRecord], sales: [SalesRecord]) {
        self.target = target
        self.fiscalYear = fiscalYear
        var missing: [String] = []
        func value(_ year: Int) -> Double? {
            let raw: Double?
            switch target.indicator {
            case .wasteTotal, .wasteRecyclingRate:
                guard let report = waste[year] else {
                    missing.append("waste.csv has no rows for fiscal year \(year)")
                    return nil
                }
                let figures =
                    switch target.scope {
                    case "domestic": report.domestic
                    case "overseas": report[.overseas]
                    default: report.all
                    }
                raw = target.indicator == .wasteTotal ? figures.totalT : figures.recyclingRate
                if raw == nil { missing.append("no \(target.scope) waste in fiscal year \(year)") }
            case .plasticWaste:
                let rows = plasticWaste.filter { $0.fiscalYear == year && $0.scope == target.scope }
                raw = rows.isEmpty ? nil : MicroUnits.value(rows.reduce(0) { $0 + MicroUnits.units($1.massT) })
                if raw == nil { missing.append("plastic_waste.csv has no row for \(target.scope) in fiscal year \(year)") }
            }
            guard let raw, target.basis == .perSales else { return raw }
            guard let s = sales.first(where: { $0.fiscalYear == year && $0.scope == target.scope }) else {
                missing.append("sales.csv has no row for \(target.scope) in fiscal year \(year)")
                return nil
            }
            return raw / s.netSalesMillionJPY
        }
        baseValue = value(target.baseYear)
        actualValue = value(fiscalYear)
        self.missing = missing
        if let b = baseValue, let a = actualValue {
            if target.indicator == .wasteRecyclingRate {
                actualChangePct = (a - b) * 100
            } else if b > 0 {
                actualChangePct = (a / b - 1) * 100
            }
        }
        met = actualChangePct.map { target.indicator == .wasteRecyclingRate ? $0 >= target.targetChangePct : $0 <= target.targetChangePct }
    }
}
