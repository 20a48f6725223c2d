import ArgumentParser
import Foundation
import Hummingbird
import JunkanCore
import JunkanLedger
import JunkanNode
import JunkanSQLite
import JunkanServer
import JunkanStore
import Logging

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a fresh demo database, fill it with sample records, and serve it.",
        discussion: """
            Five fiscal years of circularity records (docs/circularity.md), and captured collection and recycling events \
            of fiscal 2024 from which that year's collection figures are computed; a materials bank of grades, lots on offer \
            and two buyers' requests (docs/materials.md), the recycled PC+ABS lots traced by those events; and the product loop of \
            docs/passport.md (virgin and recycled PC+ABS, a molder's housings, notebook PCs with serials, their use, collection and \
            recycling into a new lot), each step captured by its own organisation. Prints the passport and page URLs to open, an \
            authority's token and the verify-passport command, then serves like `junkan serve`, with a witness on the next port. The database file is replaced when an earlier `junkan demo` made it (it leaves a \
            `.demo` marker beside it); any other existing file is left alone and the demo refuses to start.
            """)

    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "Port to listen on.") var port: Int = 8080
    @Option(
        help: """
            The demo database: a SQLite file (replaced if an earlier demo made it), or an empty PostgreSQL database \
            (postgres://…, with --key-dir).
            """)
    var database: String = "./junkan-demo.sqlite"
    @Option(name: .customLong("key-dir"), help: "The signing keys' directory (required with PostgreSQL).") var keyDirectory: String?
    @Option(
        help: """
            1: every company on one node. 3: the loop across three nodes, each its own SQLite database, log and key (the recycler \
            and the compounder on the first, the molder on the second, the maker on the third; ports PORT to PORT+2, a witness \
            on PORT+3), peered with each other (docs/federation.md).
            """)
    var nodes: Int = 1

    func validate() throws {
        guard nodes == 1 || nodes == 3 else { throw ValidationError("--nodes is 1 or 3") }
        guard nodes == 1 || !database.hasPrefix("postgres") else { throw ValidationError("--nodes 3 runs on SQLite files only") }
    }

    /// Clears a demo SQLite database made before (and its keys), refusing a file the demo did not make.
    static func fresh(sqlite path: String) throws {
        // Never delete a database the demo did not make: `--database junkan.sqlite` must not wipe a real node.
        let marker = path + ".demo"
        if FileManager.default.fileExists(atPath: path) && !FileManager.default.fileExists(atPath: marker) {
            throw ValidationError("\(path) exists and was not made by `junkan demo`: choose another --database, or remove it yourself")
        }
        for suffix in ["", "-wal", "-shm", ".log-key", ".witness-key"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try? FileManager.default.removeItem(atPath: KeyDirectory.beside(database: path).path)
        FileManager.default.createFile(atPath: marker, contents: Data("made by junkan demo; the demo replaces this database\n".utf8))
    }

    /// The demo's witness database, emptied.
    static func freshWitness(_ witnessDatabase: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: witnessDatabase + suffix) }
        try? FileManager.default.removeItem(atPath: LogKeyFile.path(database: witnessDatabase, suffix: "witness-key"))
    }

    func run() async throws {
        if nodes == 3 { return try await DemoNodes(host: host, port: port, database: database).run() }
        let db = try DatabaseOptions.parse(["--database", database] + (keyDirectory.map { ["--key-dir", $0] } ?? []))
        let witnessDatabase = (db.sqlitePath ?? "./junkan-demo") + ".witness.sqlite"
        if let path = db.sqlitePath { try Self.fresh(sqlite: path) }
        Self.freshWitness(witnessDatabase)
        let store = try await db.open()
        // A PostgreSQL database is never emptied by the demo: it must be new.
        guard try await store.organisations().isEmpty else {
            throw ValidationError("\(db.described) already holds organisations: the demo loads into an empty database")
        }
        let org = try await store.addOrganisation(name: "Junkan Demo Recycler", tokenHash: TokenHash.sha256Hex(TokenHash.newToken()), key: .newHosted())
        try await DemoPassports.register(DemoPassports.recyclerPrefixes, of: org, in: store)
        let outcome = try await CaptureService(store: store).capture(DemoTrace.document, organisation: org, behaviour: .rollback, jobID: "demo")
        guard outcome.job.errors.isEmpty else { throw ValidationError("demo events do not capture: \(outcome.job.errors)") }
        let materials = try await DemoMaterialsLoad.run(store: store, owner: org.id)
        let loop = try await DemoPassports.load(store: store, recycler: org)
        // The data book is the maker's: its records, as its sustainability team would import them.
        for file in try DemoCircularity.files() {
            if let error = try await CircularityImportRun.run(
                bytes: Array(file.text.utf8), fileName: file.name, store: store, organisationID: loop.makerID, by: "junkan demo")
            {
                throw ValidationError("demo data does not import: \(error)")
            }
        }
        let base = "http://\(host):\(port)"
        print(
            """
            Demo database \(database): \(outcome.result.stored.count + loop.events) trace events, circularity records FY2019–FY2023, \(materials).
            Passports (an authority sees more with: Authorization: Bearer \(loop.authorityToken)):
            \(DemoPassports.urls(base: base).joined(separator: "\n"))
            \(base)/reports/circularity.html?fiscalYear=2023
            \(base)/reports/circularity?fiscalYear=2023
            \(base)/reports/circularity/trend?from=2019&to=2023&format=csv
            \(base)/reports/circularity?fiscalYear=2024
            \(base)/materials/offers.html
            \(base)/materials/offers.html?polymer=PP&kind=recycled&MFR=8..14
            \(base)/materials/request.html?id=notebook-housing
            \(base)/materials/request.html?id=appliance-pp
            """)
        // A witness in the same process (on the next port), so checkpoints — and the proofs in passports — are cosigned.
        if db.sqlitePath == nil { try? FileManager.default.removeItem(atPath: db.keyFile("log-key")) }
        let logSigner = try LogKeyFile.loadOrCreate(path: db.keyFile("log-key"), name: "\(host):\(port)/tlog")
        let witnessSigner = try LogKeyFile.loadOrCreate(path: LogKeyFile.path(database: witnessDatabase, suffix: "witness-key"), name: "junkan-demo-witness")
        let witnessStore = try SQLiteStore(path: witnessDatabase)
        try await witnessStore.follow(origin: logSigner.name, key: logSigner.verifierKey)
        let witnessKey = Cosignature.verifierKey(of: witnessSigner)
        var witnessLogger = Logger(label: "junkan-demo-witness")
        witnessLogger.logLevel = .warning
        let witness = Application(
            router: buildWitnessRouter(store: witnessStore, signer: witnessSigner),
            configuration: .init(address: .hostname(host, port: port + 1), serverName: "junkan-witness"), logger: witnessLogger)
        let witnessTask = Task { try await witness.run() }
        try await Task.sleep(for: .milliseconds(300))
        print(
            """
            Check a saved passport offline (curl -o nb.jwt '\(base)/passports/01/\(DemoPassports.notebookGTIN)/21/\(DemoPassports.serials[0])?format=vc%2Bjwt'; \
            did.json from \(base)/orgs/\(loop.makerID)/did.json):
              junkan verify-passport nb.jwt --did-document did.json --log-key \(logSigner.verifierKey) --witness \(witnessKey) --quorum 1
            """)
        fflush(nil)  // the URLs now, even when stdout is a pipe or a file (the server runs until stopped)
        let serve = try Serve.parse(
            [
                "--host", host, "--port", String(port), "--database", database,
                "--witness", "http://\(host):\(port + 1)=\(witnessKey)"
            ] + (keyDirectory.map { ["--key-dir", $0] } ?? []))
        try await serve.run()
        witnessTask.cancel()
    }
}
