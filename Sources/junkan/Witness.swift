import ArgumentParser
import Foundation
import Hummingbird
import JunkanLedger
import JunkanNode
import JunkanServer
import JunkanStore
import Logging

struct Witness: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "witness",
        abstract: "Run a transparency-log witness (C2SP tlog-witness) for the logs it follows.",
        subcommands: [ServeWitness.self, Follow.self, Key.self])

    struct Options: ParsableArguments {
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The witness's name (its key name), used when its key is first created.") var name: String = "junkan-witness"
        func signer() throws -> NoteSigner {
            try LogKeyFile.loadOrCreate(path: db.keyFile("witness-key"), name: name)
        }
    }

    struct ServeWitness: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve POST /add-checkpoint.")
        @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
        @Option(help: "Port to listen on.") var port: Int = 8081
        @OptionGroup var options: Options

        func run() async throws {
            let store = try await options.db.open()
            let signer = try options.signer()
            var logger = Logger(label: "junkan-witness")
            logger.logLevel = .info
            logger.info("witness \(Cosignature.verifierKey(of: signer)) on http://\(host):\(port)")
            let app = Application(
                router: buildWitnessRouter(store: store, signer: signer),
                configuration: .init(address: .hostname(host, port: port), serverName: "junkan-witness"), logger: logger)
            try await app.runService()
        }
    }

    struct Follow: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "follow", abstract: "Follow a log: accept its checkpoints signed by VKEY.")
        @Argument(help: "The log's origin (first line of its checkpoints).") var origin: String
        @Argument(help: "The log's verifier key (GET /tlog/key).") var vkey: String
        @OptionGroup var options: Options

        func run() async throws {
            let key = try NoteVerifierKey(parsing: vkey)
            try await options.db.open().follow(origin: origin, key: key)
            print("following \(origin) with key \(key)")
        }
    }

    struct Key: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "key", abstract: "Print the witness's cosignature verifier key (created if missing).")
        @OptionGroup var options: Options
        func run() async throws { print(Cosignature.verifierKey(of: try options.signer())) }
    }
}
