import ArgumentParser
import Foundation
import JunkanPostgres
import JunkanSQLite
import JunkanStore

/// `--database` and `--key-dir`, shared by the commands that open the store: the one place that picks the backend
/// (issue 26, item 1). A path is a SQLite file; a postgres:// URL a PostgreSQL database. `JUNKAN_DATABASE` is the default.
struct DatabaseOptions: ParsableArguments {
    @Option(
        help: """
            The database: a SQLite file (created if missing), or postgres://user[:password]@host[:port]/database[?sslmode=…] \
            (default: $JUNKAN_DATABASE, else ./junkan.sqlite).
            """)
    var database: String = ProcessInfo.processInfo.environment["JUNKAN_DATABASE"].flatMap { $0.isEmpty ? nil : $0 } ?? "./junkan.sqlite"
    @Option(
        name: .customLong("key-dir"),
        help: """
            The directory of the hosted organisations' signing keys (and, on PostgreSQL, the log key), mode 0700 \
            (default beside a SQLite file: its path + .keys; required with PostgreSQL; docs/security.md).
            """)
    var keyDirectory: String?
    @Option(help: "PostgreSQL: the most connections this process opens.") var poolSize: Int = 8

    func validate() throws {
        if PostgresURL.isPostgres(database) {
            do { _ = try PostgresURL(parsing: database) } catch { throw ValidationError("--database \(error)") }
            guard keyDirectory != nil else {
                throw ValidationError(
                    "a PostgreSQL node keeps its signing keys in a directory of its own: give --key-dir DIR (the same for every process)")
            }
        }
        guard (1...1000).contains(poolSize) else { throw ValidationError("--pool-size must be 1 to 1000") }
    }

    /// The SQLite file, or nil on PostgreSQL.
    var sqlitePath: String? { PostgresURL.isPostgres(database) ? nil : database }

    /// The database as messages name it (never with a password).
    var described: String { (try? PostgresURL(parsing: database).description) ?? database }

    /// A key file of the node: beside a SQLite file (`<path>.<suffix>`), or in the key directory on PostgreSQL.
    func keyFile(_ suffix: String) -> String {
        if let sqlitePath { return LogKeyFile.path(database: sqlitePath, suffix: suffix) }
        return (keyDirectory ?? ".") + "/" + suffix
    }

    /// The node's store, with its key directory.
    func open() async throws -> any NodeDatabase {
        let keys = keyDirectory.map(KeyDirectory.init(path:))
        guard PostgresURL.isPostgres(database) else { return try SQLiteStore(path: database, keys: keys) }
        let url: PostgresURL
        do { url = try PostgresURL(parsing: database) } catch { throw ValidationError("--database \(error)") }
        guard let keys else { throw ValidationError("a PostgreSQL node needs --key-dir DIR") }
        return try await PostgresStore(url: url, keys: keys, connections: poolSize)
    }
}
