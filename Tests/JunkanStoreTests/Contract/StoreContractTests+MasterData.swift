import Foundation
import JunkanCore
import JunkanStore
import JunkanTestSupport
import Testing

/// `MasterDataStore`: master data is written in its capture's transaction, kept per organisation, replaced by the same
/// organisation's later declaration, and read back by identifier and by vocabulary type.
extension StoreContractTests {
    static let plant = "https://id.gs1.org/414/4012345000108"
    static let line = "https://id.gs1.org/414/4012345000115"

    static func plantElement(name: String, children: [String] = [line]) -> VocabularyElement {
        VocabularyElement(
            type: VocabularyType.businessLocation, id: plant,
            attributes: [
                .init(id: MasterDataAttribute.name, value: .string(name)),
                .init(id: "https://ns.example.com/capacity", value: .object(JSONObject([("https://ns.example.com/tonnes", .number(JSONNumber(1200)))])))
            ], children: children)
    }

    @Test(arguments: StoreBackend.available) func masterDataIsWrittenWithItsEventsOrNotAtAll(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let declared = MasterDataDeclaration(elements: [Self.plantElement(name: "Plant A")], organisationID: "org-1", at: 1_000)
            await #expect(throws: ChunkFailed.self) {
                try await store.capture(chunks: 1, produce: { _ in throw ChunkFailed() }, restamp: { r, _ in r }, masterData: declared)
            }
            #expect(try await store.masterData(ids: [Self.plant]).isEmpty)
            // A document of master data alone is a capture of no events.
            _ = try await store.capture(chunks: 1, produce: { _ in [] }, restamp: { r, _ in r }, masterData: declared)
            let stored = try await store.masterData(ids: [Self.plant])
            #expect(stored == [StoredVocabularyElement(element: Self.plantElement(name: "Plant A"), organisationID: "org-1", updatedAt: 1_000)])
            #expect(try await store.masterData(type: VocabularyType.businessLocation).map(\.element.id) == [Self.plant])
            #expect(try await store.masterData(type: VocabularyType.readPoint).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.available) func aLaterDeclarationReplacesTheSameOrganisationsOnly(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            func declare(_ e: VocabularyElement, _ org: String, _ at: Int64) async throws {
                _ = try await store.capture(
                    chunks: 1, produce: { _ in [] }, restamp: { r, _ in r }, masterData: MasterDataDeclaration(elements: [e], organisationID: org, at: at))
            }
            try await declare(Self.plantElement(name: "Plant A"), "org-1", 1_000)
            try await declare(Self.plantElement(name: "Plant of org 2"), "org-2", 2_000)
            try await declare(Self.plantElement(name: "Plant A, renamed", children: []), "org-1", 3_000)
            let line = VocabularyElement(type: VocabularyType.businessLocation, id: Self.line)
            try await declare(line, "org-1", 4_000)
            let stored = try await store.masterData(ids: [Self.plant, Self.line, "https://id.gs1.org/414/4012345000122"])
            #expect(stored.count == 3)
            let byOrg = Dictionary(uniqueKeysWithValues: stored.filter { $0.element.id == Self.plant }.map { ($0.organisationID, $0) })
            #expect(byOrg["org-1"]?.element == Self.plantElement(name: "Plant A, renamed", children: []))
            #expect(byOrg["org-1"]?.updatedAt == 3_000)
            #expect(byOrg["org-2"]?.element.siteName == "Plant of org 2")
            #expect(stored.first { $0.element.id == Self.line }?.element == line)
        }
    }
}
