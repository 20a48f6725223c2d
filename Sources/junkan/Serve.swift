import ArgumentParser
import Hummingbird
import JunkanServer
import JunkanSQLite
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP server (EPCIS 2.0 capture and query).")

    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "Port to listen on.") var port: Int = 8080
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let store = try SQLiteStore(path: db.database)
        var logger = Logger(label: "junkan")
        logger.logLevel = .info
        logger.info("junkan serving http://\(host):\(port) with database \(db.database)")
        let app = buildApplication(store: store, configuration: .init(host: host, port: port), logger: logger)
        try await app.runService()
    }
}
