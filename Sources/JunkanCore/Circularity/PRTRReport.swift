/// One fiscal year's PRTR figures: per substance (by CAS number) and in total, in kg; rows whose outputs miss the
/// handled amount by more than 1% are listed, not dropped.
public struct PRTRReport: Sendable, Equatable {
    public struct Figures: Sendable, Equatable {
        /// Milligrams (`MicroUnits` of a kilogram): sums stay exact.
        var handled: Int64 = 0, consumed: Int64 = 0, recycled: Int64 = 0, emittedAir: Int64 = 0, emittedWater: Int64 = 0
        var transferredWaste: Int64 = 0, treated: Int64 = 0
        public init() {}

        public var handledKg: Double { MicroUnits.value(handled) }
        public var consumedKg: Double { MicroUnits.value(consumed) }
        public var recycledKg: Double { MicroUnits.value(recycled) }
        public var emittedAirKg: Double { MicroUnits.value(emittedAir) }
        public var emittedWaterKg: Double { MicroUnits.value(emittedWater) }
        public var transferredWasteKg: Double { MicroUnits.value(transferredWaste) }
        public var treatedKg: Double { MicroUnits.value(treated) }

        mutating func add(_ r: PRTRRecord) {
            handled += MicroUnits.units(r.handledKg); consumed += MicroUnits.units(r.consumedKg); recycled += MicroUnits.units(r.recycledKg)
            emittedAir += MicroUnits.units(r.emittedAirKg); emittedWater += MicroUnits.units(r.emittedWaterKg)
            transferredWaste += MicroUnits.units(r.transferredWasteKg); treated += MicroUnits.units(r.treatedKg)
        }
    }

    public struct Substance: Sendable, Equatable {
        public var cas: String
        public var name: String
        public var figures: Figures
    }

    public var fiscalYear: Int
    /// Ordered by CAS number.
    public var substances: [Substance]
    public var total: Figures
    public var unbalanced: [PRTRRecord]

    public init(fiscalYear: Int, rows: some Sequence<PRTRRecord>) {
        self.fiscalYear = fiscalYear
        var byCAS: [String: Substance] = [:]
        var total = Figures()
        var unbalanced: [PRTRRecord] = []
        for r in rows where r.fiscalYear == fiscalYear {
            byCAS[r.cas, default: Substance(cas: r.cas, name: r.substance, figures: Figures())].figures.add(r)
            total.add(r)
            if r.isUnbalanced { unbalanced.append(r) }
        }
        substances = byCAS.values.sorted { $0.cas < $1.cas }
        self.total = total
        self.unbalanced = unbalanced.sorted { ($0.site, $0.cas) < ($1.site, $1.cas) }
    }
}
