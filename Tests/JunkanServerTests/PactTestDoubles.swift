import Foundation
import JunkanCore
import JunkanNode

/// Records the events this host sends to partners instead of posting them.
actor RecordingSender: PactEventSender {
    var sent: [(body: String, url: URL)] = []
    var failuresLeft: Int
    init(failing: Int = 0) { failuresLeft = failing }
    func send(_ body: String, to url: URL) async throws {
        if failuresLeft > 0 {
            failuresLeft -= 1
            throw URLError(.cannotConnectToHost)
        }
        sent.append((body, url))
    }
    func bodies() -> [JSONValue] { sent.compactMap { try? JSONParser.parse($0.body) } }
}

/// A clock the tests move forward (to expire tokens).
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var ms: Int64 = 1_750_000_000_000
    var now: Int64 { lock.withLock { ms } }
    func advance(seconds: Int64) { lock.withLock { ms += seconds * 1000 } }
}
