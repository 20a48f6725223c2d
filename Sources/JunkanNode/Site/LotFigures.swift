import JunkanCore

/// What the site's pages say of a lot from its footprint (the explorer, the dashboards): its recycled share and kg CO2e
/// per kg, unknown rather than zero for a lot made without a mass; and a mass as the pages write it.
struct LotFigures {
    let recycled: Double?
    let perKg: Double?

    init(_ footprint: Footprint?) {
        let f = footprint.flatMap { $0.isOfKnownMass ? $0 : nil }
        recycled = f.map { $0.recycledContent.preConsumer + $0.recycledContent.postConsumer }
        perKg = f.flatMap { $0.kgCO2ePerKg.isFinite ? $0.kgCO2ePerKg : nil }
    }

    func recycledText(_ suffix: String = "", unknown: String = "—") -> String {
        recycled.map { DisplayFormat.percent($0, decimals: 0) + suffix } ?? unknown
    }

    func footprintText(unknown: String = "—") -> String {
        perKg.map { DisplayFormat.number($0, decimals: 2) + " kg CO2e/kg" } ?? unknown
    }

    /// Kilograms, or tonnes from one tonne on (a product's few kilograms are not "0.00 t").
    static func mass(_ kg: Double) -> String {
        abs(kg) >= 1000
            ? DisplayFormat.number(kg / 1000, decimals: abs(kg) < 10000 ? 2 : 1) + " t" : DisplayFormat.number(kg, decimals: abs(kg) < 10 ? 2 : 0) + " kg"
    }
}
