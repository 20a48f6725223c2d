import ArgumentParser
import Foundation
import Hummingbird
import JunkanCore
import JunkanLedger
import JunkanNode
import JunkanStore
import Logging
import NIOCore

/// `junkan dsp catalog|fetch`: this node as a Dataspace Protocol 2025-1 consumer (issue 28, item 3; docs/dataspace.md).
/// Requests are signed with the node's did:web key (its log key), so the provider knows which registered peer asks.
struct DSPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dsp", abstract: "Find, negotiate and pull data from a Dataspace Protocol 2025-1 provider.",
        subcommands: [Catalog.self, Fetch.self])

    /// The node's identity (base URL and log key) from its database, to sign with.
    struct Identity: ParsableArguments {
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The node's log key file (default: the database path + .log-key).") var logKey: String?
        @Option(help: "Seconds to wait for each answer and callback.") var timeout: Double = 30

        func signer() async throws -> (baseURL: String, signer: FederatedTrace.Signer) {
            let store = try await db.open()
            guard let baseURL = try await store.nodeSetting(.baseURL) else {
                throw ValidationError("this database has no node identity yet: start the node once (junkan serve)")
            }
            guard let key = try LogKeyFile.load(path: logKey ?? db.keyFile("log-key")) else {
                throw ValidationError("no log key at \(logKey ?? db.keyFile("log-key")): the node signs its requests with it")
            }
            return (baseURL, .init(keyID: DIDWeb.keyID(DIDWeb.did(baseURL: baseURL)), key: key.privateKey))
        }
    }

    struct Catalog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "catalog", abstract: "Print a provider's catalog (the datasets and offers it shows this node) as JSON.")
        @Argument(help: "The provider's base URL (its /.well-known/dspace-version is read).") var url: String
        @Option(help: "Append every DSP message sent and received to this file as JSON lines.") var record: String?
        @OptionGroup var identity: Identity

        func run() async throws {
            let (_, signer) = try await identity.signer()
            let recorder = record.map { MessageRecorder(path: $0) }
            let consumer = DSPConsumer(
                signer: signer, callbackAddress: "", inbox: DSPConsumerInbox(), timeout: identity.timeout, report: { _ in },
                record: { direction, url, status, body in recorder?.write(direction: direction, url: url, status: status, body: body) })
            do {
                print(JSONWriter.string(try await consumer.catalog(try await consumer.connector(url))))
            } catch let f as DSPConsumer.Failure {
                throw ValidationError(f.description)
            }
        }
    }

    struct Fetch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fetch",
            abstract: "Negotiate a dataset's offer, transfer it (HttpData-PULL) and print the data.",
            discussion: """
                Prints each state change of the negotiation and the transfer as a JSON line on standard error, and the data \
                on standard output (or --out). The provider's callbacks are received on a listener this command opens on \
                the host of the node's base URL (the provider posts only there), for as long as it runs.
                """)
        @Argument(help: "The provider's base URL.") var url: String
        @Option(help: "The dataset's ID, from the catalog.") var dataset: String
        @Option(help: "The offer's ID (default: the dataset's first offer).") var offer: String?
        @Option(help: "The purpose of this use, from docs/dataspace.md's closed list (e.g. junkan:traceability).") var purpose: String?
        @Option(help: "Write the data to this file instead of standard output.") var out: String?
        @Option(help: "Append every DSP message sent and received to this file as JSON lines.") var record: String?
        @Option(help: "The address the callback listener binds (default: the host of the node's base URL).") var callbackHost: String?
        @Flag(help: "Leave the transfer STARTED (no completion message); its data address is in the STARTED line.") var keep = false
        @Flag(help: "Decline the agreement the provider sends: terminate the negotiation instead of verifying it.") var decline = false
        @OptionGroup var identity: Identity

        func run() async throws {
            let (baseURL, signer) = try await identity.signer()
            let host = callbackHost ?? URLComponents(string: baseURL)?.host ?? "127.0.0.1"
            let inbox = DSPConsumerInbox()
            let recorder = record.map { MessageRecorder(path: $0) }
            let listener = try await CallbackListener.start(host: host, inbox: inbox, recorder: recorder)
            defer { listener.stop() }
            let consumer = DSPConsumer(
                signer: signer, callbackAddress: "http://\(Self.hostLiteral(host)):\(listener.port)/callback", inbox: inbox,
                timeout: identity.timeout,
                report: { line in FileHandle.standardError.write(Data((JSONWriter.string(line) + "\n").utf8)) },
                record: { direction, url, status, body in recorder?.write(direction: direction, url: url, status: status, body: body) })
            do {
                let root = try await consumer.connector(url)
                let agreement = try await consumer.negotiate(root, datasetID: dataset, offerID: offer, decline: decline)
                let started = try await consumer.startTransfer(root, agreementID: agreement)
                let (status, data) = try await consumer.pull(endpoint: started.endpoint, token: started.token, purpose: purpose)
                guard status == 200 else {
                    throw DSPConsumer.Failure("the pull was refused (HTTP \(status)): \(String(decoding: data.prefix(2000), as: UTF8.self))")
                }
                if !keep { try await consumer.complete(root, providerPid: started.providerPid, consumerPid: started.consumerPid) }
                if let out { try Data(data).write(to: URL(fileURLWithPath: out)) } else { FileHandle.standardOutput.write(Data(data)) }
            } catch let f as DSPConsumer.Failure {
                throw ValidationError(f.description)
            }
        }

        static func hostLiteral(_ host: String) -> String { host.contains(":") ? "[\(host)]" : host }
    }
}

/// Appends each DSP message to a file as a JSON line (`direction`, `url`, `status`, `body`), for the tests that check
/// every message on the wire against the protocol's schemas.
final class MessageRecorder: @unchecked Sendable {
    let path: String
    private let lock = NSLock()
    init(path: String) { self.path = path }

    func write(direction: String, url: String, status: Int?, body: JSONValue) {
        var o = JSONObject([("direction", .string(direction)), ("url", .string(url)), ("body", body)])
        if let status { o["status"] = .number(JSONNumber(status)) }
        let line = Data((JSONWriter.string(.object(o)) + "\n").utf8)
        lock.withLock {
            if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
            guard let h = FileHandle(forWritingAtPath: path) else { return }
            h.seekToEndOfFile()
            h.write(line)
            try? h.close()
        }
    }
}

/// The consumer's callback endpoints, served while `junkan dsp fetch` runs: `POST /callback/negotiations/{pid}/{kind}`
/// and `POST /callback/transfers/{pid}/{kind}`, answered by the inbox.
struct CallbackListener {
    let port: Int
    let task: Task<Void, any Error>

    func stop() { task.cancel() }

    static func start(host: String, inbox: DSPConsumerInbox, recorder: MessageRecorder?) async throws -> CallbackListener {
        let router = Router()
        for area in ["negotiations", "transfers"] {
            router.post(RouterPath(stringLiteral: "/callback/\(area)/{pid}/{kind}")) { request, context -> Response in
                let pid = context.parameters.get("pid") ?? ""
                let kind = context.parameters.get("kind") ?? ""
                let body = Array((try? await request.body.collect(upTo: 1 << 20))?.readableBytesView ?? ByteBuffer().readableBytesView)
                if let json = try? JSONParser.parse(body) { recorder?.write(direction: "received", url: request.uri.string, status: nil, body: json) }
                let (status, answer) = await inbox.receive(transfer: area == "transfers", consumerPid: pid, kind: kind, body: body)
                if let answer { recorder?.write(direction: "replied", url: request.uri.string, status: status, body: answer) }
                return Response(
                    status: .init(code: status), headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: answer.map { JSONWriter.string($0) } ?? "{}")))
            }
        }
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        // Its own failures surface as the inbox's refusals or a callback that never comes; the server's shutdown chatter
        // when the command ends is not for the operator.
        var logger = Logger(label: "junkan-dsp-callback")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let task = Task { try await app.runService() }
        var iterator = stream.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else { throw ValidationError("could not listen for callbacks on \(host)") }
        return CallbackListener(port: port, task: task)
    }
}
