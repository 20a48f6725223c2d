/// The records a circularity report is computed from, one type per import file (docs/circularity.md). Masses are in
/// tonnes except PRTR amounts, which are in kilograms as PRTR reports them.

public enum WasteRegion: String, Sendable, CaseIterable { case domestic, overseas }

public enum WasteCategory: String, Sendable, CaseIterable {
    case general, industrial
    case speciallyControlledIndustrial = "specially_controlled_industrial"
}

public enum WasteTreatment: String, Sendable, CaseIterable {
    case reuse
    case materialRecycling = "material_recycling"
    case thermalRecycling = "thermal_recycling"
    case incineration, landfill
    case otherDisposal = "other_disposal"

    /// Reuse and material and thermal recycling count as recycled.
    public var isRecycling: Bool { self == .reuse || self == .materialRecycling || self == .thermalRecycling }
}

public struct WasteRecord: Sendable, Equatable {
    public var fiscalYear: Int
    public var site: String
    public var region: WasteRegion
    public var category: WasteCategory
    public var subcategory: String
    public var treatment: WasteTreatment
    public var massT: Double

    public init(
        fiscalYear: Int, site: String, region: WasteRegion, category: WasteCategory, subcategory: String,
        treatment: WasteTreatment, massT: Double
    ) {
        self.fiscalYear = fiscalYear; self.site = site; self.region = region; self.category = category
        self.subcategory = subcategory; self.treatment = treatment; self.massT = massT
    }
}

public struct CollectionRecord: Sendable, Equatable {
    public var fiscalYear: Int
    public var productType: String
    public var collectedT: Double
    public var reusedT: Double
    public var partsReusedT: Double
    public var materialRecycledT: Double
    public var thermalRecycledT: Double
    public var disposedT: Double

    public init(
        fiscalYear: Int, productType: String, collectedT: Double, reusedT: Double = 0, partsReusedT: Double = 0,
        materialRecycledT: Double = 0, thermalRecycledT: Double = 0, disposedT: Double = 0
    ) {
        self.fiscalYear = fiscalYear; self.productType = productType; self.collectedT = collectedT; self.reusedT = reusedT
        self.partsReusedT = partsReusedT; self.materialRecycledT = materialRecycledT; self.thermalRecycledT = thermalRecycledT
        self.disposedT = disposedT
    }

    public var outputsT: Double {
        MicroUnits.value([reusedT, partsReusedT, materialRecycledT, thermalRecycledT, disposedT].reduce(0) { $0 + MicroUnits.units($1) })
    }
}

public struct PlasticWasteRecord: Sendable, Equatable {
    public var fiscalYear: Int
    public var scope: String
    public var massT: Double
    public init(fiscalYear: Int, scope: String, massT: Double) { self.fiscalYear = fiscalYear; self.scope = scope; self.massT = massT }
}

public struct SalesRecord: Sendable, Equatable {
    public var fiscalYear: Int
    public var scope: String
    public var netSalesMillionJPY: Double
    public init(fiscalYear: Int, scope: String, netSalesMillionJPY: Double) {
        self.fiscalYear = fiscalYear; self.scope = scope; self.netSalesMillionJPY = netSalesMillionJPY
    }
}

public struct TargetRecord: Sendable, Equatable {
    public enum Indicator: String, Sendable, CaseIterable {
        case wasteTotal = "waste_total"
        case plasticWaste = "plastic_waste"
        case wasteRecyclingRate = "waste_recycling_rate"
    }
    public enum Basis: String, Sendable, CaseIterable {
        case absolute
        case perSales = "per_sales"
    }

    public var indicator: Indicator
    public var scope: String
    public var baseYear: Int
    public var targetYear: Int
    public var targetChangePct: Double
    public var basis: Basis

    public init(indicator: Indicator, scope: String, baseYear: Int, targetYear: Int, targetChangePct: Double, basis: Basis) {
        self.indicator = indicator; self.scope = scope; self.baseYear = baseYear; self.targetYear = targetYear
        self.targetChangePct = targetChangePct; self.basis = basis
    }
}

public struct PRTRRecord: Sendable, Equatable {
    public var fiscalYear: Int
    public var site: String
    public var substance: String
    public var cas: String
    public var handledKg: Double
    public var consumedKg: Double
    public var recycledKg: Double
    public var emittedAirKg: Double
    public var emittedWaterKg: Double
    public var transferredWasteKg: Double
    public var treatedKg: Double

    public init(
        fiscalYear: Int, site: String, substance: String, cas: String, handledKg: Double, consumedKg: Double = 0,
        recycledKg: Double = 0, emittedAirKg: Double = 0, emittedWaterKg: Double = 0, transferredWasteKg: Double = 0,
        treatedKg: Double = 0
    ) {
        self.fiscalYear = fiscalYear; self.site = site; self.substance = substance; self.cas = cas; self.handledKg = handledKg
        self.consumedKg = consumedKg; self.recycledKg = recycledKg; self.emittedAirKg = emittedAirKg
        self.emittedWaterKg = emittedWaterKg; self.transferredWasteKg = transferredWasteKg; self.treatedKg = treatedKg
    }

    /// Where the handled amount went: consumed in products, recycled, emitted, transferred as waste, treated on site.
    public var outputsKg: Double {
        MicroUnits.value([consumedKg, recycledKg, emittedAirKg, emittedWaterKg, transferredWasteKg, treatedKg].reduce(0) { $0 + MicroUnits.units($1) })
    }

    /// The outputs miss `handledKg` by more than 1% of it: the row is kept, and the report flags it.
    public var isUnbalanced: Bool { abs(MicroUnits.units(outputsKg) - MicroUnits.units(handledKg)) * 100 > MicroUnits.units(handledKg) }
}

/// What one import file holds (only the array of its kind is filled), or everything a store holds.
public struct CircularityRecords: Sendable, Equatable {
    public var waste: [WasteRecord] = []
    public var collection: [CollectionRecord] = []
    public var plasticWaste: [PlasticWasteRecord] = []
    public var sales: [SalesRecord] = []
    public var targets: [TargetRecord] = []
    public var prtr: [PRTRRecord] = []

    public init(
        waste: [WasteRecord] = [], collection: [CollectionRecord] = [], plasticWaste: [PlasticWasteRecord] = [],
        sales: [SalesRecord] = [], targets: [TargetRecord] = [], prtr: [PRTRRecord] = []
    ) {
        self.waste = waste; self.collection = collection; self.plasticWaste = plasticWaste; self.sales = sales
        self.targets = targets; self.prtr = prtr
    }

    /// The fiscal years the rows of `file` cover (what an import of that file replaces); empty for targets.
    public func fiscalYears(of file: CircularityFile) -> Set<Int> {
        switch file {
        case .waste: Set(waste.map(\.fiscalYear))
        case .collection: Set(collection.map(\.fiscalYear))
        case .plasticWaste: Set(plasticWaste.map(\.fiscalYear))
        case .sales: Set(sales.map(\.fiscalYear))
        case .prtr: Set(prtr.map(\.fiscalYear))
        case .targets: []
        }
    }

    public func count(of file: CircularityFile) -> Int {
        switch file {
        case .waste: waste.count
        case .collection: collection.count
        case .plasticWaste: plasticWaste.count
        case .sales: sales.count
        case .targets: targets.count
        case .prtr: prtr.count
        }
    }
}
