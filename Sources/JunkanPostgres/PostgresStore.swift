public import Foundation
public import JunkanStore
public import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// The store on a PostgreSQL server (issue 26): one database that several `junkan serve` processes share. Every write
/// is one transaction, committed before it returns (PostgreSQL's default `synchronous_commit`: the commit is on disk).
/// A capture takes the one state row `FOR UPDATE` (Tessera's PostgreSQL pattern): the row and leaf numbers it gives
/// are in commit order, so readers that page by them never skip a row committed late.
public final class PostgresStore: Sendable {
    let client: PostgresClient
    let logger: Logger
    /// Where the hosted organisations' signing keys are (never in the database; docs/security.md).
    public let keys: KeyDirectory
    public let url: PostgresURL
    private let running: Task<Void, Never>

    /// Connects (a pool of at most `connections`), and brings the schema up to date (`PostgresSchema`).
    public init(url: PostgresURL, keys: KeyDirectory, connections: Int = 8, logger: Logger = Logger(label: "junkan.postgres")) async throws {
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: Self.tls(url.sslMode))
        configuration.options.maximumConnections = max(1, connections)
        configuration.options.minimumConnections = 0
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        self.keys = keys
        self.url = url
        running = Task { await client.run() }
        // Let the pool's run loop start before the first lease (PostgresNIO warns of a lease before `run`).
        try? await Task.sleep(for: .milliseconds(10))
        do { try await PostgresSchema.migrate(client, logger: logger) } catch {
            running.cancel()
            throw PostgresStoreError.unreachable(url: url.description, detail: Self.describe(error))
        }
    }

    deinit { running.cancel() }

    static func tls(_ mode: PostgresURL.SSLMode) -> PostgresClient.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable: return .disable
        case .allow, .prefer:
            tls.certificateVerification = .none
            return .prefer(tls)
        case .require:
            tls.certificateVerification = .none
            return .require(tls)
        case .verifyCA:
            tls.certificateVerification = .noHostnameVerification
            return .require(tls)
        case .verifyFull:
            tls.certificateVerification = .fullVerification
            return .require(tls)
        }
    }

    /// Rows of a query, all read.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        do { return try await client.query(query, logger: logger).collect().map { $0.makeRandomAccess() } } catch let error as PSQLError {
            throw PostgresStoreError.failed(Self.describe(error))
        }
    }

    /// A statement whose rows are not needed, on a connection of the pool.
    func execute(_ query: PostgresQuery, logger: Logger) async throws {
        do { _ = try await client.query(query, logger: logger).collect() } catch let error as PSQLError {
            throw PostgresStoreError.failed(Self.describe(error))
        }
    }

    /// One transaction on one connection of the pool.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            // The closure's own error (a refused write, a conflict) is what callers expect, not the wrapper.
            if let inner = error.closureError { throw (inner as? PSQLError).map { PostgresStoreError.failed(Self.describe($0)) } ?? inner }
            throw PostgresStoreError.failed(Self.describe(error.commitError ?? error.beginError ?? error))
        } catch let error as PSQLError {
            throw PostgresStoreError.failed(Self.describe(error))
        }
    }

    /// What the server said, for a message: PostgresNIO hides it from `description`.
    static func describe(_ error: any Error) -> String {
        if let e = error as? PSQLError, let message = e.serverInfo?[.message] {
            return message + (e.serverInfo?[.detail].map { " (\($0))" } ?? "")
        }
        return String(reflecting: error)
    }
}

public enum PostgresStoreError: Error, Sendable, CustomStringConvertible {
    case unreachable(url: String, detail: String)
    case missingState(String)
    /// A statement the server refused (what it said).
    case failed(String)

    public var description: String {
        switch self {
        case .unreachable(let url, let detail): "cannot use the PostgreSQL database \(url): \(detail)"
        case .missingState(let what): "the database's \(what) is missing: run junkan verify"
        case .failed(let detail): "PostgreSQL: \(detail)"
        }
    }
}

extension PostgresConnection {
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRandomAccessRow] {
        try await self.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
    }
}

extension PostgresRandomAccessRow {
    func get<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T { try self[column].decode(T.self) }
    func bytes(_ column: String) throws -> [UInt8] { Array(try self[column].decode(ByteBuffer.self).readableBytesView) }
    func optionalBytes(_ column: String) throws -> [UInt8]? { try self[column].decode(ByteBuffer?.self).map { Array($0.readableBytesView) } }
}

extension ByteBuffer {
    init(_ bytes: [UInt8]) { self.init(bytes: bytes) }
}

extension PostgresStore: NodeDatabase {}
