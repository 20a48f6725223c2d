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
    public var pact: PactConfiguration
    /// The months of a fiscal year, for collection figures computed from captured events.
    public var fiscalCalendar: FiscalCalendar
    /// The node's public base URL for passports, did:web and resolver links (default http://{host}:{port}).
    public var passport: PassportConfiguration
    public init(host: String = "127.0.0.1", port: Int = 8080, limits: CaptureLimits = .init(), pact: PactConfiguration = .init(),
                fiscalCalendar: FiscalCalendar = .init(), passport: PassportConfiguration? = nil) {
        self.host = host; self.port = port; self.limits = limits; self.pact = pact; self.fiscalCalendar = fiscalCalendar
        self.passport = passport ?? PassportConfiguration(baseURL: "http://\(host):\(port)")
    }
}

/// Everything a node keeps: events, its log, PACT clients and footprints, circularity records.
public typealias NodeStore = EventStore & LedgerStore & PactStore & CircularityStore & MaterialStore & ProductStore

/// `logKey`: the verifier key of the node's log (served at `/tlog/key`); `reader` shares its tile cache; `trace` is the
/// trace graph (one per store: `junkan serve` starts loading it before the first request).
/// `pact`: how the PACT v3 routes run (HTTPS check, token lifetime, delivery of answers to partners' requests).
public func buildRouter(store: any NodeStore, limits: CaptureLimits = .init(), metrics: ServerMetrics = ServerMetrics(),
                        logKey: NoteVerifierKey? = nil, reader: LogReader? = nil, trace: TraceIndex? = nil,
                        pact: PactConfiguration = .init(), fiscalCalendar: FiscalCalendar = .init(),
                        passport: PassportConfiguration = .init()) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: CORSHeaders())
    router.add(middleware: MetricsRecorder(metrics: metrics))
    router.add(middleware: ProblemMiddleware())
    let trace = trace ?? TraceIndex(store: store)
    CaptureController(store: store, limits: limits, metrics: metrics, trace: trace).addRoutes(to: router)
    TraceController(index: trace).addRoutes(to: router)
    EventsController(store: store).addRoutes(to: router)
    let gate = PactGate(store: store, configuration: pact)
    PactAuthController(store: store, gate: gate).addRoutes(to: router)
    PactFootprintsController(store: store, gate: gate).addRoutes(to: router)
    PactEventsController(store: store, gate: gate, responder: PactRequestResponder(store: store, configuration: pact)).addRoutes(to: router)
    FootprintPublishController(auth: BearerAuthenticator(store: store), publisher: PactPublisher(store: store, trace: trace), now: pact.now)
        .addRoutes(to: router)
    CircularityImportController(store: store, auth: BearerAuthenticator(store: store), now: pact.now).addRoutes(to: router)
    CircularityReportController(reporter: CircularityReporter(store: store, trace: trace, calendar: fiscalCalendar)).addRoutes(to: router)
    let materials = MaterialIndex(store: store, trace: trace)
    let catalogue = MaterialCatalogue(store: store, index: materials, now: pact.now)
    MaterialRecordsController(catalogue: catalogue, index: materials, auth: BearerAuthenticator(store: store)).addRoutes(to: router)
    MatchingController(catalogue: catalogue, index: materials).addRoutes(to: router)
    MaterialImportController(catalogue: catalogue, auth: BearerAuthenticator(store: store)).addRoutes(to: router)
    MaterialPagesController(catalogue: catalogue, index: materials).addRoutes(to: router)
    let reader = reader ?? LogReader(store: store)
    LogController(store: store, reader: reader, logKey: logKey).addRoutes(to: router)
    let passports = PassportService(
        assembler: PassportAssembler(store: store, trace: trace, reader: reader, reporter: CircularityReporter(store: store, trace: trace, calendar: fiscalCalendar),
                                     calendar: fiscalCalendar),
        store: store, configuration: passport)
    ResolverController(service: passports).addRoutes(to: router)
    PassportController(service: passports, auth: BearerAuthenticator(store: store)).addRoutes(to: router)
    ProductsController(store: store, auth: BearerAuthenticator(store: store), now: pact.now).addRoutes(to: router)
    IdentityController(store: store, logKey: logKey, baseURL: passport.baseURL).addRoutes(to: router)
    QRController().addRoutes(to: router)
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

public func buildApplication(store: any NodeStore, configuration: JunkanServerConfiguration, logKey: NoteVerifierKey? = nil,
                             reader: LogReader? = nil, trace: TraceIndex? = nil, logger: Logger? = nil) -> some ApplicationProtocol {
    var log = logger ?? Logger(label: "junkan")
    if logger == nil { log.logLevel = .info }
    let router = buildRouter(store: store, limits: configuration.limits, logKey: logKey, reader: reader, trace: trace, pact: configuration.pact,
                             fiscalCalendar: configuration.fiscalCalendar, passport: configuration.passport)
    return Application(router: router, server: .http1(configuration: .init(additionalChannelHandlers: [ExpectContinueHandler()])),
                       configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "junkan"), logger: log)
}
