/// Collection of used products in one fiscal year, by product type and in total (docs/circularity.md):
/// recycling rate = (reused + parts reused + material recycled + thermal recycled) / collected;
/// resource-reuse rate = (parts reused + material recycled) / collected.
public struct CollectionReport: Sendable, Equatable {
    public struct Figures: Sendable, Equatable {
        /// Millionths of a tonne (`MicroUnits`): sums stay exact.
        var collected: Int64 = 0, reused: Int64 = 0, partsReused: Int64 = 0, materialRecycled: Int64 = 0
        var thermalRecycled: Int64 = 0, disposed: Int64 = 0
        public init() {}

        public var collectedT: Double { MicroUnits.value(collected) }
        public var reusedT: Double { MicroUnits.value(reused) }
        public var partsReusedT: Double { MicroUnits.value(partsReused) }
        public var materialRecycledT: Double { MicroUnits.value(materialRecycled) }
        public var thermalRecycledT: Double { MicroUnits.value(thermalRecycled) }
        public var disposedT: Double { MicroUnits.value(disposed) }
        public var recycledT: Double { MicroUnits.value(reused + partsReused + materialRecycled + thermalRecycled) }
        public var recyclingRate: Double? { WasteReport.Figures.rate(recycledT, collectedT) }
        public var resourceReuseRate: Double? { WasteReport.Figures.rate(MicroUnits.value(partsReused + materialRecycled), collectedT) }

        mutating func add(_ r: CollectionRecord) {
            collected += MicroUnits.units(r.collectedT); reused += MicroUnits.units(r.reusedT)
            partsReused += MicroUnits.units(r.partsReusedT); materialRecycled += MicroUnits.units(r.materialRecycledT)
            thermalRecycled += MicroUnits.units(r.thermalRecycledT); disposed += MicroUnits.units(r.disposedT)
        }

        mutating func add(_ f: Figures) {
            collected += f.collected; reused += f.reused; partsReused += f.partsReused
            materialRecycled += f.materialRecycled; thermalRecycled += f.thermalRecycled; disposed += f.disposed
        }
    }

    public var fiscalYear: Int
    public var byProductType: [String: Figures] = [:]

    public init(fiscalYear: Int, rows: some Sequence<CollectionRecord>) {
        self.fiscalYear = fiscalYear
        for r in rows where r.fiscalYear == fiscalYear { byProductType[r.productType, default: Figures()].add(r) }
    }

    public var total: Figures {
        var t = Figures()
        for f in byProductType.values { t.add(f) }
        return t
    }

    public var isEmpty: Bool { byProductType.isEmpty }
}
