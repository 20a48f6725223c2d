public import JunkanCore

/// An event that creates, or declares facts about, an identifier another organisation owns (docs/ownership.md). A
/// capture is refused whole for it under either error behaviour: `proceed` keeps going past malformed events, not past
/// an organisation speaking for another.
public struct IdentifierNotOwned: Error, Sendable, Equatable, CustomStringConvertible {
    /// The identifier as the event wrote it.
    public var identifier: String
    /// Where in what was sent (RFC 6901).
    public var pointer: String
    /// The organisation that owns it, and the GS1 Company Prefix (or key) by which it does.
    public var owner: String
    public var prefix: String
    public var rule: EPCISEvent.DeclarationRule
    /// The organisation that tried.
    public var organisationID: String

    public var description: String {
        "\(identifier) belongs to organisation \(owner) (GS1 Company Prefix \(prefix)); organisation \(organisationID) may record "
            + "what it observes of it, but only its owner or a grantee may create it or declare facts about it "
            + "(\(rule.rawValue), docs/ownership.md)"
    }

    /// The first identifier of `event` that `organisationID` may not declare, nil when it may declare them all.
    /// `at`: the event's pointer in what was sent.
    static func check(
        _ event: EPCISEvent, at pointer: JSONPointer, organisationID: String, ownership: IdentifierOwnership
    ) -> IdentifierNotOwned? {
        guard !ownership.registrations.isEmpty else { return nil }
        for d in event.declaredIdentifiers {
            if let refused = check(d.id, at: JSONPointer(pointer.tokens + d.pointer), rule: d.rule, organisationID: organisationID, ownership: ownership) {
                return refused
            }
        }
        return nil
    }

    /// The refusal of `organisationID` declaring `identifier` (`rule`), nil when it owns it, was granted it, or no one
    /// here owns it.
    package static func check(
        _ identifier: String, at pointer: JSONPointer, rule: EPCISEvent.DeclarationRule, organisationID: String,
        ownership: IdentifierOwnership
    ) -> IdentifierNotOwned? {
        guard case .refused(let owner) = ownership.decide(organisationID: organisationID, identifier: identifier) else { return nil }
        return IdentifierNotOwned(
            identifier: identifier, pointer: pointer.description, owner: owner.organisationID, prefix: owner.prefix, rule: rule,
            organisationID: organisationID)
    }
}
