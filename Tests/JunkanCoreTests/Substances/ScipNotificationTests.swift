import JunkanCore
import Testing

/// SCIP data from the hand-worked notebook (SubstanceFixtures): only the screws (3 % lead, brass) are an article above
/// 0.1 % of a candidate-list substance. The notebook's own 0.1226 % comes from its components alone, and a complex object
/// is not the article notified (C-106/14), so it lists the screws as its one component with a concern element.
@Suite struct ScipNotificationTests {
    typealias F = SubstanceFixtures

    static func productClass(_ extra: [String: JSONValue] = [:]) throws -> ProductClass {
        var o = JSONObject([])
        let base: JSONValue = [
            "gtin": "04912345000019", "name": "Notebook 13", "countryOfProduction": "JP",
            "parts": [["part": "all", "material": "mixed", "massKg": 1.55]],
            "endOfLife": ["instructions": "Remove the screws first.", "takeBack": []]
        ]
        for (k, v) in base.objectValue! { o[k] = v }
        for (k, v) in extra { o[k] = v }
        return try ProductClass.parse(.object(o))
    }

    @Test func theScrewsAreTheComponentNotifiedWithTheirRangeAndMaterial() throws {
        let article = SubstanceRollUp.article(F.notebook, in: F.sources)
        let report = SubstanceCompliance.check(article, against: F.svhc, on: "2026-12-01")
        let n = ScipNotification.of(
            article, report: report,
            facts: try Self.productClass(["scip": ["articleCategory": "84713000", "safeUseInstructions": "Do not grind the screws."]]).scipFacts)
        #expect(n.need == .required)
        #expect(n.gtin == "04912345000019")
        #expect(n.name == "Notebook 13")
        #expect(n.articleCategory == "8471300000")
        #expect(n.producedInEU == false)
        #expect(n.safeUseInstructions == "Do not grind the screws.")
        #expect(n.disassemblyInstructions == "Remove the screws first.")
        #expect(n.concernElements.isEmpty)
        #expect(n.components.count == 1)
        let screws = try #require(n.components.first)
        #expect(screws.identifier == F.screws)
        #expect(screws.components.isEmpty)
        #expect(screws.concernElements.count == 1)
        let lead = screws.concernElements[0]
        #expect(lead.substance == "Lead" && lead.cas == [F.lead])
        #expect(abs(lead.concentration - 0.03) < 1e-15)
        #expect(lead.concentrationRange == "> 1.0 % w/w and ≤ 10.0 % w/w")
        #expect(lead.materials == ["brass"])
        #expect(lead.sources.map { $0.declaration } == [F.screws])
        // Category and instructions given: what is missing is the picklist's material category and the full list.
        #expect(n.missing.count == 2)
        #expect(n.missing.allSatisfy { $0.contains("picklist") || $0.contains("excerpt") })
    }

    @Test func withoutTheProductClassTheNotificationSaysWhatIsMissing() throws {
        let article = SubstanceRollUp.article(F.notebook, in: F.sources)
        let n = ScipNotification.of(article, report: SubstanceCompliance.check(article, against: F.svhc, on: "2026-12-01"), facts: nil)
        #expect(n.need == .required)
        #expect(n.articleCategory == nil && n.producedInEU == nil)
        #expect(n.missing.contains { $0.contains("article category") })
        #expect(n.missing.contains { $0.contains("safe-use instructions") })
    }

    @Test func noArticleAboveIsNotRequiredAndAnUndeclaredPartIsUnknown() throws {
        // Without the screws: keyboard 0.08 % lead, housing 0.04 % decaBDE — nothing to notify.
        var sources = F.sources
        sources.makings[F.notebook]!.inputs.removeLast()
        let article = SubstanceRollUp.article(F.notebook, in: sources)
        let n = ScipNotification.of(article, report: SubstanceCompliance.check(article, against: F.svhc, on: "2026-12-01"), facts: nil)
        #expect(n.need == .notRequired)
        #expect(n.components.isEmpty && n.concernElements.isEmpty)
        sources.makings[F.notebook]!.inputs.append(.init(identifier: F.cable, massKg: 0.1))
        let unknown = SubstanceRollUp.article(F.notebook, in: sources)
        let u = ScipNotification.of(unknown, report: SubstanceCompliance.check(unknown, against: F.svhc, on: "2026-12-01"), facts: nil)
        #expect(u.need == .unknown)
        #expect(u.missing.contains { $0.contains(F.cable) })
    }

    /// The SCIP format's ranges, at and around each bound: at a bound is the lower range ("≤").
    @Test func concentrationRangesAtTheirEdges() {
        #expect(ScipNotification.range(0.001) == nil)
        #expect(ScipNotification.range(0.0010001) == "> 0.1 % w/w and ≤ 0.3 % w/w")
        #expect(ScipNotification.range(0.003) == "> 0.1 % w/w and ≤ 0.3 % w/w")
        #expect(ScipNotification.range(0.0030001) == "> 0.3 % w/w and ≤ 1.0 % w/w")
        #expect(ScipNotification.range(0.01) == "> 0.3 % w/w and ≤ 1.0 % w/w")
        #expect(ScipNotification.range(0.0100001) == "> 1.0 % w/w and ≤ 10.0 % w/w")
        #expect(ScipNotification.range(0.1) == "> 1.0 % w/w and ≤ 10.0 % w/w")
        #expect(ScipNotification.range(0.2) == "> 10.0 % w/w and ≤ 20.0 % w/w")
        #expect(ScipNotification.range(0.2000001) == "> 20.0 % w/w and ≤ 100 % w/w")
        #expect(ScipNotification.range(1) == "> 20.0 % w/w and ≤ 100 % w/w")
        // 0.3 g in 100 g computed in binary is 0.0030000000000000005: still "≤ 0.3 %".
        #expect(ScipNotification.range(0.0003 / 0.1) == "> 0.1 % w/w and ≤ 0.3 % w/w")
    }

    @Test func anArticleCategoryIsACombinedNomenclatureCode() throws {
        #expect(throws: MaterialError.self) { try Self.productClass(["scip": ["articleCategory": "8471"]]) }
        #expect(throws: MaterialError.self) { try Self.productClass(["scip": ["articleCategory": "84713000AB"]]) }
        #expect(throws: MaterialError.self) { try Self.productClass(["scip": ["safety": "x"]]) }
        #expect(try Self.productClass(["scip": ["articleCategory": "8471 3000 00"]]).scip?.articleCategory == "8471300000")
    }
}
