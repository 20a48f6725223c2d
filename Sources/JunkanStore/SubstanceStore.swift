/// Material declarations (issue 31): each kept as its JSON form under the identifier it declares and the organisation
/// that brought it (a maker imports its suppliers' declarations; a supplier on the node declares its own).
public struct StoredDeclaration: Sendable, Equatable {
    /// The canonical Digital Link declared.
    public var subject: String
    public var organisationID: String
    /// `MaterialDeclaration.json`, as text.
    public var declaration: String
    /// What it came as: `iec62474` (XML) or `json`.
    public var format: String
    public var receivedAt: Int64

    public init(subject: String, organisationID: String, declaration: String, format: String, receivedAt: Int64) {
        self.subject = subject
        self.organisationID = organisationID
        self.declaration = declaration
        self.format = format
        self.receivedAt = receivedAt
    }
}

public protocol SubstanceStore: Sendable {
    /// Keeps them all in one transaction (all or none); each replaces what the same organisation declared of the same
    /// subject.
    func storeDeclarations(_ declarations: [StoredDeclaration]) async throws
    /// Every organisation's declarations of these subjects.
    func declarations(subjects: [String]) async throws -> [StoredDeclaration]
}
