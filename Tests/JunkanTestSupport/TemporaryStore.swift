public import Foundation
public import JunkanCore
import JunkanLedger
import JunkanPostgres
public import JunkanSQLite
public import JunkanStore

/// A real store of its own for a test, removed when the test is done: a SQLite file in a fresh temporary folder, or,
/// when the run asks for it (`JUNKAN_TEST_BACKEND=postgres`, with `JUNKAN_TEST_POSTGRES_URL`), a fresh PostgreSQL
/// database: `scripts/test.sh` runs the route tests on both.
public struct TemporaryStore: Sendable {
    public let folder: URL
    /// The SQLite file (a SQLite store only).
    public let path: String
    public let store: any NodeDatabase
    public let backend: StoreBackend
    private let postgres: (database: PostgresURL, server: PostgresURL)?

    /// A store of the backend this run tests the routes on.
    public init() async throws { try await self.init(backend: .ofThisRun) }

    /// A SQLite file, whatever the run: for tests of the SQLite store itself.
    public static func sqlite() throws -> TemporaryStore {
        let folder = try newFolder()
        let path = folder.appendingPathComponent("junkan.sqlite").path
        return TemporaryStore(folder: folder, path: path, store: try SQLiteStore(path: path), backend: .sqliteFile, postgres: nil)
    }

    public init(backend: StoreBackend) async throws {
        let folder = try Self.newFolder()
        let path = folder.appendingPathComponent("junkan.sqlite").path
        switch backend {
        case .sqliteFile, .sqliteMemory:
            self.init(folder: folder, path: path, store: try SQLiteStore(path: path), backend: .sqliteFile, postgres: nil)
        case .postgres:
            guard let server = StoreBackend.postgresServer else { throw MissingServer() }
            let database = try await PostgresScratchDatabase.create(on: server)
            let keys = KeyDirectory(path: folder.appendingPathComponent("keys").path)
            let store = try await PostgresStore(url: database, keys: keys, connections: 4)
            self.init(folder: folder, path: path, store: store, backend: .postgres, postgres: (database, server))
        }
    }

    private init(folder: URL, path: String, store: any NodeDatabase, backend: StoreBackend, postgres: (PostgresURL, PostgresURL)?) {
        self.folder = folder; self.path = path; self.store = store; self.backend = backend; self.postgres = postgres
    }

    /// The SQLite store itself, for tests that reach below the store protocols; refused on another backend.
    public var sqliteStore: SQLiteStore {
        get throws {
            guard let s = store as? SQLiteStore else { throw NotSQLite() }
            return s
        }
    }

    /// Removes the folder, and drops a PostgreSQL database in the background (tests call this from `defer`).
    public func remove() {
        try? FileManager.default.removeItem(at: folder)
        if let postgres { Task.detached { try? await PostgresScratchDatabase.drop(postgres.database, on: postgres.server) } }
    }

    /// Removes the folder and drops a PostgreSQL database before it returns.
    public func removeNow() async {
        try? FileManager.default.removeItem(at: folder)
        if let postgres { try? await PostgresScratchDatabase.drop(postgres.database, on: postgres.server) }
    }

    struct NotSQLite: Error, CustomStringConvertible {
        var description: String { "this test reaches into the SQLite store; make its store with TemporaryStore.sqlite()" }
    }

    /// A new empty folder of its own under the temporary directory (the caller removes it).
    public static func newFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("junkan-test-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// An organisation with a known token.
    public func organisation(_ name: String = "Test Org", token: String = "test-token") async throws -> Organisation {
        try await store.addOrganisation(name: name, tokenHash: TokenHash.sha256Hex(token), key: .newHosted())
    }
}

/// Small EPCIS documents built in code, for tests and benchmarks.
public enum SampleEvents {
    public static let context: JSONValue = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", ["junkan": "https://w3id.org/junkan/voc/"]]

    /// An ObjectEvent observing serial `n` of a GTIN at a site, one second apart.
    public static func objectEvent(_ n: Int, bizStep: String = "shipping") -> JSONValue {
        [
            "type": "ObjectEvent",
            "eventTime": .string(ISO8601Timestamp.utcString(epochMilliseconds: 1_700_000_000_000 + Int64(n) * 1000)),
            "eventTimeZoneOffset": "+09:00",
            "epcList": [.string("urn:epc:id:sgtin:4012345.011111.\(n)")],
            "action": "OBSERVE",
            "bizStep": .string(bizStep),
            "disposition": "in_transit",
            "readPoint": ["id": "urn:epc:id:sgln:4012345.00005.0"]
        ]
    }

    /// A TransformationEvent turning a lot of resin into a lot of compound, with masses.
    public static func transformation(_ n: Int) -> JSONValue {
        [
            "type": "TransformationEvent",
            "eventTime": .string(ISO8601Timestamp.utcString(epochMilliseconds: 1_700_000_000_000 + Int64(n) * 1000)),
            "eventTimeZoneOffset": "+09:00",
            "inputQuantityList": [["epcClass": .string("urn:epc:class:lgtin:4012345.012345.R\(n)"), "quantity": 1000, "uom": "KGM"]],
            "outputQuantityList": [["epcClass": .string("urn:epc:class:lgtin:4012345.054321.C\(n)"), "quantity": 985.5, "uom": "KGM"]],
            "bizStep": "commissioning",
            "junkan:ghgEmissions": 120.5
        ]
    }

    public static func document(_ events: [JSONValue]) -> JSONValue {
        [
            "@context": context, "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2024-05-01T00:00:00Z",
            "epcisBody": ["eventList": .array(events)]
        ]
    }
}
