import ArgumentParser
import Foundation
import JunkanCore
import JunkanServer
import JunkanSQLite

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a fresh demo database, fill it with sample records, and serve it.",
        discussion: """
            Five fiscal years of circularity records (docs/circularity.md), and captured collection and recycling events \
            of fiscal 2024 from which that year's collection figures are computed. Prints the URLs to open, then serves \
            like `junkan serve`. The database file is replaced when an earlier `junkan demo` made it (it leaves a \
            `.demo` marker beside it); any other existing file is left alone and the demo refuses to start.
            """)

    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "Port to listen on.") var port: Int = 8080
    @Option(help: "The demo database file (replaced if an earlier demo made it).") var database: String = "./junkan-demo.sqlite"

    func run() async throws {
        // Never delete a database the demo did not make: `--database junkan.sqlite` must not wipe a real node.
        let marker = database + ".demo"
        if FileManager.default.fileExists(atPath: database) && !FileManager.default.fileExists(atPath: marker) {
            throw ValidationError("\(database) exists and was not made by `junkan demo`: choose another --database, or remove it yourself")
        }
        for suffix in ["", "-wal", "-shm", ".log-key"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        FileManager.default.createFile(atPath: marker, contents: Data("made by junkan demo; the demo replaces this database\n".utf8))
        let store = try SQLiteStore(path: database)
        for file in DemoCircularity.files {
            if let error = try await CircularityImportRun.run(bytes: Array(file.text.utf8), fileName: file.name, store: store, by: "junkan demo") {
                throw ValidationError("demo data does not import: \(error)")
            }
        }
        let org = try await store.addOrganisation(name: "Junkan Demo Recycler", tokenHash: TokenHash.sha256Hex(TokenHash.newToken()), key: .newHosted())
        let outcome = try await CaptureService(store: store).capture(DemoTrace.document, organisation: org, behaviour: .rollback, jobID: "demo")
        guard outcome.job.errors.isEmpty else { throw ValidationError("demo events do not capture: \(outcome.job.errors)") }
        let base = "http://\(host):\(port)"
        print("""
            Demo database \(database): \(outcome.result.stored.count) trace events, circularity records FY2019–FY2023.
            \(base)/reports/circularity.html?fiscalYear=2023
            \(base)/reports/circularity?fiscalYear=2023
            \(base)/reports/circularity/trend?from=2019&to=2023&format=csv
            \(base)/reports/circularity?fiscalYear=2024
            """)
        fflush(nil)  // the URLs now, even when stdout is a pipe or a file (the server runs until stopped)
        let serve = try Serve.parse(["--host", host, "--port", String(port), "--database", database])
        try await serve.run()
    }
}
