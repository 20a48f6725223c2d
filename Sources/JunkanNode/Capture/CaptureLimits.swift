/// What one capture may hold (advertised by `OPTIONS /capture`).
public struct CaptureLimits: Sendable {
    public var maxEvents: Int
    public var maxBytes: Int
    /// 10,000 events, 10 MiB: a full document of typical events fits, a larger body is refused unread.
    public init(maxEvents: Int = 10_000, maxBytes: Int = 10 * 1024 * 1024) { self.maxEvents = maxEvents; self.maxBytes = maxBytes }
}
