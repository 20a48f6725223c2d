import Hummingbird
import JunkanCore
import JunkanLedger
import JunkanStore
import Logging

/// Builds the Junkan HTTP application from its dependencies (the store is injected: tests pass a
/// temporary SQLite store, `junkan serve` the configured one).
public struct JunkanServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var limits: CaptureLimits
    public init(host: String = "127.0.0.1", port: Int = 8080, limits: CaptureLimits = .init()) {
        self.host = host; self.port = port; self.limits = limits
    }
}

/// `logKey`: the verifier key of the node's log (served at `/tlog/key`); `reader` shares its tile cache; `trace` is the
/// trace graph (one per store: `junkan serve` starts loading it before the first request).
public func buildRouter(store: any EventStore & LedgerStore, limits: CaptureLimits = .init(), metrics: ServerMetrics = ServerMetrics(),
                        logKey: NoteVerifierKey? = nil, reader: LogReader? = nil, trace: TraceIndex? = nil) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: MetricsRecorder(metrics: metrics))
    router.add(middleware: ProblemMiddleware())
    let trace = trace ?? TraceIndex(store: store)
    CaptureController(store: store, limits: limits, metrics: metrics, trace: trace).addRoutes(to: router)
    TraceController(index: trace).addRoutes(to: router)
    EventsController(store: store).addRoutes(to: router)
    LogController(store: store, reader: reader ?? LogReader(store: store), logKey: logKey).addRoutes(to: router)
    router.get("/health") { _, _ in
        let count = try await store.eventCount()
        return Response(status: .ok, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\"ok\",\"events\":\(count)}")))
    }
    router.get("/metrics") { _, _ in
        Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: metrics.text())))
    }
    return router
}

public func buildApplication(store: any EventStore & LedgerStore, configuration: JunkanServerConfiguration, logKey: NoteVerifierKey? = nil,
                             reader: LogReader? = nil, trace: TraceIndex? = nil, logger: Logger? = nil) -> some ApplicationProtocol {
    var log = logger ?? Logger(label: "junkan")
    if logger == nil { log.logLevel = .info }
    let router = buildRouter(store: store, limits: configuration.limits, logKey: logKey, reader: reader, trace: trace)
    return Application(router: router, configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "junkan"), logger: log)
}
