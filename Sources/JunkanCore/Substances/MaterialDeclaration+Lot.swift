/// A materials-bank lot's substances as a declaration of that lot: one material, each substance at the most it can hold
/// (its concentration, or its method's limit of detection when higher), with how it was measured. The lot's own
/// measurements, and its grade's declarations of the substances the lot did not measure — as matching reads them
/// (`LotProfile`), so a lot measured for lead alone still carries its grade's decaBDE; without either, nothing is declared.
extension MaterialDeclaration {
    public static func of(_ lot: MaterialLot, grade: Grade, supplier: String) -> MaterialDeclaration? {
        let own = lot.substancesOfConcern ?? []
        let list = own + grade.substancesOfConcern.filter { g in !own.contains { SubstanceLevel.same($0, g) } }
        guard lot.substancesOfConcern != nil || !list.isEmpty else { return nil }
        let substances = list.map { s in
            DeclaredSubstance(
                name: s.name, cas: s.cas, fraction: s.upperBoundFraction,
                measurement: s.method.map { .init(method: $0, limitOfDetection: s.limitOfDetectionPercent.map { $0 / 100 }) })
        }
        return MaterialDeclaration(
            subject: lot.id, name: grade.name, supplier: supplier,
            product: DeclaredPart(name: "lot", massKg: lot.massKg, materials: [DeclaredMaterial(name: grade.name, massKg: lot.massKg, substances: substances)]))
    }
}
