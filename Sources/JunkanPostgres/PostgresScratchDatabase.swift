public import Foundation
public import Logging
import PostgresNIO

/// A database of its own on a PostgreSQL server, made and dropped around a test or a benchmark run
/// (`JUNKAN_TEST_POSTGRES_URL` names the server and a database to connect to first).
public enum PostgresScratchDatabase {
    /// Creates a database next to `server`'s, with the schema already in place, and returns its URL. The schema is made
    /// once, in a template database (`junkan_template_<migrations>`), and each scratch database copied from it: migrating
    /// a new database per test, tests in parallel, took more locks than a default server allows.
    public static func create(on server: PostgresURL, logger: Logger = Logger(label: "junkan.postgres.scratch")) async throws -> PostgresURL {
        let template = try await Templates.shared.template(on: server, logger: logger)
        var url = server
        url.database = "junkan_scratch_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        // The template's own connections may still be closing: copying waits for them.
        for attempt in 0..<100 {
            do {
                try await admin(server, logger: logger, "CREATE DATABASE \(url.database) TEMPLATE \(template)")
                return url
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "55006" && attempt < 99 {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        return url
    }

    /// The template of the scratch databases: one per schema (its name carries a digest of every migration), made by the
    /// first run that needs it and kept on the server for the next runs.
    actor Templates {
        static let shared = Templates()
        /// One making per server and schema: the tests that start together wait for the same template (an actor's
        /// method is re-entered at each await, so a flag set after the await would let them all make one).
        private var making: [String: Task<String, any Error>] = [:]

        func template(on server: PostgresURL, logger: Logger) async throws -> String {
            var digest: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a over the migrations' names and statements
            for m in PostgresSchema.migrations {
                for byte in (m.name + m.statements.joined(separator: ";")).utf8 { digest = (digest ^ UInt64(byte)) &* 0x100_0000_01b3 }
            }
            let name = "junkan_template_" + String(digest, radix: 16)
            let key = "\(server.host):\(server.port)/\(name)"
            if let task = making[key] { return try await task.value }
            let task = Task { try await Self.make(name, on: server, logger: logger) }
            making[key] = task
            do { return try await task.value } catch {
                making[key] = nil
                throw error
            }
        }

        private static func make(_ name: String, on server: PostgresURL, logger: Logger) async throws -> String {
            let exists = try await admin(server, logger: logger, "SELECT 1 FROM pg_database WHERE datname = '\(name)'")
            if !exists {
                // Made under a temporary name and renamed when complete: a run that stopped half-way leaves no broken template.
                let building = name + "_" + UUID().uuidString.lowercased().prefix(8)
                try await admin(server, logger: logger, "CREATE DATABASE \(building)")
                var url = server
                url.database = building
                let configuration = PostgresClient.Configuration(
                    host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
                    tls: PostgresStore.tls(url.sslMode))
                let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await client.run() }
                    defer { group.cancelAll() }
                    try await PostgresSchema.migrate(client, logger: logger)
                }
                do {
                    try await renameWhenFree(building, to: name, on: server, logger: logger)
                } catch let error as PSQLError where error.serverInfo?[.sqlState] == "42P04" {
                    // Another run made it first.
                    try await admin(server, logger: logger, "DROP DATABASE IF EXISTS \(building) WITH (FORCE)")
                }
            }
            return name
        }

        /// The new template's connections may still be closing: renaming waits for them.
        private static func renameWhenFree(_ from: String, to: String, on server: PostgresURL, logger: Logger) async throws {
            for attempt in 0..<100 {
                do {
                    try await admin(server, logger: logger, "ALTER DATABASE \(from) RENAME TO \(to)")
                    return
                } catch let error as PSQLError where error.serverInfo?[.sqlState] == "55006" && attempt < 99 {
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
        }
    }

    /// Drops a database `create` made, closing whatever connections are left on it.
    public static func drop(_ url: PostgresURL, on server: PostgresURL, logger: Logger = Logger(label: "junkan.postgres.scratch")) async throws {
        precondition(url.database.hasPrefix("junkan_scratch_"), "only scratch databases are dropped")
        try await admin(server, logger: logger, "DROP DATABASE IF EXISTS \(url.database) WITH (FORCE)")
    }

    /// Runs `statement` on the server's own database; true when it returned a row.
    @discardableResult
    static func admin(_ server: PostgresURL, logger: Logger, _ statement: String) async throws -> Bool {
        let configuration = PostgresClient.Configuration(
            host: server.host, port: server.port, username: server.user, password: server.password, database: server.database,
            tls: PostgresStore.tls(server.sslMode))
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return !(try await client.query(PostgresQuery(unsafeSQL: statement), logger: logger).collect().isEmpty)
        }
    }
}
