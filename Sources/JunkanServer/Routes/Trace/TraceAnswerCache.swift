import Hummingbird
import JunkanCore

/// The latest trace answers as sent, reused while the question, the local graph and the walk into the peers are the
/// same (`FederatedTrace.Result.stamp`): a provenance tree of thousands of events costs tens of milliseconds to build
/// and write, and a warm question asked again need not pay it (issue 27's benchmark: warm < 50 ms).
actor TraceAnswerCache {
    struct Key: Hashable {
        var path: String
        var id: String
        var depth: Int
        var graphVersion: Int
        var walk: UInt64
    }

    /// At most this many answers and bytes are kept; an answer larger than a quarter of the bytes is not kept.
    static let entries = 16
    static let bytes = 64 << 20
    private var kept: [Key: ByteBuffer] = [:]
    private var order: [Key] = []
    private var total = 0

    func answer(_ key: Key) -> ByteBuffer? { kept[key] }

    func keep(_ key: Key, _ body: ByteBuffer) {
        guard kept[key] == nil, body.readableBytes <= Self.bytes / 4 else { return }
        kept[key] = body
        order.append(key)
        total += body.readableBytes
        while order.count > Self.entries || total > Self.bytes {
            let old = order.removeFirst()
            total -= kept.removeValue(forKey: old)?.readableBytes ?? 0
        }
    }
}
