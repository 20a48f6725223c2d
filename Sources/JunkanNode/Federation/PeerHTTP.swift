public import Foundation

#if canImport(FoundationNetworking)
public import FoundationNetworking
#endif

/// HTTP to other nodes, bounded: every request has a deadline and every answer a size limit, enforced while the body
/// arrives (the transfer is cancelled at the limit, so a peer that streams without end costs at most `maxBytes` of
/// memory). What a peer sends is never trusted to be small or quick (issue 27, bad peers).
public enum PeerHTTP {
    public struct Answer: Sendable {
        public var status: Int
        public var body: [UInt8]
        /// Response headers, names in lower case.
        public var headers: [String: String]
        public init(status: Int, body: [UInt8], headers: [String: String] = [:]) { self.status = status; self.body = body; self.headers = headers }
    }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case timeout(String, seconds: Double)
        case tooLarge(String, limit: Int)
        case unreachable(String, String)

        public var description: String {
            switch self {
            case .timeout(let url, let s): "\(url) did not answer within \(s) s"
            case .tooLarge(let url, let limit): "\(url) answered more than \(limit) bytes"
            case .unreachable(let url, let why): "\(url): \(why)"
            }
        }
    }

    /// GET (no body) or POST of JSON to `url`. A redirect is not followed: the answer is the 3xx with its `location`. A
    /// peer is pinned by its base URL, and what it answers is its own; where a redirect points is the caller's to judge
    /// (the resolver's, for one: `PeerResolver`).
    public static func send(
        _ url: String, method: String = "GET", json body: [UInt8]? = nil, headers: [String: String] = [:], timeout: Double,
        maxBytes: Int
    ) async throws -> Answer {
        guard let u = URL(string: url) else { throw Failure.unreachable(url, "not a URL") }
        var request = URLRequest(url: u)
        request.httpMethod = method
        request.timeoutInterval = timeout
        if let body {
            request.httpBody = Data(body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let collector = Collector(url: url, limit: maxBytes, timeout: timeout)
        let session = URLSession(configuration: .ephemeral, delegate: collector, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                collector.start(session.dataTask(with: request), continuation: continuation)
            }
        } onCancel: {
            collector.cancel()
        }
    }

    /// Gathers one task's body, refusing it past the limit, and resumes its caller exactly once.
    private final class Collector: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        let url: String
        let limit: Int
        let timeout: Double
        private let lock = NSLock()
        private var body: [UInt8] = []
        private var status = 0
        private var headers: [String: String] = [:]
        private var continuation: CheckedContinuation<Answer, any Error>?
        private var task: URLSessionDataTask?
        private var failure: Failure?

        init(url: String, limit: Int, timeout: Double) {
            self.url = url; self.limit = limit; self.timeout = timeout
        }

        func start(_ task: URLSessionDataTask, continuation: CheckedContinuation<Answer, any Error>) {
            lock.withLock {
                self.task = task
                self.continuation = continuation
            }
            task.resume()
            // URLSession's timeout is between packets; the deadline here covers the whole answer (a peer that trickles).
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [weak self] in self?.fail(.timeout(self?.url ?? "", seconds: self?.timeout ?? 0)) }
        }

        func cancel() { fail(.unreachable(url, "cancelled")) }

        private func fail(_ f: Failure) {
            let t: URLSessionDataTask? = lock.withLock {
                if failure == nil, continuation != nil { failure = f }
                return task
            }
            t?.cancel()
        }

        func urlSession(
            _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
            completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
        ) {
            let http = response as? HTTPURLResponse
            let s = http?.statusCode ?? 0
            var h: [String: String] = [:]
            for (k, v) in http?.allHeaderFields ?? [:] { if let k = k as? String, let v = v as? String { h[k.lowercased()] = v } }
            let declared = response.expectedContentLength
            lock.withLock {
                status = s
                headers = h
            }
            if declared > Int64(limit) {
                fail(.tooLarge(url, limit: limit))
                completionHandler(.cancel)
            } else {
                completionHandler(.allow)
            }
        }

        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest,
            completionHandler: @escaping (URLRequest?) -> Void
        ) {
            completionHandler(nil)
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            let over: Bool = lock.withLock {
                body.append(contentsOf: data)
                return body.count > limit
            }
            if over { fail(.tooLarge(url, limit: limit)) }
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
            let (c, result): (CheckedContinuation<Answer, any Error>?, Result<Answer, any Error>) = lock.withLock {
                let c = continuation
                continuation = nil
                if let failure { return (c, .failure(failure)) }
                if let error {
                    let timedOut = (error as? URLError)?.code == .timedOut
                    return (c, .failure(timedOut ? Failure.timeout(url, seconds: timeout) : Failure.unreachable(url, error.localizedDescription)))
                }
                return (c, .success(Answer(status: status, body: body, headers: headers)))
            }
            c?.resume(with: result)
        }
    }
}
