/// Named EPCIS queries (EPCIS 2.0 REST binding, `/queries`): a query definition kept under a name, as its owner wrote it.
public struct NamedQuery: Sendable, Equatable {
    public var name: String
    /// The `query` object as sent (JSON text): what `GET /queries/{name}` returns and what is parsed again to run it.
    public var query: String
    /// The organisation that made it, which alone may delete it.
    public var organisationID: String
    public var createdAt: Int64
    public init(name: String, query: String, organisationID: String, createdAt: Int64) {
        self.name = name; self.query = query; self.organisationID = organisationID; self.createdAt = createdAt
    }
}

public protocol NamedQueryStore: Sendable {
    /// Keeps the query; false (and nothing written) when its name is taken.
    func addNamedQuery(_ query: NamedQuery) async throws -> Bool
    func namedQuery(name: String) async throws -> NamedQuery?
    /// Queries by name (byte order), after `after`, at most `limit`.
    func namedQueries(after: String?, limit: Int) async throws -> [NamedQuery]
    /// False when there was no such query.
    func removeNamedQuery(name: String) async throws -> Bool
}
