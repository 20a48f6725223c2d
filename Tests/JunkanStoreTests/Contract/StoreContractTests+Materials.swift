import JunkanCore
import JunkanStore
import JunkanTestSupport
import Testing

/// `MaterialStore`: each record written on its own inside one transaction, which raises the revision once; owners alone
/// change their records; grades that lots name are kept or withdrawn, never lost.
extension StoreContractTests {
    static func material(_ kind: MaterialRecord.Kind, _ id: String, owner: String = "a", grade: String? = nil, json: String = "{}") -> MaterialRecord {
        MaterialRecord(kind: kind, id: id, owner: owner, grade: grade, json: json, updatedAt: 1)
    }

    @Test(arguments: StoreBackend.available) func materialsAreWrittenEachOnItsOwnAndRaiseTheRevisionOncePerTransaction(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            #expect(try await store.materialsRevision() == 0)
            let first = try await store.putMaterials(
                [Self.material(.grade, "g1"), Self.material(.lot, "l1", grade: "g1"), Self.material(.lot, "l2", grade: "nope")], mode: .create)
            #expect(first.outcomes == [nil, nil, .gradeMissing("nope")])
            #expect(first.created == 2 && first.revision == 1)
            #expect(try await store.materialsRevision() == 1)
            let again = try await store.putMaterials([Self.material(.grade, "g1")], mode: .create)
            #expect(again.outcomes == [.exists("g1")] && again.revision == 1)
            let rival = try await store.putMaterials([Self.material(.grade, "g1", owner: "b", json: "{\"x\":1}")], mode: .upsert)
            #expect(rival.outcomes == [.notOwner(id: "g1", owner: "a")])
            let replaced = try await store.putMaterials([Self.material(.grade, "g1", json: "{\"x\":2}")], mode: .replace)
            #expect(replaced.replaced == 1 && replaced.revision == 2)
            #expect(try await store.material(.grade, id: "g1")?.json == "{\"x\":2}")
            #expect(try await store.material(.lot, id: "g1") == nil)
            #expect(try await store.putMaterials([Self.material(.request, "r")], mode: .replace).outcomes == [.notFound("r")])
            let upsert = try await store.putMaterials([Self.material(.request, "r"), Self.material(.lot, "l1", grade: "g1", json: "{\"y\":1}")], mode: .upsert)
            #expect(upsert.created == 1 && upsert.replaced == 1 && upsert.revision == 3)
            #expect(try await store.materials(.lot).map(\.id) == ["l1"])
            #expect(try await store.materials(.request).map(\.owner) == ["a"])
        }
    }

    /// A page of search results is read in one go: the records that exist, of the kind asked, however many ids.
    @Test(arguments: StoreBackend.available) func manyMaterialsAreReadByIDAtOnce(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let lots = (0..<1200).map { Self.material(.lot, "l\($0)", grade: "g1", json: "{\"n\":\($0)}") }
            _ = try await store.putMaterials([Self.material(.grade, "g1")] + lots, mode: .create)
            let ids = (0..<1200).filter { $0 % 2 == 0 }.map { "l\($0)" } + ["missing", "g1"]
            let found = try await store.materials(.lot, ids: ids)
            #expect(found.count == 600)
            #expect(found["l1198"]?.json == "{\"n\":1198}" && found["l1"] == nil && found["g1"] == nil)
            #expect(try await store.materials(.lot, ids: []).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.available) func aGradeOthersLotsNameIsWithdrawnNotDeleted(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            _ = try await store.putMaterials(
                [Self.material(.grade, "g1"), Self.material(.lot, "own", grade: "g1"), Self.material(.lot, "theirs", owner: "b", grade: "g1")],
                mode: .create)
            await #expect(throws: MaterialWriteError.gradeInUse(id: "g1", lots: 1)) { try await store.deleteMaterial(.grade, id: "g1", owner: "a") }
            await #expect(throws: MaterialWriteError.notOwner(id: "own", owner: "a")) { try await store.deleteMaterial(.lot, id: "own", owner: "b") }
            await #expect(throws: MaterialWriteError.notFound("nope")) { try await store.deleteMaterial(.lot, id: "nope", owner: "a") }
            #expect(try await store.deleteMaterial(.lot, id: "own", owner: "a") == MaterialDeletion(revision: 2, withdrawn: false))
            #expect(try await store.deleteMaterial(.grade, id: "g1", owner: "a") == MaterialDeletion(revision: 3, withdrawn: true))
            #expect(try await store.material(.grade, id: "g1")?.withdrawn == true)
            let late = try await store.putMaterials([Self.material(.lot, "new", owner: "b", grade: "g1")], mode: .create)
            #expect(late.outcomes == [.gradeWithdrawn("g1")])
            let snapshot = try await store.materialSnapshot(
                start: { grades, count in (grades: grades.map(\.id), count: count, lots: [String]()) }, add: { $0.lots.append($1.id) })
            #expect(snapshot.revision == 3)
            #expect(snapshot.state.grades == ["g1"] && snapshot.state.count == 1 && snapshot.state.lots == ["theirs"])
            // The last lot gone, the withdrawn grade goes with a delete.
            _ = try await store.deleteMaterial(.lot, id: "theirs", owner: "b")
            #expect(try await store.deleteMaterial(.grade, id: "g1", owner: "a") == MaterialDeletion(revision: 5, withdrawn: false))
            #expect(try await store.material(.grade, id: "g1") == nil)
        }
    }
}
