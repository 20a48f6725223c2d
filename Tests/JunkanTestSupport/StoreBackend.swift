public import Foundation
public import JunkanPostgres
public import JunkanSQLite
public import JunkanStore
public import Testing

/// Everything a node's store promises (`NodeDatabase`): the protocols the store contract suite holds every backend to.
public typealias ContractStore = NodeDatabase

/// A store backend the contract suite runs against (issue 26, item 2): each case opens a fresh, empty store of its
/// kind for one test and removes it afterwards.
public enum StoreBackend: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqliteFile = "SQLite (file)"
    case sqliteMemory = "SQLite (in memory)"
    case postgres = "PostgreSQL"

    public var testDescription: String { rawValue }

    /// The backends this run can reach: PostgreSQL when `JUNKAN_TEST_POSTGRES_URL` names a server (each test gets a
    /// database of its own there, dropped after it).
    public static var available: [StoreBackend] { postgresServer == nil ? [.sqliteFile, .sqliteMemory] : allCases }

    /// The backend this run tests the routes on: PostgreSQL when `JUNKAN_TEST_BACKEND=postgres`, else a SQLite file.
    public static var ofThisRun: StoreBackend {
        ProcessInfo.processInfo.environment["JUNKAN_TEST_BACKEND"] == "postgres" ? .postgres : .sqliteFile
    }

    public static var postgresServer: PostgresURL? {
        ProcessInfo.processInfo.environment["JUNKAN_TEST_POSTGRES_URL"].flatMap { try? PostgresURL(parsing: $0) }
    }

    /// Runs `body` with a new empty store of this backend, removed after it whatever `body` did.
    public func withStore(_ body: (any ContractStore) async throws -> Void) async throws {
        let folder = try TemporaryStore.newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let keys = KeyDirectory(path: folder.appendingPathComponent("keys").path)
        switch self {
        case .sqliteFile: try await body(try SQLiteStore(path: folder.appendingPathComponent("junkan.sqlite").path, keys: keys))
        case .sqliteMemory: try await body(try SQLiteStore(inMemoryWithKeys: keys))
        case .postgres:
            guard let server = Self.postgresServer else { throw MissingServer() }
            let url = try await PostgresScratchDatabase.create(on: server)
            do {
                try await body(try await PostgresStore(url: url, keys: keys, connections: 4))
            } catch {
                try? await PostgresScratchDatabase.drop(url, on: server)
                throw error
            }
            try await PostgresScratchDatabase.drop(url, on: server)
        }
    }
}

struct MissingServer: Error, CustomStringConvertible {
    var description: String { "JUNKAN_TEST_POSTGRES_URL names no PostgreSQL server" }
}
