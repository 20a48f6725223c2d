public import JunkanCore
public import JunkanStore

/// The master data of the sites a passport names (docs/master-data.md): which declaration of a site to show. A site's
/// own organisation's declaration comes first (the one whose event names it), then the latest by anyone; a business
/// location's before a read point's (CBV §10 names sites as business locations). Who may declare what is decided when
/// it is captured (an identifier's owner only, once it has one: docs/ownership.md).
package struct SiteDirectory: Sendable {
    private let byID: [String: [StoredVocabularyElement]]

    package init(_ stored: [StoredVocabularyElement]) {
        byID = Dictionary(grouping: stored, by: \.element.id)
    }

    /// The element to show for `id`, preferring `organisationID`'s declaration.
    package func element(_ id: String, preferring organisationID: String?) -> VocabularyElement? {
        guard let all = byID[id] else { return nil }
        func rank(_ s: StoredVocabularyElement) -> (Int, Int, Int64) {
            (s.organisationID == organisationID ? 0 : 1, s.element.type == VocabularyType.businessLocation ? 0 : 1, -s.updatedAt)
        }
        return all.filter { $0.element.siteName != nil || $0.element.postalAddress != nil }.min { rank($0) < rank($1) }?.element
    }
}
