import Foundation
import GRDB
import JunkanCore
import JunkanStore
import JunkanTestSupport
import Testing

@testable import JunkanSQLite

/// Migration v10 on a node that captured before identifiers had owners: a GTIN only one organisation created
/// identifiers under is assigned to it; one that two organisations created under is reported, not guessed; observed
/// identifiers and keys whose prefix cannot be told are left alone.
@Suite struct OwnershipMigrationTests {
    @Test func theUpgradeAssignsWhatIsClearAndReportsConflicts() async throws {
        let folder = try TemporaryStore.newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.sqlite").path

        do {
            let pool = try DatabasePool(path: path)
            try SQLiteStore.migrator.migrate(pool, upTo: "v9: withdrawn grades")
            try await pool.write { db in
                func event(_ n: Int, _ type: String, _ action: String?, _ org: String, _ identifiers: String) throws {
                    try db.execute(
                        sql: """
                            INSERT INTO events (event_id, event_hash, type, event_time, record_time, action, organisation_id, json, identifiers)
                            VALUES (?, ?, ?, 0, 0, ?, ?, '{}', ?)
                            """, arguments: ["e\(n)", "h\(n)", type, action, org, identifiers])
                }
                // The maker commissions its notebooks; a recycler makes recyclate from collected ones.
                try event(1, "ObjectEvent", "ADD", "maker", #"[["epc","https://id.gs1.org/01/04912345000071/21/1"]]"#)
                try event(
                    2, "TransformationEvent", nil, "recycler",
                    #"[["inputClass","https://id.gs1.org/01/04912345000071"],["outputClass","https://id.gs1.org/01/04912345000033/10/R1"]]"#)
                // Two organisations created lots of one GTIN: a conflict.
                try event(3, "ObjectEvent", "ADD", "maker", #"[["class","https://id.gs1.org/01/04912345000057/10/A"]]"#)
                try event(4, "ObjectEvent", "ADD", "stranger", #"[["class","https://id.gs1.org/01/04912345000057/10/B"]]"#)
                // Observations assign nothing, nor does a key of no fixed length (GIAI).
                try event(5, "ObjectEvent", "OBSERVE", "stranger", #"[["epc","https://id.gs1.org/01/04912345000088/21/9"]]"#)
                try event(6, "ObjectEvent", "ADD", "stranger", #"[["epc","https://id.gs1.org/8004/4912345ASSET1"]]"#)
            }
            try pool.close()
        }

        let store = try SQLiteStore(path: path)
        let ownership = try await store.identifierOwnership()
        #expect(
            Set(ownership.registrations) == [
                .init(prefix: "491234500007", organisationID: "maker"), .init(prefix: "491234500003", organisationID: "recycler")
            ])
        #expect(try await store.ownershipConflicts() == [OwnershipConflict(key: "491234500005", organisationIDs: ["maker", "stranger"])])
        #expect(
            ownership.decide(organisationID: "stranger", identifier: "https://id.gs1.org/01/04912345000071/21/2")
                == .refused(owner: .init(prefix: "491234500007", organisationID: "maker")))
        #expect(ownership.decide(organisationID: "stranger", identifier: "https://id.gs1.org/01/04912345000057/10/C") == .unowned)
    }
}
