import JunkanCore
import Testing

@Suite struct SubstanceComplianceTests {
    typealias F = SubstanceFixtures

    static func rule(_ report: ComplianceReport, _ id: String) -> RuleResult { report.rules.first { $0.entry.id == id }! }

    /// RoHS reads homogeneous materials: the keyboard's circuit board at 0.2 % lead fails (though the keyboard as an
    /// article holds 0.08 %), the screws' 3 % lead is covered by III-6(c), the housing's 0.04 % decaBDE passes.
    @Test func rohsFailsOnTheBoardAndUsesTheBrassExemption() throws {
        let report = SubstanceCompliance.check(SubstanceRollUp.article(F.notebook, in: F.sources), against: F.rohs, on: "2026-12-01")
        #expect(report.status == .fail)
        let lead = Self.rule(report, "pb")
        #expect(lead.status == .fail)
        #expect(lead.findings.count == 1)
        #expect(lead.findings[0].article == F.keyboard)
        #expect(lead.findings[0].material == "circuit board")
        #expect(abs(lead.findings[0].concentration - 0.002) < 1e-15)
        #expect(lead.exemptionsUsed == [.init(exemption: "III-6(c)", article: F.screws, material: "brass", substance: "lead")])
        #expect(lead.duty == nil)  // a restriction, not a duty
        let pbde = Self.rule(report, "pbde")
        #expect(pbde.status == .pass)
        #expect(abs(pbde.highest!.concentration - 0.0004) < 1e-15)
        #expect(pbde.highest!.substances[0].sources[0].viaLot == F.recycled)
        #expect(Self.rule(report, "cd").status == .pass)
    }

    /// REACH reads articles, each on its own: the notebook holds 1.9 g lead in 1.55 kg (0.1226 %, above 0.1 %), the
    /// screws 3 %; the keyboard 0.08 % does not. RoHS's exemption does not apply to REACH. The fail names the duty.
    @Test func svhcAboveATenthOfAPercentOfAnArticleIsADuty() throws {
        let report = SubstanceCompliance.check(SubstanceRollUp.article(F.notebook, in: F.sources), against: F.svhc, on: "2026-12-01")
        let lead = Self.rule(report, "lead")
        #expect(lead.status == .fail)
        #expect(lead.duty == "REACH Art. 33; SCIP")
        #expect(lead.findings.map(\.article) == [F.notebook, F.screws])
        #expect(abs(lead.findings[0].concentration - 0.0019 / 1.55) < 1e-15)
        #expect(abs(lead.findings[1].concentration - 0.03) < 1e-15)
        let deca = Self.rule(report, "decabde")
        #expect(deca.status == .pass)
        // The highest of the articles that hold it: the housing (0.04 %), not the notebook (0.4 g in 1.55 kg).
        #expect(deca.highest!.article == F.housing)
        #expect(abs(deca.highest!.concentration - 0.0004) < 1e-15)
    }

    /// A part with no declaration makes every rule that is not already failed `unknown`, never `pass`.
    @Test func anUndeclaredPartMakesTheResultUnknown() {
        var sources = F.sources
        sources.makings[F.notebook]!.inputs.append(.init(identifier: F.cable, massKg: 0.1))
        let article = SubstanceRollUp.article(F.notebook, in: sources)
        let rohs = SubstanceCompliance.check(article, against: F.rohs, on: "2026-12-01")
        #expect(Self.rule(rohs, "pb").status == .fail)  // a fail found stands
        #expect(Self.rule(rohs, "cd").status == .unknown)
        #expect(Self.rule(rohs, "cd").unknownBecause == ["\(F.cable): no declaration names \(F.cable), and no traced step made it"])
        #expect(Self.rule(rohs, "pbde").status == .unknown)
        let svhc = SubstanceCompliance.check(article, against: F.svhc, on: "2026-12-01")
        // The notebook's lead is 1.9 g of 1.65 kg = 0.115 %: above already, whatever the cable holds.
        #expect(Self.rule(svhc, "lead").status == .fail)
        #expect(Self.rule(svhc, "decabde").status == .unknown)
    }

    /// A material of `fraction` lead, 100 g, checked against RoHS's 0.1 % and cadmium's 0.01 %.
    static func material(_ cas: String, grams: Double) -> RolledArticle {
        let sources = SubstanceSources(declarations: [
            F.keyboard: MaterialDeclaration(
                subject: F.keyboard,
                product: DeclaredPart(
                    name: "part",
                    materials: [DeclaredMaterial(name: "m", massKg: 0.1, substances: [DeclaredSubstance(name: "s", cas: cas, massKg: grams / 1000)])]))
        ])
        return SubstanceRollUp.article(F.keyboard, in: sources)
    }

    /// At the threshold passes; just above fails; just below passes — for lead (0.1 %) and cadmium (0.01 %), from masses
    /// (0.1 g in 100 g is 0.001 on paper and 0.0010000000000000002 in binary).
    @Test(arguments: [
        (F.lead, "pb", 0.1, ComplianceStatus.pass), (F.lead, "pb", 0.1001, .fail), (F.lead, "pb", 0.0999, .pass),
        ("7440-43-9", "cd", 0.01, .pass), ("7440-43-9", "cd", 0.01001, .fail), ("7440-43-9", "cd", 0.00999, .pass)
    ])
    func thresholdEdges(cas: String, entry: String, grams: Double, expected: ComplianceStatus) {
        let report = SubstanceCompliance.check(Self.material(cas, grams: grams), against: F.rohs, on: "2026-12-01")
        #expect(Self.rule(report, entry).status == expected)
    }

    /// Per material versus per article: 0.15 g lead in a 100 g material of a 200 g part is 0.15 % of the material
    /// (RoHS fails) and 0.075 % of the article (REACH passes); 0.25 g is above both.
    @Test(arguments: [(0.15, ComplianceStatus.fail, ComplianceStatus.pass), (0.25, .fail, .fail), (0.1, .pass, .pass)])
    func materialVersusArticle(grams: Double, rohs: ComplianceStatus, svhc: ComplianceStatus) {
        let sources = SubstanceSources(declarations: [
            F.keyboard: MaterialDeclaration(
                subject: F.keyboard,
                product: DeclaredPart(
                    name: "part", massKg: 0.2,
                    materials: [
                        DeclaredMaterial(name: "solder pad", massKg: 0.1, substances: [DeclaredSubstance(name: "lead", cas: F.lead, massKg: grams / 1000)]),
                        DeclaredMaterial(name: "body", massKg: 0.1)
                    ]))
        ])
        let article = SubstanceRollUp.article(F.keyboard, in: sources)
        #expect(Self.rule(SubstanceCompliance.check(article, against: F.rohs, on: "2026-12-01"), "pb").status == rohs)
        #expect(Self.rule(SubstanceCompliance.check(article, against: F.svhc, on: "2026-12-01"), "lead").status == svhc)
    }

    /// An exemption covers only up to its limit and until its last day.
    @Test func anExemptionEndsAtItsLimitAndItsDay() {
        var list = F.rohs
        list.entries[0].exemptions[0].validUntil = "2026-07-21"
        let notebook = SubstanceRollUp.article(F.notebook, in: F.sources)
        let before = Self.rule(SubstanceCompliance.check(notebook, against: list, on: "2026-07-21"), "pb")
        #expect(before.exemptionsUsed.count == 1)
        let after = Self.rule(SubstanceCompliance.check(notebook, against: list, on: "2026-07-22"), "pb")
        #expect(after.exemptionsUsed.isEmpty)
        #expect(after.findings.map(\.material) == ["circuit board", "brass"])
        list.entries[0].exemptions[0].validUntil = nil
        list.entries[0].exemptions[0].maxFraction = 0.02  // brass at 3 % is over it
        #expect(Self.rule(SubstanceCompliance.check(notebook, against: list, on: "2026-12-01"), "pb").findings.count == 2)
    }

    /// An entry that applies from a later day is not checked before it.
    @Test func anEntryNotYetInForcePasses() {
        var list = F.rohs
        list.entries[0].appliesFrom = "2027-01-01"
        let rule = Self.rule(SubstanceCompliance.check(SubstanceRollUp.article(F.notebook, in: F.sources), against: list, on: "2026-12-01"), "pb")
        #expect(rule.status == .pass)
        #expect(rule.note == "applies from 2027-01-01")
    }

    /// Several lists at once read the same articles' sums as one list at a time; an entry naming a CAS number twice, or
    /// naming by name a substance declared without a number, counts each substance once.
    @Test func severalListsAtOnceAgreeWithOneAtATime() {
        let article = SubstanceRollUp.article(F.notebook, in: F.sources)
        let doubled = RestrictedSubstanceList(
            id: "doubled", name: "doubled", version: "1", date: "2026-11-30", source: "test", legalBasis: "test",
            entries: [.init(id: "pb", name: "Lead", cas: [F.lead, F.lead], threshold: 0.001, level: .article)])
        let together = SubstanceCompliance.check(article, against: [F.rohs, F.svhc, doubled], on: "2026-12-01")
        #expect(together == [F.rohs, F.svhc, doubled].map { SubstanceCompliance.check(article, against: $0, on: "2026-12-01") })
        let lead = Self.rule(together[2], "pb")
        #expect(abs(lead.findings[0].concentration - 0.0019 / 1.55) < 1e-15)

        var sources = F.sources
        sources.declarations[F.screws]!.product.materials[0].substances[0].cas = nil
        let byName = SubstanceCompliance.check(SubstanceRollUp.article(F.notebook, in: sources), against: doubled, on: "2026-12-01")
        // The screws' lead now has no number: the keyboard's (by CAS) and the screws' (by name) are both counted, apart.
        #expect(Self.rule(byName, "pb").findings[0].substances.count == 2)
        #expect(abs(Self.rule(byName, "pb").findings[0].concentration - 0.0019 / 1.55) < 1e-15)
    }

    /// A roll-up that keeps only what the lists name answers as the whole roll-up does, and drops the rest.
    @Test func keepingOnlyTheListsSubstancesChangesNoAnswer() {
        var sources = F.sources
        sources.declarations[F.keyboard]!.product.materials[0].substances.append(DeclaredSubstance(name: "water", cas: "7732-18-5", fraction: 0.01))
        let lists = [F.rohs, F.svhc]
        let whole = SubstanceRollUp.article(F.notebook, in: sources)
        let kept = SubstanceRollUp.article(F.notebook, in: sources, keeping: SubstanceRollUp.Selection(lists: lists))
        #expect(SubstanceCompliance.check(kept, against: lists, on: "2026-12-01") == SubstanceCompliance.check(whole, against: lists, on: "2026-12-01"))
        func cas(_ a: RolledArticle) -> [String] { a.materials.flatMap { $0.substances.compactMap(\.cas) } + a.articles.flatMap(cas) }
        #expect(cas(whole).contains("7732-18-5"))
        #expect(!cas(kept).contains("7732-18-5"))
        #expect(Set(cas(kept)) == [F.lead, F.decaBDE])
    }
}
