/// One fiscal year's waste figures (docs/circularity.md). Overseas rows form their own category whatever their
/// category column says; recycled = reuse + material recycling + thermal recycling. Values are unrounded.
public struct WasteReport: Sendable, Equatable {
    /// The four categories a data book reports: the three domestic ones, and everything overseas.
    public enum Category: String, Sendable, CaseIterable {
        case general, industrial
        case speciallyControlledIndustrial = "specially_controlled_industrial"
        case overseas

        public init(region: WasteRegion, category: WasteCategory) {
            switch (region, category) {
            case (.overseas, _): self = .overseas
            case (.domestic, .general): self = .general
            case (.domestic, .industrial): self = .industrial
            case (.domestic, .speciallyControlledIndustrial): self = .speciallyControlledIndustrial
            }
        }
    }

    /// Tonnes by treatment, for one category or for all.
    public struct Figures: Sendable, Equatable {
        /// Millionths of a tonne (`MicroUnits`): sums stay exact.
        var micro: [WasteTreatment: Int64] = [:]
        public init() {}

        public subscript(t: WasteTreatment) -> Double { MicroUnits.value(micro[t] ?? 0) }
        public var totalT: Double { MicroUnits.value(micro.values.reduce(0, +)) }
        public var recycledT: Double {
            MicroUnits.value(WasteTreatment.allCases.filter(\.isRecycling).reduce(0) { $0 + (micro[$1] ?? 0) })
        }
        public var materialRecycledT: Double { self[.materialRecycling] }
        public var thermalRecycledT: Double { self[.thermalRecycling] }
        public var landfillT: Double { self[.landfill] }
        public var recyclingRate: Double? { Self.rate(recycledT, totalT) }
        public var materialRecyclingRate: Double? { Self.rate(materialRecycledT, totalT) }
        public var thermalRecyclingRate: Double? { Self.rate(thermalRecycledT, totalT) }
        public var landfillRate: Double? { Self.rate(landfillT, totalT) }

        /// A share of nothing is no number, not 0%.
        static func rate(_ part: Double, _ whole: Double) -> Double? { whole > 0 ? part / whole : nil }

        mutating func add(_ t: WasteTreatment, micro m: Int64) { micro[t, default: 0] += m }
    }

    public var fiscalYear: Int
    public var byCategory: [Category: Figures] = [:]
    var subcategoryMicro: [String: Int64] = [:]
    /// Tonnes by subcategory, all categories together.
    public var bySubcategory: [String: Double] { subcategoryMicro.mapValues(MicroUnits.value) }

    public init(fiscalYear: Int) { self.fiscalYear = fiscalYear }

    /// The report of `fiscalYear` from the rows (of any years: others are skipped).
    public init(fiscalYear: Int, rows: some Sequence<WasteRecord>) {
        self.fiscalYear = fiscalYear
        for r in rows where r.fiscalYear == fiscalYear { add(r) }
    }

    public mutating func add(_ r: WasteRecord) {
        let m = MicroUnits.units(r.massT)
        byCategory[Category(region: r.region, category: r.category), default: Figures()].add(r.treatment, micro: m)
        subcategoryMicro[r.subcategory, default: 0] += m
    }

    public subscript(c: Category) -> Figures { byCategory[c] ?? Figures() }

    /// Every category together.
    public var all: Figures { sum { _ in true } }

    /// The three domestic categories together (what a target of scope `domestic` measures).
    public var domestic: Figures { sum { $0 != .overseas } }

    private func sum(_ included: (Category) -> Bool) -> Figures {
        var f = Figures()
        for (c, figures) in byCategory where included(c) { for (t, m) in figures.micro { f.add(t, micro: m) } }
        return f
    }

    public var isEmpty: Bool { byCategory.isEmpty }

    /// One report per fiscal year that has rows.
    public static func byYear(_ rows: some Sequence<WasteRecord>) -> [Int: WasteReport] {
        var reports: [Int: WasteReport] = [:]
        for r in rows { reports[r.fiscalYear, default: WasteReport(fiscalYear: r.fiscalYear)].add(r) }
        return reports
    }
}
