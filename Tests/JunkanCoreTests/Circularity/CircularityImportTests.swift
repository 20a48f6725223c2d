import JunkanCore
import JunkanTestSupport
import Testing

@Suite struct CircularityImportTests {
    @Test func everySampleFileParsesAsItsKind() throws {
        for (name, text) in CircularitySamples.files {
            let (kind, records) = try CircularityImport.parse(text: text, fileName: name)
            #expect(kind.fileName == name)
            #expect(records.count(of: kind) > 0)
            // Without a name the header says which file it is.
            #expect(try CircularityImport.parse(text: text).0 == kind)
        }
        let waste = try CircularityImport.parse(text: CircularitySamples.waste).1.waste
        #expect(waste.count == 7)
        #expect(
            waste[0]
                == WasteRecord(
                    fiscalYear: 2023, site: "Kawasaki", region: .domestic, category: .general, subcategory: "office_paper",
                    treatment: .materialRecycling, massT: 10.5))
    }

    @Test func everyBadRowIsReportedAndNothingIsKept() {
        let text = """
            fiscal_year,site,region,category,subcategory,treatment,mass_t
            2023,A,domestic,general,paper,landfill,1.5
            2023,A,abroad,general,paper,landfill,1
            23,A,domestic,general,paper,landfill,1
            2023,A,domestic,general,paper,composting,-2
            2023,A,domestic,general,paper,landfill
            2023,A,domestic,general,paper,landfill,1e3
            2023,A,domestic,general,paper,landfill,2
            2023,,domestic,general,paper,reuse,0.1234567
            """
        #expect(
            throws: CircularityImportError(
                file: "waste.csv",
                errors: [
                    .init(file: "waste.csv", line: 3, reason: "region must be one of domestic | overseas, found \"abroad\""),
                    .init(file: "waste.csv", line: 4, reason: "fiscal_year must be a year such as 2023, found \"23\""),
                    .init(
                        file: "waste.csv", line: 5,
                        reason:
                            "treatment must be one of reuse | material_recycling | thermal_recycling | incineration | landfill | other_disposal, found \"composting\""
                    ),
                    .init(file: "waste.csv", line: 5, reason: "mass_t must be a decimal number ≥ 0 such as 12.5, found \"-2\""),
                    .init(file: "waste.csv", line: 6, reason: "6 fields where the header has 7"),
                    .init(file: "waste.csv", line: 7, reason: "mass_t must be a decimal number ≥ 0 such as 12.5, found \"1e3\""),
                    .init(file: "waste.csv", line: 8, reason: "the same fiscal_year, site, region, category, subcategory and treatment as line 2"),
                    .init(file: "waste.csv", line: 9, reason: "site is empty"),
                    .init(file: "waste.csv", line: 9, reason: "mass_t has more than six decimals (finer than a gram per tonne): \"0.1234567\"")
                ])
        ) { try CircularityImport.parse(text: text, fileName: "waste.csv") }
    }

    @Test func theHeaderMustBeExact() {
        #expect(throws: CircularityImportError.self) {
            try CircularityImport.parse(text: "fiscal_year,scope,mass\n2023,group,1\n", fileName: "plastic_waste.csv")
        }
        #expect(throws: CircularityImportError.self) { try CircularityImport.parse(text: "year,scope,mass_t\n") }
        #expect(throws: CircularityImportError.self) { try CircularityImport.parse(text: "", fileName: "sales.csv") }
        #expect(throws: CircularityImportError.self) { try CircularityImport.parse(text: CircularitySamples.sales, fileName: "turnover.csv") }
    }

    @Test func collectionOutputsMayExceedCollectedByHalfAPercentAtMost() throws {
        let header = CircularityFile.collection.header.joined(separator: ",")
        // 100.5 out of 100: exactly 0.5% more, kept.
        _ = try CircularityImport.parse(text: header + "\n2023,pc,100,10,10,70,10,0.5\n")
        #expect(
            throws: CircularityImportError(
                file: "collection.csv",
                errors: [
                    .init(
                        file: "collection.csv", line: 2,
                        reason:
                            "the outputs (reused + parts reused + material and thermal recycled + disposed = 100.6 t) exceed collected_t (100 t) by more than 0.5%"
                    )
                ])
        ) {
            try CircularityImport.parse(text: header + "\n2023,pc,100,10,10,70,10,0.6\n")
        }
    }

    @Test func prtrChecksTheCASNumberAndFlagsUnbalancedRows() throws {
        let header = CircularityFile.prtr.header.joined(separator: ",")
        #expect(
            throws: CircularityImportError(
                file: "prtr.csv",
                errors: [
                    .init(
                        file: "prtr.csv", line: 2,
                        reason: "cas 108-88-4 has a wrong check digit: it should end in 3")
                ])
        ) {
            try CircularityImport.parse(text: header + "\n2023,A,toluene,108-88-4,10,10,0,0,0,0,0\n")
        }
        // 1.5% short of what was handled: stored, and flagged.
        let rows = try CircularityImport.parse(text: header + "\n2023,A,toluene,108-88-3,1000,985,0,0,0,0,0\n2023,B,toluene,108-88-3,1000,991,0,0,0,0,0\n").1
            .prtr
        #expect(rows.map(\.isUnbalanced) == [true, false])
    }

    @Test func targetsNeedARatioBasisThatMakesSense() {
        let header = CircularityFile.targets.header.joined(separator: ",")
        #expect(
            throws: CircularityImportError(
                file: "targets.csv",
                errors: [
                    .init(file: "targets.csv", line: 2, reason: "waste_recycling_rate is already a ratio: its basis must be absolute, not per_sales"),
                    .init(file: "targets.csv", line: 3, reason: "target_year 2020 is not after base_year 2022")
                ])
        ) { try CircularityImport.parse(text: header + "\nwaste_recycling_rate,group,2022,2025,1,per_sales\nwaste_total,group,2022,2020,-1,absolute\n") }
    }
}
