import Foundation
import GRDB
import JunkanCore
import JunkanStore
import JunkanTestSupport
import Testing

@testable import JunkanSQLite

/// Migration v11 gives stored circularity rows an owner: the one organisation every import was logged by, else the
/// node's only organisation, else no one ("").
@Suite struct CircularityOwnersMigrationTests {
    func upgraded(organisations: [String], importers: [String]) async throws -> (SQLiteStore, URL) {
        let folder = try TemporaryStore.newFolder()
        let path = folder.appendingPathComponent("old.sqlite").path
        let pool = try DatabasePool(path: path)
        try SQLiteStore.migrator.migrate(pool, upTo: "v10: identifier owners")
        try await pool.write { db in
            for o in organisations {
                try db.execute(sql: "INSERT INTO organisations (id, name, token_hash, created_at) VALUES (?, ?, ?, 0)", arguments: [o, o, o])
            }
            try db.execute(sql: "INSERT INTO circularity_plastic_waste VALUES (2023, 'group', 603)")
            try db.execute(sql: "INSERT INTO circularity_waste_totals VALUES (2023, 'domestic', 'general', 'paper', 'landfill', 2000000)")
            for i in importers {
                try db.execute(
                    sql:
                        "INSERT INTO circularity_imports (file, sha256, imported_by, imported_at, rows, replaced_rows, fiscal_years) VALUES ('x', '', ?, 0, 1, 0, '2023')",
                    arguments: [i])
            }
        }
        try pool.close()
        return (try SQLiteStore(path: path), folder)
    }

    @Test(arguments: [
        (["org-a", "org-b"], ["org-a", "org-a"], "org-a"),  // every import by one organisation
        (["org-a"], ["cli"], "org-a"),  // the node's only organisation
        (["org-a", "org-b"], ["cli", "org-b"], "")  // no telling: no one
    ])
    func legacyRowsGoToTheirImporter(organisations: [String], importers: [String], owner: String) async throws {
        let (store, folder) = try await upgraded(organisations: organisations, importers: importers)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try await store.circularityHolders() == [owner])
        let records = try await store.circularityRecords(organisations: [owner], prtrFiscalYear: nil)
        #expect(records.plasticWaste.map(\.massT) == [603])
        #expect(records.waste.map(\.massT) == [2])
    }
}
