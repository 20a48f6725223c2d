import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// The HTTP client of webhook deliveries: AsyncHTTPClient's pool, so a subscriber's connection is kept alive from one
/// delivery to the next (a hundred subscribers of a busy query cost no connection per delivery). Redirects are not
/// followed: a delivery goes where its subscription was checked to point (`WebhookTarget`), and only there.
enum WebhookClient {
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, decompression: .disabled)
        // A subscriber that refuses the connection has failed this delivery (retried with backoff), not a moment later.
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// POSTs a delivery and reads at most 64 KiB of the answer; the status, or an error when there was no answer in time.
    static func post(_ url: String, body: [UInt8], headers: [String: String], timeout: Double) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
        _ = try await response.body.collect(upTo: 64 << 10)
        return Int(response.status.code)
    }
}
