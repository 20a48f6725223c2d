public import JunkanCore

/// What a passport is about: a GTIN alone (the model), a GTIN with a lot, or with a serial (an item). Read from a
/// Digital Link; other primary keys have no passports here.
public struct PassportSubject: Sendable, Hashable {
    public let link: DigitalLink
    /// The canonical Digital Link of the subject, without data attributes.
    public let id: String
    public let granularity: Passport.Granularity
    public var gtin: String { link.primaryKey.value }

    public init?(_ link: DigitalLink) {
        guard link.primaryKey.ai == "01" else { return nil }
        let keyOnly = try? DigitalLink(primaryKey: link.primaryKey, qualifiers: link.qualifiers.filter { $0.ai == "10" || $0.ai == "21" })
        guard let keyOnly else { return nil }
        self.link = keyOnly
        id = keyOnly.canonicalURI
        granularity = keyOnly.qualifier("21") != nil ? .item : keyOnly.qualifier("10") != nil ? .lot : .model
    }

    /// The levels above this one up to the primary key (for a linkset): the item or lot, then the model.
    public var levels: [PassportSubject] {
        guard granularity != .model, let model = try? DigitalLink(primaryKey: link.primaryKey), let m = PassportSubject(model) else { return [self] }
        return [self, m]
    }

    /// The path of the passport's own resource on this node.
    public var passportPath: String { "/passports" + String(id.dropFirst("https://id.gs1.org".count)) }
    /// The path of the Digital Link on this node's resolver.
    public var resolverPath: String { String(id.dropFirst("https://id.gs1.org".count)) }
}
