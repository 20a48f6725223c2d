import Foundation
import GRDB
import JunkanCore
import JunkanStore
import JunkanTestSupport
import Testing

@testable import JunkanSQLite

/// Issue 25, item 10: a page of `GET /events` filtered on a common value is read in order from an index and stops after
/// the page; before migration v14 SQLite read every match and sorted it (a temporary B-tree), so the read slowed as the
/// node grew and waited behind captures.
@Suite struct EventQueryPlanTests {
    @Test(arguments: ["type", "biz_step", "disposition", "read_point", "biz_location"])
    func aFilteredPageIsReadInRecordTimeOrder(column: String) async throws {
        let tmp = try TemporaryStore.sqlite()
        defer { tmp.remove() }
        var q = EventQuery()
        switch column {
        case "type": q.eventTypes = ["ObjectEvent"]
        case "biz_step": q.bizSteps = ["https://ref.gs1.org/cbv/BizStep-shipping"]
        case "disposition": q.dispositions = ["https://ref.gs1.org/cbv/Disp-in_transit"]
        case "read_point": q.readPoints = ["https://id.gs1.org/414/4012345000054"]
        default: q.bizLocations = ["https://id.gs1.org/414/4012345000054"]
        }
        for direction in [EventQuery.Direction.ascending, .descending] {
            q.direction = direction
            let (sql, arguments) = SQLiteStore.sql(for: q)
            let plan = try await tmp.sqliteStore.pool.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
            }
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(column) \(direction): \(plan)")
            #expect(plan.contains { $0.contains("events_\(column == "type" ? "type" : column)") }, "\(column): \(plan)")
        }
    }
}
