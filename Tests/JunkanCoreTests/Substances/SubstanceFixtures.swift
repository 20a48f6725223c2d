import JunkanCore

/// A notebook of three parts, worked by hand in the tests:
/// - housing H: moulded (a blend) from 0.8 kg of virgin PC/ABS lot V and 0.2 kg of recycled lot R, which an XRF
///   measurement declares at 0.2 % decaBDE: H is 1 kg of one material at 0.2 × 0.2 % = 0.04 % decaBDE (0.4 g);
/// - keyboard K (declared, 0.5 kg): keycaps of ABS 0.3 kg, and a circuit board of 0.2 kg with 0.4 g lead (0.2 % of
///   the board, 0.08 % of the keyboard);
/// - screws S (declared, 0.05 kg of brass with 3 % lead, claiming RoHS exemption III-6(c): 1.5 g lead).
/// The notebook: 1 + 0.5 + 0.05 = 1.55 kg, lead 0.4 + 1.5 = 1.9 g (0.1226 %), decaBDE 0.4 g (0.0258 %).
enum SubstanceFixtures {
    static let notebook = "https://id.gs1.org/01/04912345000019/21/N1"
    static let housing = "https://id.gs1.org/01/04912345000026/10/H1"
    static let virgin = "https://id.gs1.org/01/04912345000033/10/V1"
    static let recycled = "https://id.gs1.org/01/04912345000040/10/R1"
    static let keyboard = "https://id.gs1.org/01/04912345000057"
    static let screws = "https://id.gs1.org/01/04912345000064"
    static let cable = "https://id.gs1.org/01/04912345000071/10/C1"

    static let lead = "7439-92-1"
    static let decaBDE = "1163-19-5"

    static var sources: SubstanceSources {
        SubstanceSources(
            declarations: [
                virgin: MaterialDeclaration(
                    subject: virgin, name: "PC/ABS, virgin", product: DeclaredPart(name: "lot", materials: [DeclaredMaterial(name: "PC/ABS")])),
                recycled: MaterialDeclaration(
                    subject: recycled, name: "PC/ABS, recycled from WEEE",
                    product: DeclaredPart(
                        name: "lot",
                        materials: [
                            DeclaredMaterial(
                                name: "rPC/ABS",
                                substances: [
                                    DeclaredSubstance(
                                        name: "decaBDE", cas: decaBDE, fraction: 0.002, measurement: .init(method: "XRF", limitOfDetection: 0.00001))
                                ])
                        ])),
                keyboard: MaterialDeclaration(
                    subject: keyboard, name: "keyboard",
                    product: DeclaredPart(
                        name: "keyboard", massKg: 0.5,
                        materials: [
                            DeclaredMaterial(name: "ABS keycaps", massKg: 0.3),
                            DeclaredMaterial(name: "circuit board", massKg: 0.2, substances: [DeclaredSubstance(name: "lead", cas: lead, massKg: 0.0004)])
                        ])),
                screws: MaterialDeclaration(
                    subject: screws, name: "screws",
                    product: DeclaredPart(
                        name: "screws", massKg: 0.05,
                        materials: [
                            DeclaredMaterial(
                                name: "brass", massKg: 0.05, substances: [DeclaredSubstance(name: "lead", cas: lead, fraction: 0.03, exemptions: ["III-6(c)"])])
                        ]))
            ],
            makings: [
                housing: .init(kind: .blend, inputs: [.init(identifier: virgin, massKg: 0.8), .init(identifier: recycled, massKg: 0.2)], outputMassKg: 1),
                notebook: .init(
                    kind: .assembly,
                    inputs: [.init(identifier: housing, massKg: 1), .init(identifier: keyboard, massKg: 0.5), .init(identifier: screws, massKg: 0.05)])
            ])
    }

    /// RoHS as its Annex II says for lead, cadmium and PBDE, with exemption III-6(c).
    static let rohs = RestrictedSubstanceList(
        id: "eu-rohs", name: "RoHS", version: "test", date: "2026-11-30", source: "test", legalBasis: "2011/65/EU",
        entries: [
            .init(
                id: "pb", name: "Lead", cas: [lead], threshold: 0.001, level: .homogeneousMaterial,
                exemptions: [.init(id: "III-6(c)", description: "copper alloy up to 4 % lead", maxFraction: 0.04)]),
            .init(id: "cd", name: "Cadmium", cas: ["7440-43-9"], threshold: 0.0001, level: .homogeneousMaterial),
            .init(id: "pbde", name: "PBDE", cas: [decaBDE, "32534-81-9"], threshold: 0.001, level: .homogeneousMaterial)
        ])

    static let svhc = RestrictedSubstanceList(
        id: "reach-svhc", name: "SVHC", version: "test", date: "2026-11-30", source: "test", legalBasis: "REACH", isExcerpt: true,
        entries: [
            .init(id: "lead", name: "Lead", cas: [lead], threshold: 0.001, level: .article, duty: "REACH Art. 33; SCIP"),
            .init(id: "decabde", name: "decaBDE", cas: [decaBDE], threshold: 0.001, level: .article, duty: "REACH Art. 33; SCIP")
        ])
}
