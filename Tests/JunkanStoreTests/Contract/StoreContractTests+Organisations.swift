import Foundation
import JunkanCore
import JunkanStore
import JunkanTestSupport
import Testing

/// The organisation dashboard's reads (issue 30): an organisation's events by calendar month (UTC), and a query
/// narrowed to the organisations that captured the events.
extension StoreContractTests {
    @Test(arguments: StoreBackend.available) func eventsAreCountedPerMonthForTheirOrganisation(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            // 2024-01-31T23:59:59.999Z, 2024-01-01T00:00:00Z, 2024-03-15: org-1; 2024-02-01T00:00:00Z: org-2.
            let times: [Int64] = [1_706_745_599_999, 1_704_067_200_000, 1_710_460_800_000]
            var mine = try Self.records(0..<3, org: "org-1")
            for i in mine.indices { mine[i].eventTime = times[i] }
            var theirs = try Self.records(3..<4, org: "org-2")
            theirs[0].eventTime = 1_706_745_600_000
            _ = try await store.capture(mine + theirs)
            #expect(try await store.eventsPerMonth(organisationID: "org-1") == [.init(month: "2024-01", count: 2), .init(month: "2024-03", count: 1)])
            #expect(try await store.eventsPerMonth(organisationID: "org-2") == [.init(month: "2024-02", count: 1)])
            #expect(try await store.eventsPerMonth(organisationID: "org-3").isEmpty)

            var q = EventQuery()
            q.organisationIDs = ["org-2"]
            #expect(try await Self.all(store, q).map(\.eventID) == theirs.map(\.eventID))
            q.organisationIDs = ["org-1", "org-2"]
            #expect(try await Self.all(store, q).count == 4)
        }
    }
}
