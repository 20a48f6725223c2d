import Hummingbird
public import Prometheus

/// Prometheus metrics of this server, kept in its own registry (no process-wide bootstrap, so
/// several servers in one test process do not collide).
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let capturedEvents: Counter
    let duplicateEvents: Counter
    let rejectedEvents: Counter
    let captureDocuments: Counter
    let peers: Gauge
    let splitViews: Gauge
    let subscriptions: Gauge
    let failingSubscriptions: Gauge

    public init() {
        capturedEvents = registry.makeCounter(name: "junkan_captured_events_total", help: "Events newly stored by capture")
        duplicateEvents = registry.makeCounter(name: "junkan_duplicate_events_total", help: "Captured events already stored (same event hash)")
        rejectedEvents = registry.makeCounter(name: "junkan_rejected_events_total", help: "Captured events rejected as invalid")
        captureDocuments = registry.makeCounter(name: "junkan_capture_documents_total", help: "Capture requests handled")
        peers = registry.makeGauge(name: "junkan_federation_peers", help: "Peer nodes registered (junkan peer add)")
        splitViews = registry.makeGauge(
            name: "junkan_federation_split_views", help: "Peers seen showing two views of their log (GET /federation/status has the evidence)")
        subscriptions = registry.makeGauge(name: "junkan_subscriptions", help: "Subscriptions to named queries")
        failingSubscriptions = registry.makeGauge(
            name: "junkan_subscriptions_failing", help: "Subscriptions whose last deliveries failed in a row (GET of the subscription has the error)")
    }

    /// The subscriptions' gauges, as the store has them now.
    func subscriptions(total: Int, failing: Int) {
        subscriptions.set(Double(total))
        failingSubscriptions.set(Double(failing))
    }

    /// The federation gauges, as the store has them now.
    func federation(peers: Int, splitViews: Int) {
        self.peers.set(Double(peers))
        self.splitViews.set(Double(splitViews))
    }

    func requests(method: String, route: String, status: Int) -> Counter {
        registry.makeCounter(
            name: "junkan_http_requests_total", labels: [("method", method), ("route", route), ("status", String(status))],
            help: "HTTP requests by method, route and status")
    }

    func latency(method: String, route: String) -> DurationHistogram {
        registry.makeDurationHistogram(
            name: "junkan_http_request_duration_seconds", labels: [("method", method), ("route", route)],
            buckets: [
                .milliseconds(1), .milliseconds(5), .milliseconds(20), .milliseconds(100),
                .milliseconds(500), .seconds(2), .seconds(10)
            ],
            help: "HTTP request latency")
    }

    public func text() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}

/// Counts requests and their latency by route (the matched route pattern, not the raw path, so
/// IDs in paths do not explode the label set).
struct MetricsRecorder<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let method = request.method.rawValue
        do {
            let response = try await next(request, context)
            record(method, context, Int(response.status.code), start)
            return response
        } catch let e as any HTTPResponseError {
            record(method, context, Int(e.status.code), start)
            throw e
        } catch {
            record(method, context, 500, start)
            throw error
        }
    }

    func record(_ method: String, _ context: Context, _ status: Int, _ start: ContinuousClock.Instant) {
        let route = context.endpointPath ?? "unmatched"
        metrics.requests(method: method, route: route, status: status).increment()
        metrics.latency(method: method, route: route).record(ContinuousClock.now - start)
    }
}
