public import Foundation
public import Logging
import PostgresNIO

/// A database of its own on a PostgreSQL server, made and dropped around a test or a benchmark run
/// (`JUNKAN_TEST_POSTGRES_URL` names the server and a database to connect to first).
public enum PostgresScratchDatabase {
    /// Creates an empty database next to `server`'s and returns its URL.
    public static func create(on server: PostgresURL, logger: Logger = Logger(label: "junkan.postgres.scratch")) async throws -> PostgresURL {
        var url = server
        url.database = "junkan_scratch_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await admin(server, logger: logger, "CREATE DATABASE \(url.database)")
        return url
    }

    /// Drops a database `create` made, closing whatever connections are left on it.
    public static func drop(_ url: PostgresURL, on server: PostgresURL, logger: Logger = Logger(label: "junkan.postgres.scratch")) async throws {
        precondition(url.database.hasPrefix("junkan_scratch_"), "only scratch databases are dropped")
        try await admin(server, logger: logger, "DROP DATABASE IF EXISTS \(url.database) WITH (FORCE)")
    }

    private static func admin(_ server: PostgresURL, logger: Logger, _ statement: String) async throws {
        let configuration = PostgresClient.Configuration(
            host: server.host, port: server.port, username: server.user, password: server.password, database: server.database,
            tls: PostgresStore.tls(server.sslMode))
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
    }
}
