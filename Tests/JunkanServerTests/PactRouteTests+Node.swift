import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanNode
import JunkanSQLite
import JunkanServer
import JunkanStore
import JunkanTestSupport
import Testing

extension PactRouteTests {
    struct Node {
        let tmp: TemporaryStore
        let clock = TestClock()
        let sender: RecordingSender
        let clientSecret = "s3cret/with+chars"
        var router: Router<JunkanRequestContext> {
            let clock = self.clock
            return buildRouter(
                store: tmp.store,
                pact: PactConfiguration(
                    deliveryRetryDelays: [.milliseconds(10)], sender: sender,
                    now: { clock.now }))
        }
        init(failing: Int = 0) async throws {
            tmp = try await TemporaryStore()
            sender = RecordingSender(failing: failing)
            _ = try await tmp.organisation("Tokai Compounding")
            try await tmp.store.addPactClient(PactClient(id: "partner", name: "Partner", secretHash: TokenHash.sha256Hex(clientSecret), createdAt: 0))
        }
    }
}
