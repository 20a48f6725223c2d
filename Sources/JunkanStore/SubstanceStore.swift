/// Material declarations (issue 31): each kept as its JSON form under the identifier it declares and the organisation
/// that brought it (a maker imports its suppliers' declarations; a supplier on the node declares its own).
public struct StoredDeclaration: Sendable, Equatable {
    /// The canonical Digital Link declared.
    public var subject: String
    public var organisationID: String
    /// `MaterialDeclaration.json`, as text.
    public var declaration: String
    /// What it came as: `iec62474` (XML), `iec62474-zip` (a chemSHERPA archive), `json` or `csv`.
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
    /// A number that grows with every store of declarations or of a substance list (one read of one row), so what is
    /// computed from them (a passport's compliance) is computed again.
    func substancesRevision() async throws -> Int64
}

/// A restricted-substance list loaded into the node (`junkan import substance-list`, `POST /substances/lists`): a
/// newer version of a public list, loaded by the node's operator, or an organisation's own list.
public struct StoredSubstanceList: Sendable, Equatable {
    public var id: String
    /// The organisation whose own list it is; empty for a public list the node's operator loaded.
    public var organisationID: String
    public var version: String
    /// The list's own date (`YYYY-MM-DD`): of an id's versions, the latest is used.
    public var date: String
    /// The list as JSON text (`RestrictedSubstanceList.decode` reads it).
    public var list: String
    public var receivedAt: Int64

    public init(id: String, organisationID: String, version: String, date: String, list: String, receivedAt: Int64) {
        self.id = id
        self.organisationID = organisationID
        self.version = version
        self.date = date
        self.list = list
        self.receivedAt = receivedAt
    }
}

public protocol SubstanceListStore: Sendable {
    /// Keeps `list`, replacing the same id and version, unless the id belongs to someone else (an earlier version was
    /// loaded by another organisation, or by the operator when `list` is an organisation's): then nothing is stored and
    /// the answer is the id's owner ("" for the operator).
    func storeSubstanceList(_ list: StoredSubstanceList) async throws -> String?
    /// Every version of every loaded list.
    func substanceLists() async throws -> [StoredSubstanceList]
}
