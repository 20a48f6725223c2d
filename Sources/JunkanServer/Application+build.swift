import Foundation
public import Hummingbird
import HummingbirdWebSocket
public import JunkanCore
public import JunkanLedger
public import JunkanNode
public import JunkanStore
public import Logging

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
    /// The witnesses this node asks for cosignatures, whose keys it trusts (its `/.well-known/junkan-node` lists them).
    public var witnessKeys: [NoteVerifierKey]
    /// How trace walks ask peers (per-request timeout, answer size, cache freshness).
    public var federation: FederatedTrace.Settings
    /// Seconds a Dataspace Protocol pull token lives.
    public var dspTokenLifetime: Double
    /// How query subscriptions are delivered (whether webhooks may be private addresses, batches, retries).
    public var subscriptions: SubscriptionDispatcher.Settings = .init()
    public init(
        host: String = "127.0.0.1", port: Int = 8080, limits: CaptureLimits = .init(), pact: PactConfiguration = .init(),
        fiscalCalendar: FiscalCalendar = .init(), passport: PassportConfiguration? = nil, witnessKeys: [NoteVerifierKey] = [],
        federation: FederatedTrace.Settings = .init(), dspTokenLifetime: Double = 300
    ) {
        self.dspTokenLifetime = dspTokenLifetime
        self.host = host; self.port = port; self.limits = limits; self.pact = pact; self.fiscalCalendar = fiscalCalendar
        self.passport = passport ?? PassportConfiguration(baseURL: "http://\(host):\(port)")
        self.witnessKeys = witnessKeys
        self.federation = federation
    }
}

/// `logKey`: the verifier key of the node's log (served at `/tlog/key`); `reader` shares its tile cache; `trace` is the
/// trace graph (one per store: `junkan serve` starts loading it before the first request).
/// `pact`: how the PACT v3 routes run (HTTPS check, token lifetime, delivery of answers to partners' requests).
/// `federation`: how trace walks reach peers (tests pass one with their own transport and timeouts).
public func buildRouter(
    store: any NodeStore, limits: CaptureLimits = .init(), metrics: ServerMetrics = ServerMetrics(),
    logKey: NoteVerifierKey? = nil, reader: LogReader? = nil, trace: TraceIndex? = nil,
    pact: PactConfiguration = .init(), fiscalCalendar: FiscalCalendar = .init(),
    passport: PassportConfiguration = .init(), witnessKeys: [NoteVerifierKey] = [], federation: FederatedTrace? = nil,
    peerWitness: PeerWitness? = nil, dataSpace: DSPProvider.Settings = .init(), dspInbox: DSPConsumerInbox = DSPConsumerInbox(),
    subscriptions: SubscriptionDispatcher? = nil
) -> Router<JunkanRequestContext> {
    let router = Router(context: JunkanRequestContext.self)
    router.add(middleware: CORSHeaders())
    router.add(middleware: MetricsRecorder(metrics: metrics))
    // Every route is added through a RecordingRouter, so a known path asked with another method is a 405.
    let table = RouteTable()
    router.add(middleware: ProblemMiddleware(routes: table))
    let trace = trace ?? TraceIndex(store: store)
    let routes = RecordingRouter(base: router, table: table)
    // PACT v3: its own tokens (PactGate) and error format, so not behind the organisations' authentication.
    let gate = PactGate(store: store, configuration: pact)
    routes.addRoutes(PactAuthController(store: store, gate: gate).routes)
    // `/3/…`: the caller is the PACT client of a live access token (PactCallerMiddleware).
    let pactAPI = RecordingRouter(base: router.group().add(middleware: PactCallerMiddleware(gate: gate)), table: table)
    pactAPI.addRoutes(PactFootprintsController(store: store, gate: gate).routes, atPath: "/3/footprints")
    pactAPI.addRoutes(PactEventsController(store: store, gate: gate, responder: PactRequestResponder(store: store, configuration: pact)).routes)
    // The Ouranos data-transaction API: its own API keys, tokens and error format (docs/ouranos.md).
    let ouranos = OuranosGate(store: store)
    routes.addRoutes(OuranosAuthController(gate: ouranos).routes, atPath: "/auth")
    routes.addRoutes(
        OuranosController(gate: ouranos, store: store, trace: trace, baseURL: passport.baseURL).routes, atPath: "/api/v1")
    // Everything else: the caller (an organisation's bearer token, or the public) is read once, before the route runs.
    let api = RecordingRouter(base: router.group().add(middleware: CallerMiddleware(identity: CallerIdentity(store: store))), table: table)
    api.addRoutes(
        CaptureController(store: store, limits: limits, metrics: metrics, trace: trace, committed: { subscriptions?.poke() }).routes)
    api.addRoutes(EventsController(store: store).routes, atPath: "/events")
    api.addRoutes(DiscoveryController(store: store).routes)
    api.addRoutes(MasterDataController(store: store).routes)
    let clock: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }
    api.addRoutes(QueriesController(store: store, now: clock).routes, atPath: "/queries")
    api.addRoutes(
        SubscriptionsController(
            store: store, dispatcher: subscriptions, allowPrivateWebhooks: subscriptions?.settings.allowPrivateWebhooks ?? false,
            now: subscriptions?.now ?? clock
        ).routes, atPath: "/queries")
    let federation = federation ?? FederatedTrace(peers: store, witnessKeys: witnessKeys)
    api.addRoutes(TraceController(index: trace, federation: federation).routes)
    api.addRoutes(FootprintPublishController(publisher: PactPublisher(store: store, trace: trace), now: pact.now).routes)
    let reporter = CircularityReporter(store: store, trace: trace, calendar: fiscalCalendar)
    api.addRoutes(CircularityImportController(store: store, now: pact.now).routes)
    api.addRoutes(CircularityReportController(reporter: reporter).routes)
    let materials = MaterialIndex(store: store, trace: trace)
    let catalogue = MaterialCatalogue(store: store, index: materials, now: pact.now)
    api.addRoutes(MaterialRecordsController(catalogue: catalogue, index: materials).routes, atPath: "/materials")
    api.addRoutes(MatchingController(catalogue: catalogue, index: materials).routes, atPath: "/materials")
    api.addRoutes(MaterialImportController(catalogue: catalogue).routes, atPath: "/materials")
    api.addRoutes(MaterialPagesController(catalogue: catalogue, index: materials).routes, atPath: "/materials")
    api.addRoutes(SubstanceController(service: SubstanceService(store: store, trace: trace), now: clock).routes)
    let reader = reader ?? LogReader(store: store)
    api.addRoutes(LogController(store: store, reader: reader, logKey: logKey).routes, atPath: "/tlog")
    let passports = PassportService(
        assembler: PassportAssembler(
            store: store, trace: trace, reader: reader, reporter: reporter, calendar: fiscalCalendar, federation: federation,
            witnessed: !witnessKeys.isEmpty),
        store: store, configuration: passport)
    api.addRoutes(ResolverController(service: passports, store: store).routes)
    api.addRoutes(PassportController(service: passports).routes, atPath: "/passports/01")
    api.addRoutes(ProductsController(store: store, now: pact.now).routes, atPath: "/products")
    api.addRoutes(IdentityController(store: store, logKey: logKey, baseURL: passport.baseURL).routes)
    api.addRoutes(
        FederationController(
            store: store, logKey: logKey, witnessKeys: witnessKeys, baseURL: passport.baseURL, trace: trace, reader: reader,
            peerWitnessKey: peerWitness.map { Cosignature.verifierKey(of: $0.signer) }
        )
        .routes)
    api.addRoutes(MirrorController(store: store).routes, atPath: "/mirror")
    // The Dataspace Protocol connector (docs/dataspace.md): catalog, negotiations, transfers, and the pull endpoint.
    let dsp = DSPProvider(store: store, catalog: DSPCatalog(store: store, trace: trace), baseURL: passport.baseURL, settings: dataSpace)
    api.get("/.well-known/dspace-version") { request, _ in
        try request.onlyQueryParameters([])
        return Response.json(DSPWire.versions(path: "/dsp", serviceID: passport.baseURL + "/dsp"))
    }
    api.addRoutes(DSPController(provider: dsp).routes, atPath: "/dsp")
    api.addRoutes(DSPDataController(provider: dsp, passports: passports, trace: trace, reporter: reporter).routes, atPath: "/dsp")
    api.addRoutes(DSPCallbackController(inbox: dspInbox).routes, atPath: "/dsp/callback")
    if let peerWitness {
        // The node witnesses its peers' logs (C2SP tlog-witness at /witness); a fork it is shown is the peer's split view.
        var witness = WitnessController<JunkanRequestContext>(store: peerWitness.store, signer: peerWitness.signer, now: peerWitness.now)
        witness.onSplitView = { origin, note, why in
            guard let peer = try? await store.peers().first(where: { $0.logOrigin == origin }) else { return }
            // The evidence is the checkpoint of that size the witness cosigned, as the peer signed it: any node that pinned
            // the peer's key can check the two (`PeerMirror.relay`).
            let size = (try? Checkpoint(parsing: SignedNote(parsing: note).text))?.size ?? 0
            let previous = try? await peerWitness.store.cosignedNote(origin: origin, size: size)
            try? await store.recordSplitView(
                SplitView(node: peer.baseURL, previous: previous ?? "", current: note, why: why, seenAt: Int64(peerWitness.now()) * 1000))
        }
        api.addRoutes(witness.routes, atPath: "/witness")
    }
    api.addRoutes(QRController().routes)
    // The pages that tie the others together (issue 30): home, search, explorer, log, and the API description.
    api.addRoutes(
        PagesController(
            store: store, trace: trace, flows: MaterialFlowIndex(trace: trace), federation: federation, reader: reader, logKey: logKey,
            witnessKeys: witnessKeys,
            baseURL: passport.baseURL
        ).routes)
    api.get("/health") { request, _ in
        try request.onlyQueryParameters([])
        let count = try await store.eventCount()
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\"ok\",\"events\":\(count)}")))
    }
    api.get("/metrics") { request, _ in
        try request.onlyQueryParameters([])
        async let peers = store.peers()
        async let splitViews = store.splitViews()
        async let subscribed = store.allSubscriptions()
        metrics.federation(peers: try await peers.count, splitViews: try await splitViews.count)
        let all = try await subscribed
        metrics.subscriptions(total: all.count, failing: all.filter(\.isFailing).count)
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: metrics.text())))
    }
    return router
}

/// `nodeKey`: the log's signer, with which the node also signs its requests to peers (RFC 9421; its did:web key).
/// `peerPact`: the PACT client credentials peers issued this node (`junkan peer pact`), by peer base URL.
/// A node witnessing its peers (`junkan serve --witness-peers`): the witness state and the witness's key.
public struct PeerWitness: Sendable {
    public var store: any WitnessStore
    public var signer: NoteSigner
    public var now: @Sendable () -> UInt64
    public init(store: any WitnessStore, signer: NoteSigner, now: @escaping @Sendable () -> UInt64 = PeerWitness.clock) {
        self.store = store; self.signer = signer; self.now = now
    }
    public static let clock: @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970) }
}

public func buildApplication(
    store: any NodeStore, configuration: JunkanServerConfiguration, logKey: NoteVerifierKey? = nil,
    reader: LogReader? = nil, trace: TraceIndex? = nil, logger: Logger? = nil, nodeKey: NoteSigner? = nil, peerWitness: PeerWitness? = nil,
    peerPact: @escaping @Sendable (String) -> PeerPactFootprint.Credentials? = { _ in nil }
) -> some ApplicationProtocol {
    var log = logger ?? Logger(label: "junkan")
    if logger == nil { log.logLevel = .info }
    let signer = nodeKey.map { FederatedTrace.Signer(keyID: DIDWeb.keyID(DIDWeb.did(baseURL: configuration.passport.baseURL)), key: $0.privateKey) }
    // Trace walks reach DSP-only peers as a consumer, their callbacks arriving at this node's /dsp/callback.
    let inbox = DSPConsumerInbox()
    let dspLogger = log
    let fetcher = DSPWalkFetcher(
        consumer: DSPConsumer(
            signer: signer, callbackAddress: configuration.passport.baseURL + "/dsp/callback", inbox: inbox, timeout: configuration.federation.timeout,
            report: { line in dspLogger.debug("dsp consumer: \(JSONWriter.string(line))") }))
    var subscriptionSettings = configuration.subscriptions
    // A process restarted on the same address takes its subscriptions back at once (SubscriptionDispatcher.Settings.owner).
    subscriptionSettings.owner = "\(configuration.host):\(configuration.port)"
    let dispatcher = SubscriptionDispatcher(store: store, parse: NamedQueryParser.eventQuery, settings: subscriptionSettings)
    let router = buildRouter(
        store: store, limits: configuration.limits, logKey: logKey, reader: reader, trace: trace, pact: configuration.pact,
        fiscalCalendar: configuration.fiscalCalendar, passport: configuration.passport, witnessKeys: configuration.witnessKeys,
        federation: FederatedTrace(
            peers: store, signer: signer, witnessKeys: configuration.witnessKeys, settings: configuration.federation, pactCredentials: peerPact,
            dspFetch: { provider, lot in try await fetcher.fetch(provider: provider, lot: lot) }),
        peerWitness: peerWitness,
        dataSpace: .init(signer: signer, tokenLifetime: Int64(configuration.dspTokenLifetime * 1000)), dspInbox: inbox,
        subscriptions: dispatcher)
    return Application(
        router: router,
        // WebSocket subscriptions upgrade GET /queries/{name}/events (QueryStreamSocket); every other request is HTTP/1.1.
        server: .http1WebSocketUpgrade(
            webSocketRouter: QueryStreamSocket.router(store: store), additionalChannelHandlers: [ExpectContinueHandler()]),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "junkan"),
        services: [SubscriptionService(dispatcher: dispatcher)], logger: log)
}
