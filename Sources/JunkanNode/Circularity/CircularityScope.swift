public import JunkanStore

/// Whose records a circularity report covers (docs/circularity.md): one organisation, or exactly the organisations that
/// joined a named group (a consolidated report). Without either, the one organisation holding records, so a node of
/// one company reports as before; a node holding several organisations' records asks which.
public enum CircularityScope: Sendable, Equatable {
    case organisation(String)
    case group(String)
    case onlyHolder

    /// The organisations the scope covers.
    package func organisations(in store: any CircularityStore & EventStore) async throws -> [String] {
        switch self {
        case .organisation(let id):
            // Records imported before they had owners, with no single importer, belong to "" (migration v11).
            guard !id.isEmpty, try await store.organisation(id: id) != nil else { throw CircularityScopeError.noSuchOrganisation(id) }
            return [id]
        case .group(let name):
            let members = try await store.circularityGroupMembers(name)
            guard !members.isEmpty else { throw CircularityScopeError.noSuchGroup(name) }
            return members
        case .onlyHolder:
            let holders = try await store.circularityHolders()
            guard holders.count <= 1 else { throw CircularityScopeError.ambiguous(holders) }
            return holders
        }
    }
}

public enum CircularityScopeError: Error, Sendable, Equatable, CustomStringConvertible {
    case noSuchOrganisation(String)
    case noSuchGroup(String)
    /// Several organisations hold records: a report must say whose.
    case ambiguous([String])

    public var description: String {
        switch self {
        case .noSuchOrganisation(let id): "no organisation \(id) on this node"
        case .noSuchGroup(let name): "no organisation joined a group \(name) (junkan org group join)"
        case .ambiguous(let holders):
            "this node holds the circularity records of \(holders.count) organisations (\(holders.map { $0.isEmpty ? "\"\" (records from before owners)" : $0 }.joined(separator: ", "))): "
                + "name one with organisation=ID, or a consolidated group with group=NAME"
        }
    }
}
