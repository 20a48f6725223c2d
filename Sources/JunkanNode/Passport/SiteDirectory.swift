public import JunkanCore
public import JunkanStore

/// The master data of the sites a passport names (docs/master-data.md): which declaration of a site to show. Only a
/// declaration by an organisation that may speak for the site counts — one that recorded a step there, or its owner (or
/// a grantee) by the GLN's GS1 Company Prefix (docs/ownership.md) — so no organisation names another's site on a
/// passport. Among those, the one asked for first (the step's own organisation, the maker), then the latest; a business
/// location's before a read point's (CBV §10 names sites as business locations).
package struct SiteDirectory: Sendable {
    private let byID: [String: [StoredVocabularyElement]]
    private let ownership: IdentifierOwnership
    /// The organisations that recorded a step at each site.
    private let recorders: [String: Set<String>]

    package init(_ stored: [StoredVocabularyElement], ownership: IdentifierOwnership, recorders: [String: Set<String>]) {
        byID = Dictionary(grouping: stored, by: \.element.id)
        self.ownership = ownership
        self.recorders = recorders
    }

    /// The element to show for `id`, preferring `organisationID`'s declaration.
    package func element(_ id: String, preferring organisationID: String?) -> VocabularyElement? {
        guard let all = byID[id] else { return nil }
        func trusted(_ s: StoredVocabularyElement) -> Bool {
            s.organisationID == organisationID || recorders[id]?.contains(s.organisationID) == true
                || ownership.speaksForOwner(organisationID: s.organisationID, identifier: id)
        }
        func rank(_ s: StoredVocabularyElement) -> (Int, Int, Int64) {
            (s.organisationID == organisationID ? 0 : 1, s.element.type == VocabularyType.businessLocation ? 0 : 1, -s.updatedAt)
        }
        return all.filter { trusted($0) && ($0.element.siteName != nil || $0.element.postalAddress != nil) }.min { rank($0) < rank($1) }?.element
    }
}
