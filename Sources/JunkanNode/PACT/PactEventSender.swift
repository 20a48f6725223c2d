public import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Posts a PACT event (`application/cloudevents+json`) to a partner's events endpoint.
public protocol PactEventSender: Sendable {
    /// Throws unless the partner answered 2xx.
    func send(_ body: String, to url: URL) async throws
}

public struct URLSessionPactEventSender: PactEventSender {
    public struct Refused: Error, CustomStringConvertible {
        public var status: Int
        public var body: String
        public var description: String { "the partner answered \(status): \(body.prefix(200))" }
    }

    public init() {}

    public func send(_ body: String, to url: URL) async throws {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/cloudevents+json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        request.timeoutInterval = 15
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else { throw Refused(status: status, body: String(decoding: data, as: UTF8.self)) }
    }
}
