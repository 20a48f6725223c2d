import Foundation
import JunkanCore
import JunkanSQLite
import JunkanStore
import JunkanTestSupport
import Testing

@Suite struct MaterialStoreTests {
    func record(_ kind: MaterialRecord.Kind, _ id: String, owner: String = "a", grade: String? = nil, json: String = "{}") -> MaterialRecord {
        MaterialRecord(kind: kind, id: id, owner: owner, grade: grade, json: json, updatedAt: 1)
    }

    @Test(.temporaryStore) func writesEachRecordOnItsOwnAndRaisesTheRevisionOncePerTransaction() async throws {
        let tmp = try TemporaryStore.forTest()
        let store = tmp.store
        #expect(try await store.materialsRevision() == 0)
        let first = try await store.putMaterials([record(.grade, "g1"), record(.lot, "l1", grade: "g1"), record(.lot, "l2", grade: "nope")], mode: .create)
        #expect(first.outcomes == [nil, nil, .gradeMissing("nope")])
        #expect(first.created == 2 && first.revision == 1)
        let again = try await store.putMaterials([record(.grade, "g1")], mode: .create)
        #expect(again.outcomes == [.exists("g1")] && again.revision == 1)
        let rival = try await store.putMaterials([record(.grade, "g1", owner: "b", json: "{\"x\":1}")], mode: .upsert)
        #expect(rival.outcomes == [.notOwner(id: "g1", owner: "a")])
        let replaced = try await store.putMaterials([record(.grade, "g1", json: "{\"x\":2}")], mode: .replace)
        #expect(replaced.replaced == 1 && replaced.revision == 2)
        #expect(try await store.material(.grade, id: "g1")?.json == "{\"x\":2}")
        #expect(try await store.putMaterials([record(.request, "r")], mode: .replace).outcomes == [.notFound("r")])
    }

    /// A page of search results is read in one go: the records that exist, of the kind asked, however many ids (SQLite
    /// limits the parameters of one statement).
    @Test(.temporaryStore) func readsManyRecordsByIDAtOnce() async throws {
        let tmp = try TemporaryStore.forTest()
        let store = tmp.store
        let lots = (0..<1200).map { record(.lot, "l\($0)", grade: "g1", json: "{\"n\":\($0)}") }
        _ = try await store.putMaterials([record(.grade, "g1")] + lots, mode: .create)
        let ids = (0..<1200).filter { $0 % 2 == 0 }.map { "l\($0)" } + ["missing", "g1"]
        let found = try await store.materials(.lot, ids: ids)
        #expect(found.count == 600)
        #expect(found["l1198"]?.json == "{\"n\":1198}" && found["l1"] == nil && found["g1"] == nil)
        #expect(try await store.materials(.lot, ids: []).isEmpty)
    }

    @Test(.temporaryStore) func keepsGradesThatLotsReferTo() async throws {
        let tmp = try TemporaryStore.forTest()
        let store = tmp.store
        _ = try await store.putMaterials([record(.grade, "g1"), record(.lot, "l1", grade: "g1")], mode: .create)
        await #expect(throws: MaterialWriteError.gradeInUse(id: "g1", lots: 1)) { try await store.deleteMaterial(.grade, id: "g1", owner: "a") }
        await #expect(throws: MaterialWriteError.notOwner(id: "l1", owner: "a")) { try await store.deleteMaterial(.lot, id: "l1", owner: "b") }
        #expect(try await store.deleteMaterial(.lot, id: "l1", owner: "a") == MaterialDeletion(revision: 2, withdrawn: false))
        #expect(try await store.deleteMaterial(.grade, id: "g1", owner: "a") == MaterialDeletion(revision: 3, withdrawn: false))
        let snapshot = try await store.materialSnapshot(start: { grades, _ in (grades: grades, lots: [MaterialRecord]()) }, add: { $0.lots.append($1) })
        #expect(snapshot.revision == 3 && snapshot.state.grades.isEmpty && snapshot.state.lots.isEmpty)
    }
}
