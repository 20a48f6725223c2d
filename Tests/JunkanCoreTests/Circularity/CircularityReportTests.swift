import JunkanCore
import JunkanTestSupport
import Testing

/// The report's figures against sums worked out by hand from `CircularitySamples`.
@Suite struct CircularityReportTests {
    static func records() throws -> CircularityRecords {
        var all = CircularityRecords()
        for (name, text) in CircularitySamples.files {
            let (_, r) = try CircularityImport.parse(text: text, fileName: name)
            all.waste += r.waste; all.collection += r.collection; all.plasticWaste += r.plasticWaste
            all.sales += r.sales; all.targets += r.targets; all.prtr += r.prtr
        }
        return all
    }

    @Test func wasteOverseasIsItsOwnCategory() throws {
        let r = CircularityReport(fiscalYear: 2023, records: try Self.records())
        let w = r.waste, all = w.all
        // 10.5 + 20 + 0.25 + 4.25 + 5 + 1 = 41; exact, not 40.99999999999999.
        #expect(all.totalT == 41)
        #expect(w[.general].totalT == 10.5)
        #expect(w[.industrial].totalT == 20.25)
        #expect(w[.speciallyControlledIndustrial].totalT == 4.25)
        #expect(w[.overseas].totalT == 6)  // the Penang rows, whatever their category column says
        #expect(all.recycledT == 35.5)  // 10.5 material + 20 thermal + 5 reuse
        #expect(all.recyclingRate == 35.5 / 41)
        #expect(all.materialRecycledT == 10.5)
        #expect(all.thermalRecycledT == 20)
        #expect(all.landfillT == 1.25)
        #expect(all.landfillRate == 1.25 / 41)
        #expect(w.bySubcategory == ["office_paper": 10.5, "waste_plastics": 20.25, "waste_acid": 4.25, "metal_scrap": 5, "other": 1])
        #expect(w[.overseas].recyclingRate == 5.0 / 6)
        #expect(w[.industrial].thermalRecyclingRate == 20 / 20.25)
        #expect(w[.speciallyControlledIndustrial].recyclingRate == 0)
    }

    @Test func collectionRates() throws {
        let c = CircularityReport(fiscalYear: 2023, records: try Self.records())
        #expect(c.collectionSource == .records)
        let t = c.collection.total
        #expect(t.collectedT == 15.5)
        #expect(t.recyclingRate == 15.15 / 15.5)  // 0.9 + 0.7 + 10.2 + 0.45 + 2.9
        #expect(t.resourceReuseRate == 13.8 / 15.5)  // 0.7 + 10.2 + 2.9
        #expect(c.collection.byProductType["server"]?.recyclingRate == 2.9 / 3.1)
        #expect(c.collection.byProductType["pc"]?.resourceReuseRate == 10.9 / 12.4)
    }

    @Test func targetsAgainstTheBaseYear() throws {
        let targets = CircularityReport(fiscalYear: 2023, records: try Self.records()).targets
        func find(_ i: TargetRecord.Indicator, _ b: TargetRecord.Basis) throws -> TargetEvaluation {
            try #require(targets.first { $0.target.indicator == i && $0.target.basis == b })
        }
        // Plastic per sales: 100/1000 → 90/1200, −25% against a −20% target.
        let perSales = try find(.plasticWaste, .perSales)
        #expect(abs(perSales.actualChangePct! - -25) < 1e-12)
        #expect(perSales.met == true)
        // Absolute: 100 → 90, −10% against −5%.
        #expect(abs(try find(.plasticWaste, .absolute).actualChangePct! - -10) < 1e-12)
        // Domestic waste: 50 → 35 (41 less the 6 overseas), −30% against −10%.
        let waste = try find(.wasteTotal, .absolute)
        #expect(waste.baseValue == 50 && waste.actualValue == 35)
        #expect(abs(waste.actualChangePct! - -30) < 1e-12 && waste.met == true)
        // Recycling rate: 100% → 86.6%, −13.4 points against +1: not met.
        let rate = try find(.wasteRecyclingRate, .absolute)
        #expect(abs(rate.actualChangePct! - (35.5 / 41 - 1) * 100) < 1e-12)
        #expect(rate.met == false)
        // A year without records: no figure, no verdict, and why.
        let early = CircularityReport(fiscalYear: 2021, records: try Self.records()).targets
        #expect(early.allSatisfy { $0.met == nil && $0.actualChangePct == nil && !$0.missing.isEmpty })
    }

    @Test func prtrPerSubstanceAndTotal() throws {
        let p = CircularityReport(fiscalYear: 2023, records: try Self.records()).prtr
        #expect(p.substances.map(\.cas) == ["108-88-3", "1330-20-7"])
        #expect(p.substances[0].figures.handledKg == 1500)
        #expect(p.substances[0].figures.emittedAirKg == 60)
        #expect(p.total.handledKg == 1700)
        #expect(p.total.transferredWasteKg == 350)
        #expect(p.unbalanced.map(\.site) == ["Numazu"])  // toluene at Numazu: 430 of 500 kg accounted for
    }

    @Test func trendHasEveryYearOfTheRange() throws {
        let t = CircularityReport.trend(from: 2021, to: 2023, waste: try Self.records().waste)
        #expect(t.map(\.fiscalYear) == [2021, 2022, 2023])
        #expect(t[0].all.totalT == 0 && t[0].all.recyclingRate == nil)
        #expect(t[1].all.recyclingRate == 1)
        #expect(t[2].all.totalT == 41)
    }

    @Test func collectionFromTheTraceEqualsTheImportedRows() throws {
        var graph = TraceGraph()
        for (i, json) in CircularitySamples.collectionEvents.enumerated() {
            let event = try EPCISEventDecoder(context: SampleEvents.context).decode(json)
            graph.add(try TraceRecord.from(event, eventHash: "ni:///sha-256;\(i)?ver=CBV2.0", documentContext: SampleEvents.context))
        }
        let traced = CollectionTrace.rows(graph.collectionFacts, calendar: FiscalCalendar())
        #expect(traced.issues.isEmpty)
        var noImportedCollection = try Self.records()
        let imported = CollectionReport(fiscalYear: 2023, rows: noImportedCollection.collection)
        noImportedCollection.collection = []
        let report = CircularityReport(fiscalYear: 2023, records: noImportedCollection, traceCollection: traced)
        #expect(report.collectionSource == .trace)
        #expect(report.collection == imported)
        #expect(traced.rows.first { $0.fiscalYear == 2024 }?.collectedT == 0.999)
        // With the calendar year as fiscal year, 1 April 2024 falls in 2024 either way but the April 2023 events move.
        let calendarYears = CollectionTrace.rows(graph.collectionFacts, calendar: FiscalCalendar(startMonth: 1)).rows
        #expect(calendarYears.first { $0.fiscalYear == 2024 && $0.productType == "server" }?.disposedT == 0.2)
    }

    @Test func endOfLifeTermsAreChecked() throws {
        let bad = CircularitySamples.collectionEvents[1].objectValue!.merging(["junkan:endOfLifeTreatment": "landfilling"])
        let event = try EPCISEventDecoder(context: SampleEvents.context).decode(.object(bad))
        #expect(throws: EPCISValidationError.self) { try TraceRecord.from(event, eventHash: "h", documentContext: SampleEvents.context) }
    }
}

extension JSONObject {
    func merging(_ other: [String: JSONValue]) -> JSONObject {
        var o = self
        for (k, v) in other { o[k] = v }
        return o
    }
}
