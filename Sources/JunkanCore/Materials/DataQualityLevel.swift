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
        of(Facts(lot), grade: grade, traced: traced)
    }

    public static func of(_ facts: Facts, grade: Grade, traced: Bool) -> DataQualityLevel? {
        of(facts, kind: grade.kind, gradeDeclaresSubstances: !grade.substancesOfConcern.isEmpty, traced: traced)
    }

    /// The level from what the lot states (`Facts`), what its grade is and declares, and whether the trace holds it.
    public static func of(_ facts: Facts, kind: MaterialKind, gradeDeclaresSubstances: Bool, traced: Bool) -> DataQualityLevel? {
        guard facts.recycled, kind.isRecycled else { return nil }
        func lacks(_ anyOf: [String]) -> String? { anyOf.contains(where: facts.measured) ? nil : anyOf.joined(separator: " or ") + " measured" }
        let tiers: [[String?]] = [
            [facts.form ? nil : "form", facts.colour ? nil : "colour"],
            [lacks(["MFR", "MVR"]), lacks(["density"]), lacks(["ashContent"]), lacks(["moistureContent", "volatileContent"])],
            [
                lacks(["tensileModulus"]), lacks(["yieldStress", "tensileStrength"]), lacks(["elongationAtBreak"]),
                lacks(["charpyNotched", "charpyUnnotched", "izodNotched"]), facts.sourceStream ? nil : "sourceStream",
                facts.contaminants ? nil : "contaminants", facts.filtration ? nil : "filtrationMicron"
            ],
            [
                lacks(["HDT", "vicat"]), lacks(["odour"]),
                !facts.substancesDeclared && !gradeDeclaresSubstances ? "substancesOfConcern declared" : nil,
                traced || facts.custodyWithCertificate ? nil : "traced, or a chain-of-custody model with a certificate"
            ]
        ]
        for (i, tier) in tiers.enumerated() {
            let missing = tier.compactMap { $0 }
            if !missing.isEmpty { return DataQualityLevel(level: i, missingForNext: missing) }
        }
        return DataQualityLevel(level: 4, missingForNext: [])
    }

    /// What a lot states that its level depends on, as bits: a lot's profile keeps these instead of the lot, so the
    /// level can be worked out again when its grade changes or the trace takes it in (`LotProfile`).
    public struct Facts: Sendable, Equatable {
        /// The properties the levels ask about, in the order of `measuredBits`.
        static let properties = [
            "MFR", "MVR", "density", "ashContent", "moistureContent", "volatileContent", "tensileModulus", "yieldStress",
            "tensileStrength", "elongationAtBreak", "charpyNotched", "charpyUnnotched", "izodNotched", "HDT", "vicat", "odour"
        ]
        var measuredBits: UInt16 = 0
        var recycled = false, form = false, colour = false, sourceStream = false, contaminants = false, filtration = false
        var substancesDeclared = false, custodyWithCertificate = false

        public init(_ lot: MaterialLot) {
            for v in lot.properties {
                if let i = Self.properties.firstIndex(of: v.property) { measuredBits |= 1 << i }
            }
            if let r = lot.recycled {
                recycled = true
                form = r.form != nil; colour = r.colour != nil; sourceStream = r.sourceStream != nil
                contaminants = r.contaminants != nil; filtration = r.filtrationMicron != nil
            }
            substancesDeclared = lot.substancesOfConcern != nil
            custodyWithCertificate = lot.chainOfCustody != nil && !lot.certificates.isEmpty
        }

        /// Whether the lot itself measured `property`.
        func measured(_ property: String) -> Bool {
            Self.properties.firstIndex(of: property).map { measuredBits & (1 << $0) != 0 } ?? false
        }
    }
}
