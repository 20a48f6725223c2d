public import JunkanCore

/// EPCIS master data per organisation (docs/master-data.md): the vocabulary elements a capture document's header
/// declared, each kept as its organisation last declared it. It is written with the document's events
/// (`EventStore.capture(chunks:produce:restamp:masterData:)`).
public protocol MasterDataStore: Sendable {
    /// Every organisation's declaration of these identifiers (canonical), of any vocabulary type.
    func masterData(ids: [String]) async throws -> [StoredVocabularyElement]
    /// Every organisation's declarations of one vocabulary type: the hierarchy and attributes a query filters by.
    func masterData(type: String) async throws -> [StoredVocabularyElement]
}

/// What a capture document's header declares, written with its events (`EventStore.capture`): each element replaces
/// what `organisationID` declared of it before.
public struct MasterDataDeclaration: Sendable {
    public var elements: [VocabularyElement]
    public var organisationID: String
    public var at: Int64
    public init(elements: [VocabularyElement], organisationID: String, at: Int64) {
        self.elements = elements; self.organisationID = organisationID; self.at = at
    }
}

/// A vocabulary element as one organisation declared it, and when.
public struct StoredVocabularyElement: Sendable, Equatable {
    public var element: VocabularyElement
    public var organisationID: String
    public var updatedAt: Int64
    public init(element: VocabularyElement, organisationID: String, updatedAt: Int64) {
        self.element = element; self.organisationID = organisationID; self.updatedAt = updatedAt
    }
}
