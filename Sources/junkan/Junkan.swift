import ArgumentParser
import JunkanSQLite
import JunkanStore

@main
struct Junkan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "junkan",
        abstract: "Junkan: the shared, verifiable record of the material loop (EPCIS 2.0 trace events).",
        subcommands: [
            Serve.self, Demo.self, Import.self, Report.self, Materials.self, Org.self, EventHash.self, Capture.self, Verify.self, VerifyProof.self,
            VerifyPassport.self, Witness.self, PactClientCommand.self, Pact.self
        ])
}

/// `--database`, shared by the commands that open the store.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "The SQLite database file (created if missing).")
    var database: String = "./junkan.sqlite"
    @Option(
        name: .customLong("key-dir"),
        help: "The directory of the hosted organisations' signing keys, mode 0700 (default: the database path + .keys; docs/security.md).")
    var keyDirectory: String?

    /// The node's store, with its key directory.
    func open() throws -> SQLiteStore {
        try SQLiteStore(path: database, keys: keyDirectory.map(KeyDirectory.init(path:)))
    }
}
