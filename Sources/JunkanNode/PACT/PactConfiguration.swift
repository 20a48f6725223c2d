public import Foundation

/// How this node serves PACT v3 (`/auth/token`, `/3/…`).
public struct PactConfiguration: Sendable {
    /// PACT refuses plain HTTP. Junkan serves HTTP behind a TLS-terminating proxy, so a request counts as HTTPS when it
    /// carries `X-Forwarded-Proto: https` or `Forwarded: proto=https`: the proxy must set these and strip what clients send,
    /// and the node must be reachable only through it (`junkan serve` binds to 127.0.0.1 unless told otherwise).
    /// `allowPlainHTTP` turns the check off, for development only.
    public var allowPlainHTTP: Bool
    /// Lifetime of an access token from `/auth/token`.
    public var tokenLifetimeSeconds: Int
    /// Page size of `ListFootprints` when the request gives no `limit`, and the most a page holds.
    public var defaultPageSize: Int
    public var maxPageSize: Int
    /// Waits between attempts to deliver a follow-up event (Fulfilled/Rejected) to a requester; one attempt more than waits.
    public var deliveryRetryDelays: [Duration]
    public var sender: any PactEventSender
    /// The clock (ms since the epoch); tests move it to expire tokens.
    public var now: @Sendable () -> Int64

    public init(
        allowPlainHTTP: Bool = false, tokenLifetimeSeconds: Int = 3600, defaultPageSize: Int = 100, maxPageSize: Int = 1000,
        deliveryRetryDelays: [Duration] = [.seconds(2), .seconds(30), .seconds(300)],
        sender: any PactEventSender = URLSessionPactEventSender(),
        now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }
    ) {
        self.allowPlainHTTP = allowPlainHTTP; self.tokenLifetimeSeconds = tokenLifetimeSeconds; self.defaultPageSize = defaultPageSize
        self.maxPageSize = maxPageSize; self.deliveryRetryDelays = deliveryRetryDelays; self.sender = sender; self.now = now
    }
}
