import JunkanCore
import JunkanTestSupport
import Testing

@Suite struct SubstanceRollUpTests {
    typealias F = SubstanceFixtures

    /// Each number of the notebook (see `SubstanceFixtures`) as worked by hand.
    /// A lot's or item's product class, read from its canonical Digital Link (without a parse) or any other spelling.
    @Test func theProductClassOfALotOrItem() {
        #expect(SubstanceSources.productClass(of: "https://id.gs1.org/01/04912345000019/21/N1") == "https://id.gs1.org/01/04912345000019")
        #expect(SubstanceSources.productClass(of: "https://id.gs1.org/01/04912345000019/10/L%2F1") == "https://id.gs1.org/01/04912345000019")
        #expect(SubstanceSources.productClass(of: "https://id.gs1.org/01/04912345000019") == nil)
        #expect(SubstanceSources.productClass(of: "https://id.gs1.org/00/049123450000000019") == nil)
        #expect(SubstanceSources.productClass(of: "https://id.gs1.org/01/0491234500001/21/N1") == nil)
        #expect(SubstanceSources.productClass(of: "urn:example:not-gs1") == nil)
    }

    @Test func theNotebooksSubstancesAreItsPartsAndLotsByMass() throws {
        let notebook = SubstanceRollUp.article(F.notebook, in: F.sources)
        #expect(notebook.unknown == nil)
        #expect(abs(notebook.massKg! - 1.55) < 1e-12)  // 1 + 0.5 + 0.05
        #expect(notebook.articles.map(\.path) == [F.housing, F.keyboard, F.screws])

        let housing = notebook.articles[0]
        #expect(housing.materials.count == 1)  // a blend is one material
        let blend = housing.materials[0]
        #expect(blend.massKg == 1)
        let deca = try #require(blend.substances.first { $0.cas == F.decaBDE })
        #expect(abs(deca.fraction! - 0.0004) < 1e-15)  // 0.2 kg of 1 kg at 0.2 %
        #expect(abs(deca.massKg! - 0.0004) < 1e-15)  // 0.4 g
        // Where it comes from: the recycled lot's declaration, through that lot, a fifth of the blend, measured by XRF.
        #expect(
            deca.sources == [
                SubstanceOrigin(declaration: F.recycled, part: F.recycled, material: "rPC/ABS", viaLot: F.recycled, share: 0.2, measurement: "XRF, LOD 0.001 %")
            ])

        let board = try #require(notebook.articles[1].materials.first { $0.name == "circuit board" })
        #expect(abs(board.substances[0].fraction! - 0.002) < 1e-15)  // 0.4 g in 200 g
        let brass = notebook.articles[2].materials[0]
        #expect(abs(brass.substances[0].massKg! - 0.0015) < 1e-15)  // 3 % of 50 g
    }

    /// A part with no declaration and no traced making is unknown, never empty: the assembly says which.
    @Test func aPartWithNoDeclarationIsUnknown() {
        var sources = F.sources
        sources.makings[F.notebook]!.inputs.append(.init(identifier: F.cable, massKg: 0.1))
        let notebook = SubstanceRollUp.article(F.notebook, in: sources)
        let cable = notebook.articles[3]
        #expect(cable.unknown == "no declaration names \(F.cable), and no traced step made it")
        #expect(cable.massKg == 0.1)  // the mass the assembly put in
        #expect(abs(notebook.massKg! - 1.65) < 1e-12)
    }

    /// A blend with an input of no declaration carries that as its material's unknown.
    @Test func aBlendOfAnUndeclaredLotIsUnknown() {
        var sources = F.sources
        sources.declarations[F.recycled] = nil
        let housing = SubstanceRollUp.article(F.housing, in: sources)
        #expect(housing.materials[0].unknown == "\(F.recycled): no declaration names \(F.recycled), and no traced step made it")
    }

    /// A lot of a recycling loop made (in the end) from itself is not followed round for ever.
    @Test func aLoopInTheTraceEnds() {
        let sources = SubstanceSources(makings: [
            F.housing: .init(kind: .blend, inputs: [.init(identifier: F.recycled, massKg: 1)]),
            F.recycled: .init(kind: .blend, inputs: [.init(identifier: F.housing, massKg: 1)])
        ])
        let housing = SubstanceRollUp.article(F.housing, in: sources)
        #expect(housing.materials[0].unknown?.contains("loops back") == true)
    }
}

@Suite struct LotDeclarationTests {
    /// A bank lot measured for lead alone keeps its grade's declared decaBDE, as matching reads it (`LotProfile`).
    @Test func aLotsMeasurementsJoinItsGradesOtherDeclarations() throws {
        var grade = try Grade.decode(MaterialSamples.recycledGrade)
        grade.substancesOfConcern = [
            Substance(name: "decaBDE", cas: "1163-19-5", concentrationPercent: 0.05), Substance(name: "Lead", cas: "7439-92-1", concentrationPercent: 0.5)
        ]
        let lot = try MaterialLot.decode(
            [
                "id": .string(MaterialSamples.lotID("R9")), "grade": "pp-pcr", "massKg": 100, "location": ["lat": 35.6, "lon": 139.7],
                "substancesOfConcern": [["name": "lead", "cas": "7439-92-1", "concentrationPercent": 0.01, "method": "XRF"]]
            ], kind: grade.kind)
        let d = try #require(MaterialDeclaration.of(lot, grade: grade, supplier: "org"))
        let substances = d.product.materials[0].substances
        #expect(substances.map(\.cas) == ["7439-92-1", "1163-19-5"])
        #expect(substances[0].fraction == 0.0001)  // the lot's measurement, not the grade's 0.5 %
        #expect(substances[0].measurement?.method == "XRF")
        #expect(substances[1].fraction == 0.0005)
        grade.substancesOfConcern = []
        var bare = lot
        bare.substancesOfConcern = nil
        #expect(MaterialDeclaration.of(bare, grade: grade, supplier: "org") == nil)
    }
}
