public import JunkanCore
public import JunkanStore

/// The lists a compliance check can name: those Junkan ships and those loaded into the node. Of an id's versions, the
/// one with the latest date is used (a loaded version dated as the shipped one replaces it: the operator loaded it on
/// purpose). An organisation's own list is its alone: no other organisation, and not the operator, loads a version of it,
/// and it cannot take a shipped list's id.
public struct SubstanceListDirectory: Sendable {
    /// The lists by id, each in its version in use.
    public var lists: [String: RestrictedSubstanceList]
    /// The organisation whose own list an id is (absent for public lists).
    public var owners: [String: String]
    /// The ids in the order shown: the shipped ones, then the rest by id.
    public var ids: [String]

    /// `loaded` is what the store holds; a stored list that no longer reads is left out (it was checked when loaded).
    public init(loaded: [StoredSubstanceList]) {
        var lists = SubstanceListCatalogue.shipped
        var dates = lists.mapValues { ($0.date, Int64.min) }
        var owners: [String: String] = [:]
        for stored in loaded {
            guard let json = try? JSONParser.parse(stored.list), let list = try? RestrictedSubstanceList.decode(json), list.id == stored.id else {
                continue
            }
            if !stored.organisationID.isEmpty { owners[stored.id] = stored.organisationID }
            if let current = dates[stored.id], current > (stored.date, stored.receivedAt) { continue }
            lists[stored.id] = list
            dates[stored.id] = (stored.date, stored.receivedAt)
        }
        self.lists = lists
        self.owners = owners
        self.ids = SubstanceListCatalogue.shippedIDs + lists.keys.filter { !SubstanceListCatalogue.shippedIDs.contains($0) }.sorted()
    }
}

/// Why a list was not loaded.
public enum SubstanceListRefusal: Error, Sendable, CustomStringConvertible {
    /// The list does not read (where and why).
    case invalid(MaterialError)
    /// The id is someone else's: a shipped list's (for an organisation), or another organisation's or the operator's.
    case taken(id: String, owner: String)

    public var description: String {
        switch self {
        case .invalid(let error): "the list is refused, nothing was stored: \(error)"
        case .taken(let id, let owner):
            owner.isEmpty
                ? "\"\(id)\" is a public list of this node: an organisation's own list takes an id of its own"
                : "\"\(id)\" is the own list of another organisation (\(owner)): choose another id"
        }
    }
}

extension SubstanceService {
    /// The lists a check can name now.
    public func lists() async throws -> SubstanceListDirectory { SubstanceListDirectory(loaded: try await store.substanceLists()) }

    /// Loads a list: `organisationID` empty for the operator's newer version of a public list (or a new public list),
    /// else that organisation's own list.
    public func load(_ json: JSONValue, organisationID: String, at now: Int64) async throws -> RestrictedSubstanceList {
        try await Self.load(json, into: store, organisationID: organisationID, at: now)
    }

    /// The same, into `store` (`junkan import substance-list`).
    public static func load(
        _ json: JSONValue, into store: any SubstanceListStore, organisationID: String, at now: Int64
    ) async throws -> RestrictedSubstanceList {
        let list: RestrictedSubstanceList
        do { list = try RestrictedSubstanceList.decode(json) } catch { throw SubstanceListRefusal.invalid(error) }
        if !organisationID.isEmpty, SubstanceListCatalogue.shipped[list.id] != nil { throw SubstanceListRefusal.taken(id: list.id, owner: "") }
        let stored = StoredSubstanceList(
            id: list.id, organisationID: organisationID, version: list.version, date: list.date, list: JSONWriter.string(json), receivedAt: now)
        if let owner = try await store.storeSubstanceList(stored) { throw SubstanceListRefusal.taken(id: list.id, owner: owner) }
        return list
    }
}
