public import Foundation

/// Where a PostgreSQL database is: `postgres://user[:password]@host[:port]/database[?sslmode=…]` (libpq's URL form, the
/// part of it Junkan takes; `postgresql://` works too). Anything else in the URL is refused rather than ignored.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    /// libpq's `sslmode`: whether to use TLS, and how far to check the server's certificate.
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var sslMode: SSLMode

    public static func isPostgres(_ text: String) -> Bool {
        text.lowercased().hasPrefix("postgres://") || text.lowercased().hasPrefix("postgresql://")
    }

    public init(parsing text: String) throws(PostgresURLError) {
        guard Self.isPostgres(text), let url = URLComponents(string: text) else { throw .init(text, "it is not a postgres://… URL") }
        guard let user = url.user, !user.isEmpty else { throw .init(text, "it names no user (postgres://USER@host/database)") }
        guard let host = url.host, !host.isEmpty else { throw .init(text, "it names no host") }
        let database = String(url.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw .init(text, "it names no database (postgres://user@host/DATABASE)") }
        if let port = url.port, !(1...65535).contains(port) { throw .init(text, "port \(port) is not 1 to 65535") }
        guard url.fragment == nil else { throw .init(text, "a fragment (#…) means nothing here") }
        var mode = SSLMode.prefer
        for item in url.queryItems ?? [] {
            guard item.name == "sslmode" else { throw .init(text, "parameter \(item.name) is not taken; only sslmode is") }
            guard let value = item.value.flatMap(SSLMode.init(rawValue:)) else {
                throw .init(text, "sslmode must be one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            mode = value
        }
        self.user = user
        self.password = url.password
        self.host = host
        self.port = url.port ?? 5432
        self.database = database
        self.sslMode = mode
    }

    /// The URL without its password, for logs and messages.
    public var description: String {
        "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }
}

public struct PostgresURLError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ text: String, _ why: String) {
        // Never echo a password back.
        let shown = (try? PostgresURL.redacting(text)) ?? "the database URL"
        description = "\(shown): \(why)"
    }
}

extension PostgresURL {
    /// `text` with any password replaced by ***.
    static func redacting(_ text: String) throws -> String {
        guard var url = URLComponents(string: text) else { return "the database URL" }
        if url.password != nil { url.password = "***" }
        return url.string ?? "the database URL"
    }
}
