import JunkanCore

/// Grades, lots on offer and buyers' requests (docs/materials.md), kept as their validated JSON documents with the
/// organisation that owns each. Every write transaction raises the store's materials revision, so an in-memory index
/// (the server's `MaterialIndex`) knows when someone else — `junkan import materials` on the same file — wrote.
public protocol MaterialStore: Sendable {
    /// Writes `records` in one transaction, each independently: a record that cannot be written (see
    /// `MaterialWriteError`) is reported in its place and the others are still written.
    func putMaterials(_ records: [MaterialRecord], mode: MaterialWriteMode) async throws -> MaterialWriteSummary
    func material(_ kind: MaterialRecord.Kind, id: String) async throws -> MaterialRecord?
    func materials(_ kind: MaterialRecord.Kind) async throws -> [MaterialRecord]
    /// The records of `ids` that exist, in one read (a page of search results), keyed by id.
    func materials(_ kind: MaterialRecord.Kind, ids: [String]) async throws -> [String: MaterialRecord]
    /// Deletes a record `owner` owns. A grade that only other organisations' lots name is withdrawn instead: kept, as
    /// its last version, for those lots, but no longer listed and named by no new lot; one that `owner`'s own lots name
    /// stays until they are deleted or moved.
    func deleteMaterial(_ kind: MaterialRecord.Kind, id: String, owner: String) async throws -> MaterialDeletion
    func materialsRevision() async throws -> Int64
    /// Every grade and lot with the revision they are at, read in one transaction: `start` takes the grades and the
    /// number of lots, then `add` each lot in turn, as it is read. A node may hold hundreds of thousands of lots, and
    /// their JSON held at once cost gigabytes (issue 25, item 4); what is kept is what `add` makes of each.
    func materialSnapshot<State: Sendable>(
        start: @escaping @Sendable (_ grades: [MaterialRecord], _ lotCount: Int) throws -> State,
        add: @escaping @Sendable (inout State, MaterialRecord) throws -> Void
    ) async throws -> (revision: Int64, state: State)
}

public struct MaterialRecord: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable { case grade, lot, request }
    public var kind: Kind
    public var id: String
    /// The organisation that wrote it; only it may replace or delete it.
    public var owner: String
    /// A lot's grade (which must exist).
    public var grade: String?
    /// The canonical JSON document.
    public var json: String
    public var updatedAt: Int64
    /// A grade its owner withdrew while others' lots named it (they keep this, its last version).
    public var withdrawn: Bool

    public init(kind: Kind, id: String, owner: String, grade: String? = nil, json: String, updatedAt: Int64, withdrawn: Bool = false) {
        self.kind = kind; self.id = id; self.owner = owner; self.grade = grade; self.json = json; self.updatedAt = updatedAt
        self.withdrawn = withdrawn
    }
}

/// What a delete did: the revision it wrote at, and whether a grade was withdrawn rather than deleted.
public struct MaterialDeletion: Sendable, Equatable {
    public var revision: Int64
    public var withdrawn: Bool
    public init(revision: Int64, withdrawn: Bool) { self.revision = revision; self.withdrawn = withdrawn }
}

public enum MaterialWriteMode: Sendable {
    /// Only new ids (`POST`).
    case create
    /// Only existing ids the writer owns (`PUT`).
    case replace
    /// New ids, or existing ones the writer owns (imports).
    case upsert

    /// Why `record` cannot be written in this mode, given the owner of the stored record of its id (nil: none stored).
    public func refusal(of record: MaterialRecord, storedOwner owner: String?) -> MaterialWriteError? {
        if let owner {
            self == .create ? .exists(record.id) : owner != record.owner ? .notOwner(id: record.id, owner: owner) : nil
        } else {
            self == .replace ? .notFound(record.id) : nil
        }
    }
}

public enum MaterialWriteError: Error, Sendable, Equatable {
    case exists(String)
    case notFound(String)
    case notOwner(id: String, owner: String)
    case gradeMissing(String)
    case gradeInUse(id: String, lots: Int)
    /// A new lot (or a lot moved to it) names a grade its owner withdrew.
    case gradeWithdrawn(String)

    public var reason: String {
        switch self {
        case .exists(let id): "\(id) already exists: replace it with PUT"
        case .notFound(let id): "\(id) does not exist"
        case .notOwner(let id, let owner): "\(id) belongs to organisation \(owner); only it may change it"
        case .gradeMissing(let g): "grade \(g) does not exist: create the grade first"
        case .gradeInUse(let id, let lots):
            "grade \(id) is the grade of \(lots) of your own lot\(lots == 1 ? "" : "s"): delete or move them first"
        case .gradeWithdrawn(let g): "grade \(g) was withdrawn by its owner: the lots that named it keep it, no other lot may name it"
        }
    }
}

public struct MaterialWriteSummary: Sendable, Equatable {
    /// For each record in order: nil when written, else why not.
    public var outcomes: [MaterialWriteError?]
    public var created: Int
    public var replaced: Int
    public var revision: Int64
    public init(outcomes: [MaterialWriteError?], created: Int, replaced: Int, revision: Int64) {
        self.outcomes = outcomes; self.created = created; self.replaced = replaced; self.revision = revision
    }
}
