import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanNode
import JunkanServer
import JunkanStore
import JunkanTestSupport
import Testing

/// Issue 25, item 8: an organisation withdraws its own grade even when others' lots name it; those lots keep the
/// grade's last version, nothing new may name it, and it is no longer offered on its own.
extension MaterialRouteTests {
    static let other: HTTPFields = [.authorization: "Bearer other-token", .contentType: "application/json"]

    @Test(.temporaryStore) func aGradeIsWithdrawnWhileOthersLotsKeepIt() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        _ = try await tmp.organisation("Other Org", token: "other-token")
        try await tmp.application().test(.router) { client in
            #expect(try await send(client, .post, "/materials/grades", MaterialSamples.recycledGrade).0 == .created)
            // Another organisation's lot of the grade; then the grade's owner withdraws it.
            #expect(try await send(client, .post, "/materials/lots", MaterialSamples.lots[1], headers: Self.other).0 == .created)
            #expect(try await send(client, .delete, "/materials/grades/pp-pcr").0 == .noContent)

            let (shown, problem, _) = try await send(client, .get, "/materials/grades/pp-pcr")
            #expect(shown == .notFound)
            #expect(problem.objectValue?["detail"] == "grade pp-pcr was withdrawn by its owner")
            #expect(try await send(client, .get, "/materials/grades").1.objectValue?["count"] == 0)
            // The lot keeps the grade's last version, and can still be replaced under it.
            let (status, lot, _) = try await send(client, .get, "/materials/lots/01/09506000134352/10/R1")
            #expect(status == .ok)
            let computed = lot.objectValue?["computed"]?.objectValue
            #expect(computed?["gradeName"] == "rPP 30" && computed?["producer"] == "Loop Recycling")
            #expect(try await send(client, .put, "/materials/lots/01/09506000134352/10/R1", MaterialSamples.lots[1], headers: Self.other).0 == .ok)
            // No new lot may name it.
            let (refused, why, _) = try await send(client, .post, "/materials/lots", MaterialSamples.lots[2], headers: Self.other)
            #expect(refused == .badRequest)
            #expect(why.objectValue?["pointer"] == "/grade")
        }
    }

    @Test(.temporaryStore) func aGradeYourOwnLotsNameStaysUntilTheyMove() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        try await tmp.application().test(.router) { client in
            let grade = try await send(client, .post, "/materials/grades", MaterialSamples.recycledGrade)
            #expect(grade.0 == .created)
            let lot = try await send(client, .post, "/materials/lots", MaterialSamples.lots[1])
            #expect(lot.0 == .created)
            let delete = try await send(client, .delete, "/materials/grades/pp-pcr")
            #expect(delete.0 == .conflict)
            let shown = try await send(client, .get, "/materials/grades/pp-pcr")
            #expect(shown.0 == .ok)
        }
    }
}
