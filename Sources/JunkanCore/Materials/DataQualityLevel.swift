/// The DIN SPEC 91446:2021 data-quality level (DQL 1–4) of a recyclate lot: how deep its description goes, computed
/// from what the lot states and what was measured on the lot itself (values inherited from the grade's data sheet
/// do not count), never typed in. Each level needs everything the one below needs (docs/materials.md):
///
/// - DQL 1 — description: polymer, origin PCR/PIR, form, colour, mass available, location.
/// - DQL 2 — processing basics measured: melt flow (MFR or MVR), density, ash content, moisture or volatiles.
/// - DQL 3 — mechanical profile measured (tensile modulus, yield or tensile strength, elongation at break, an impact
///   strength) and the source stream, contaminants and filtration stated.
/// - DQL 4 — full: a heat resistance (HDT or Vicat) and odour measured, substances of concern declared, and the lot's
///   origin verifiable (traced in the trace graph, or a chain-of-custody model with a certificate).
public struct DataQualityLevel: Sendable, Equatable {
    /// 0 when even DQL 1 is not met.
    public var level: Int
    /// What the lot lacks for the next level (empty at 4).
    public var missingForNext: [String]

    public static func of(_ lot: MaterialLot, grade: Grade, traced: Bool) -> DataQualityLevel? {
        guard let r = lot.recycled, grade.kind.isRecycled else { return nil }
        let measured = Set(lot.properties.map(\.property))
        func lacks(_ anyOf: [String]) -> String? { anyOf.contains(where: measured.contains) ? nil : anyOf.joined(separator: " or ") + " measured" }
        let tiers: [[String?]] = [
            [r.form == nil ? "form" : nil, r.colour == nil ? "colour" : nil],
            [lacks(["MFR", "MVR"]), lacks(["density"]), lacks(["ashContent"]), lacks(["moistureContent", "volatileContent"])],
            [
                lacks(["tensileModulus"]), lacks(["yieldStress", "tensileStrength"]), lacks(["elongationAtBreak"]),
                lacks(["charpyNotched", "charpyUnnotched", "izodNotched"]), r.sourceStream == nil ? "sourceStream" : nil,
                r.contaminants == nil ? "contaminants" : nil, r.filtrationMicron == nil ? "filtrationMicron" : nil
            ],
            [
                lacks(["HDT", "vicat"]), lacks(["odour"]),
                lot.substancesOfConcern == nil && grade.substancesOfConcern.isEmpty ? "substancesOfConcern declared" : nil,
                traced || (lot.chainOfCustody != nil && !lot.certificates.isEmpty) ? nil : "traced, or a chain-of-custody model with a certificate"
            ]
        ]
        for (i, tier) in tiers.enumerated() {
            let missing = tier.compactMap { $0 }
            if !missing.isEmpty { return DataQualityLevel(level: i, missingForNext: missing) }
        }
        return DataQualityLevel(level: 4, missingForNext: [])
    }
}
