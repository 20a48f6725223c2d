import JunkanCore
import JunkanStore
import JunkanTestSupport
import Testing

/// `CircularityStore`: an import replaces its organisation's rows of the file's years, never doubles, never touches
/// another organisation's; reports add up the organisations asked for.
extension StoreContractTests {
    static func importWaste(_ store: any ContractStore, _ csv: String, org: String) async throws -> CircularityImportSummary {
        let (file, records) = try CircularityImport.parse(text: csv, fileName: "waste.csv")
        return try await store.importCircularity(file, records: records, organisationID: org, sha256: "00", importedBy: org, at: 1)
    }

    static let header = "fiscal_year,site,region,category,subcategory,treatment,mass_t\n"

    @Test(arguments: StoreBackend.available) func anImportReplacesItsOwnersRowsOfItsYearsOnly(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let a = try await Self.importWaste(store, CircularitySamples.waste, org: "org-a")
            #expect(a.rows == 7 && a.replacedRows == 0 && a.fiscalYears == [2022, 2023])
            _ = try await Self.importWaste(store, Self.header + "2023,Numazu,domestic,industrial,waste_plastics,thermal_recycling,5\n", org: "org-b")
            #expect(try await store.circularityHolders() == ["org-a", "org-b"])
            func plastics(_ orgs: Set<String>, year: Int = 2023) async throws -> [Double] {
                try await store.circularityRecords(organisations: orgs, prtrFiscalYear: nil).waste
                    .filter { $0.fiscalYear == year && $0.subcategory == "waste_plastics" && $0.treatment == .thermalRecycling }.map(\.massT)
            }
            #expect(try await plastics(["org-a"]) == [20])
            #expect(try await plastics(["org-a", "org-b"]) == [25])
            #expect(try await store.circularityRecords(organisations: ["org-a", "org-b"], prtrFiscalYear: nil).waste.allSatisfy { $0.site == "*" })
            // The same organisation imports fiscal 2023 again: its 6 rows of 2023 are replaced, its 2022 row and the other
            // organisation's rows stay.
            let again = try await Self.importWaste(store, Self.header + "2023,Kawasaki,domestic,industrial,waste_plastics,thermal_recycling,1\n", org: "org-a")
            #expect(again.replacedRows == 6 && again.fiscalYears == [2023])
            #expect(try await plastics(["org-a"]) == [1])
            #expect(try await plastics(["org-a", "org-b"]) == [6])
            #expect(try await store.circularityRecords(organisations: ["org-a"], prtrFiscalYear: nil).waste.filter { $0.fiscalYear == 2022 }.count == 1)
            #expect(try await store.circularityRecords(organisations: [], prtrFiscalYear: nil) == CircularityRecords())
        }
    }

    @Test(arguments: StoreBackend.available) func groupsListTheirMembersSorted(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let a = try await store.addOrganisation(name: "A", tokenHash: TokenHash.sha256Hex("a"), key: .newHosted()).id
            let b = try await store.addOrganisation(name: "B", tokenHash: TokenHash.sha256Hex("b"), key: .newHosted()).id
            await #expect(throws: (any Error).self) { try await store.joinCircularityGroup("group", organisationID: "org-none") }
            try await store.joinCircularityGroup("group", organisationID: b)
            try await store.joinCircularityGroup("group", organisationID: a)
            try await store.joinCircularityGroup("group", organisationID: a)
            #expect(try await store.circularityGroupMembers("group") == [a, b].sorted())
            #expect(try await store.leaveCircularityGroup("group", organisationID: b))
            #expect(try await store.leaveCircularityGroup("group", organisationID: b) == false)
            #expect(try await store.circularityGroupMembers("group") == [a])
            #expect(try await store.circularityGroupMembers("nobody").isEmpty)
        }
    }
}
