public import JunkanCore

/// One of this node's datasets as the Dataspace Protocol catalog lists it (issue 28, item 1): a passport (of a model, a
/// lot or an item), a published PACT footprint, the EPCIS events of a lot and its upstream, or an organisation's
/// circularity report of a fiscal year. Its ID is a URN that names the kind and what it is about, without `/`, so it
/// sits in one path segment of `/dsp/catalog/datasets/{id}`.
public struct DSPDataset: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case passport, footprint, events, circularity
    }

    public var id: String
    public var kind: Kind
    /// The organisation whose dataset it is: the owner of the GS1 prefix, the footprint's publisher, the report's holder.
    public var organisationID: String
    /// What the content is read from: a canonical Digital Link (passport, events), a footprint's ID, a fiscal year.
    public var subject: String
    public var title: String

    public init(id: String, kind: Kind, organisationID: String, subject: String, title: String) {
        self.id = id; self.kind = kind; self.organisationID = organisationID; self.subject = subject; self.title = title
    }

    public static let prefix = "urn:junkan:dataset:"

    /// A passport or events dataset of a Digital Link: its path segments (already percent-encoded) joined with `:`.
    /// `subject` is the identifier as the trace graph has it (the link's canonical URI by default).
    public static func of(_ kind: Kind, link: DigitalLink, organisationID: String, subject: String? = nil) -> DSPDataset {
        let path = link.canonicalURI.dropFirst("https://id.gs1.org/".count)
        let title: String
        switch kind {
        case .events: title = "EPCIS events of \(link.canonicalURI) and its upstream"
        default: title = "Digital Product Passport of \(link.canonicalURI)"
        }
        return DSPDataset(
            id: prefix + kind.rawValue + ":" + path.split(separator: "/", omittingEmptySubsequences: false).joined(separator: ":"), kind: kind,
            organisationID: organisationID,
            subject: subject ?? link.canonicalURI, title: title)
    }

    public static func footprint(id: String, organisationID: String, subject: String) -> DSPDataset {
        DSPDataset(
            id: prefix + "footprint:" + id, kind: .footprint, organisationID: organisationID, subject: id,
            title: "PACT product footprint \(id) of \(subject)")
    }

    public static func circularity(organisationID: String, fiscalYear: Int) -> DSPDataset {
        DSPDataset(
            id: prefix + "circularity:" + organisationID + ":" + String(fiscalYear), kind: .circularity, organisationID: organisationID,
            subject: String(fiscalYear), title: "Circularity report of \(organisationID), fiscal year \(fiscalYear)")
    }
}
