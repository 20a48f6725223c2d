import ArgumentParser
import Foundation
import Hummingbird
import JunkanCore
import JunkanLedger
import JunkanNode
import JunkanServer
import JunkanStore
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the HTTP server (EPCIS 2.0 capture and query, the verifiable log, trace, PACT v3).")

    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "Port to listen on.") var port: Int = 8080
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var node: NodeIdentityOptions
    @Option(help: "Seconds between integration steps (new tiles and a signed checkpoint).") var checkpointInterval: Double = 1
    @Option(name: .customLong("witness"), help: "A witness to ask for cosignatures: URL=VERIFIER-KEY (repeatable).")
    var witnesses: [String] = []
    @Flag(
        help:
            "Serve PACT (/auth/token, /3/…) over plain HTTP: development only. Otherwise PACT requests must arrive through a TLS proxy that sets X-Forwarded-Proto: https."
    )
    var pactAllowHTTP = false
    @Option(help: "The month a fiscal year starts (4: April–March, as in Japan), for collection figures computed from captured events.")
    var fiscalYearStart: Int = 4
    @Option(help: "Seconds a peer has to answer one request of a trace walk, whole; past it the peer's part is a tombstone.")
    var peerTimeout: Double = 5
    @Option(help: "Seconds a peer's verified answer about an identifier is reused by trace walks without asking again.")
    var federationCache: Double = 60
    @Flag(
        help:
            "Witness the peers' logs (C2SP tlog-witness at <base URL>/witness, its key beside the database as witness-key): peers name this node with --witness, and a fork one shows is its split view."
    )
    var witnessPeers = false
    @Option(help: "Seconds a Dataspace Protocol pull token lives (the data address of a transfer's start message).")
    var dspTokenLifetime: Double = 300
    @Flag(
        help:
            "Let query subscriptions deliver to private and loopback addresses (tests, one company's own network); by default a webhook must resolve to public addresses only."
    )
    var allowPrivateWebhooks = false

    func validate() throws {
        guard dspTokenLifetime > 0, dspTokenLifetime <= 86_400 else { throw ValidationError("--dsp-token-lifetime must be from 0 to 86400 seconds") }
        guard peerTimeout > 0, peerTimeout <= 600 else { throw ValidationError("--peer-timeout must be from 0 to 600 seconds") }
        guard federationCache >= 0 else { throw ValidationError("--federation-cache must not be negative") }
        guard (1...12).contains(fiscalYearStart) else { throw ValidationError("--fiscal-year-start must be a month, 1 to 12") }
        guard checkpointInterval > 0 else { throw ValidationError("--checkpoint-interval must be positive") }
        for w in witnesses { _ = try WitnessClient(parsing: w) }
    }

    func run() async throws {
        let store = try await db.open()
        var logger = Logger(label: "junkan")
        logger.logLevel = .info
        let identity = try await NodeIdentity.resolve(
            node, store: store, defaultKeyFile: db.keyFile("log-key"), host: host, port: port)
        let signer = identity.signer
        let reader = LogReader(store: store)
        // Signing keys live apart from the data, readable by this user alone: refuse to start otherwise.
        do { try await store.checkSigningKeys() } catch {
            logger.critical("REFUSING TO START: \(error)")
            throw error
        }
        let witnessClients = try witnesses.map(WitnessClient.init(parsing:))
        try await refuseRollback(store: store, witnesses: witnessClients, logger: logger)
        // The lease outlives three steps, so a process that renews it every step keeps it; another takes over within
        // that long of its stopping.
        let integrator = LogIntegrator(
            store: store, signer: signer, witnesses: witnessClients,
            reader: reader, leaseDuration: max(.seconds(5), .milliseconds(Int64(checkpointInterval * 3000))), logger: logger)
        // The first checkpoint (or the backlog after a restart) before the first request, unless another process of the
        // node integrates.
        try await integrator.integrateIfLeader()
        logger.info("junkan serving http://\(host):\(port) as \(identity.baseURL) with database \(db.described); log \(signer.verifierKey)")
        // Keys the upgrade to owned identifiers left unassigned stay open to anyone until an operator settles them.
        for c in try await store.ownershipConflicts() {
            let text =
                "identifiers under key \(c.key) were created by several organisations (\(c.organisationIDs.joined(separator: ", "))) "
                + "before identifiers had owners: no one owns them until the owner registers its prefix (junkan org prefix add) "
                + "and grants the others (junkan org grant); docs/ownership.md"
            logger.warning("\(text)")
        }
        let trace = TraceIndex(store: store)
        // Load the trace graph now rather than on the first /trace request (which waits for it, or retries on failure).
        Task { [logger] in
            do { _ = try await trace.snapshot() } catch { logger.error("loading the trace graph failed (retried on use): \(error)") }
        }
        var peerWitness: PeerWitness?
        if witnessPeers {
            let name = (URLComponents(string: identity.baseURL).map { ($0.host ?? host) + ($0.port.map { ":\($0)" } ?? "") } ?? host) + "/witness"
            let witnessSigner = try LogKeyFile.loadOrCreate(path: db.keyFile("witness-key"), name: name)
            // Peers added later are followed by `junkan peer add` itself.
            for p in try await store.peers() { try await store.follow(origin: p.logOrigin, key: try NoteVerifierKey(parsing: p.logKey)) }
            peerWitness = PeerWitness(store: store, signer: witnessSigner)
            logger.info("witnessing peers at \(identity.baseURL)/witness as \(Cosignature.verifierKey(of: witnessSigner))")
        }
        var configuration = JunkanServerConfiguration(
            host: host, port: port, pact: .init(allowPlainHTTP: pactAllowHTTP),
            fiscalCalendar: FiscalCalendar(startMonth: fiscalYearStart), passport: PassportConfiguration(baseURL: identity.baseURL),
            witnessKeys: witnessClients.map(\.key), federation: .init(timeout: peerTimeout, freshness: federationCache),
            dspTokenLifetime: dspTokenLifetime)
        configuration.subscriptions.allowPrivateWebhooks = allowPrivateWebhooks
        let app = buildApplication(
            store: store, configuration: configuration,
            logKey: signer.verifierKey,
            reader: reader, trace: trace, logger: logger, nodeKey: signer, peerWitness: peerWitness,
            peerPact: { [keys = store.keys] url in keys.peerPact(baseURL: url).map { .init(clientID: $0.clientID, secret: $0.secret) } })
        let interval = Duration.milliseconds(Int64(checkpointInterval * 1000))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await integrator.run(every: interval) }
            group.addTask { try await app.runService() }
            // The server stops on SIGTERM/SIGINT; then stop integrating too.
            try await group.next()
            group.cancelAll()
        }
    }

    /// A log smaller than a size its witnesses cosigned lost events (a database restored from an old backup, or rows
    /// deleted): serving it would hand out proofs that contradict what the witnesses hold. Refuse, loudly. A witness
    /// that cannot be asked is a warning: a witness outage must not stop a node.
    func refuseRollback(store: any NodeDatabase, witnesses: [WitnessClient], logger: Logger) async throws {
        let leaves = try await store.leafCount()
        var known: [(String, UInt64)] = []
        for w in witnesses { known.append(("witness \(w.name) (as this database records it)", try await store.witnessedSize(witness: w.name))) }
        let asked = await RollbackCheck.witnessFloors(witnesses, store: store)
        for w in asked.unreachable { logger.warning("could not ask witness \(w) which size it cosigned; starting without that check") }
        known += asked.floors.map { ($0.source, $0.size) }
        if let (source, size) = known.first(where: { $0.1 > leaves }) {
            let text =
                "REFUSING TO START: the log in \(db.described) holds \(leaves) leaves, but \(source) cosigned size \(size): "
                + "\(size - leaves) logged events are missing (a rollback). Restore the database, or run junkan verify --witness."
            logger.critical("\(text)")
            throw ValidationError(text)
        }
    }
}
