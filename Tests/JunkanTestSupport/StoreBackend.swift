public import Foundation
public import JunkanSQLite
public import JunkanStore
public import Testing

/// Everything a node's store promises: the protocols the store contract suite holds every backend to.
public typealias ContractStore =
    EventStore & LedgerStore & AuditStore & WitnessStore & PactStore & CircularityStore & MaterialStore & ProductStore & OwnershipStore
    & NodeSettingsStore

/// A store backend the contract suite runs against (issue 26, item 2): each case opens a fresh, empty store of its
/// kind for one test and removes it afterwards.
public enum StoreBackend: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqliteFile = "SQLite (file)"
    case sqliteMemory = "SQLite (in memory)"

    public var testDescription: String { rawValue }

    /// The backends this run can reach. (PostgreSQL joins them when `JUNKAN_TEST_POSTGRES_URL` names a server, once
    /// the PostgreSQL store exists.)
    public static var available: [StoreBackend] { allCases }

    /// Runs `body` with a new empty store of this backend, removed after it whatever `body` did.
    public func withStore(_ body: (any ContractStore) async throws -> Void) async throws {
        let folder = try TemporaryStore.newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let keys = KeyDirectory(path: folder.appendingPathComponent("keys").path)
        switch self {
        case .sqliteFile: try await body(try SQLiteStore(path: folder.appendingPathComponent("junkan.sqlite").path, keys: keys))
        case .sqliteMemory: try await body(try SQLiteStore(inMemoryWithKeys: keys))
        }
    }
}
