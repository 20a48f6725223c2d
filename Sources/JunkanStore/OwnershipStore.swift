public import JunkanCore

/// Who owns which GS1 identifiers on this node (docs/ownership.md): the GS1 Company Prefixes each organisation
/// registered and the GTINs, GLNs and serial ranges owners granted others. Capture, `POST /products`, footprint
/// publishing and passports read it as one `IdentifierOwnership` value.
public protocol OwnershipStore: Sendable {
    func identifierOwnership() async throws -> IdentifierOwnership
    /// Registers a GS1 Company Prefix. Refused when another organisation's prefix is the same, contains it or is
    /// contained in it (GS1 never issues nested prefixes, so that is a mistake, not a sub-licence: grant instead).
    func addPrefix(_ prefix: String, organisationID: String) async throws
    /// Removes a prefix the organisation registered, and the grants it made under it; false when it had none.
    func removePrefix(_ prefix: String, organisationID: String) async throws -> Bool
    /// Grants `grantee` what `grantor` owns. Refused when `grantor` does not own the scope's GTIN or GLN.
    func addGrant(grantor: String, grantee: String, scope: GrantScope) async throws -> IdentifierOwnership.Grant
    /// Withdraws a grant `grantor` made; false when it made none with that id.
    func removeGrant(id: Int64, grantor: String) async throws -> Bool
    /// Keys the upgrade to owned identifiers could not assign, because several organisations created identifiers
    /// under them; an operator registers the right prefix and grants instead.
    func ownershipConflicts() async throws -> [OwnershipConflict]
}

/// A GTIN (or other key, by its digits without the check digit) that several organisations created identifiers
/// under before identifiers had owners.
public struct OwnershipConflict: Sendable, Equatable {
    public var key: String
    public var organisationIDs: [String]
    public init(key: String, organisationIDs: [String]) { self.key = key; self.organisationIDs = organisationIDs }
}

public enum OwnershipError: Error, Sendable, Equatable, CustomStringConvertible {
    case badPrefix(String)
    case unknownOrganisation(String)
    /// Another organisation registered the same prefix, or one nested with it.
    case prefixTaken(prefix: String, by: String, registered: String)
    /// The grantor does not own what it tried to grant (`owner`: who does, if anyone).
    case grantorNotOwner(scope: GrantScope, owner: String?)
    case badGrant(String)

    public var description: String {
        switch self {
        case .badPrefix(let p): "\(p) is not a GS1 Company Prefix: 6 to 12 digits"
        case .unknownOrganisation(let id): "no organisation \(id) on this node"
        case .prefixTaken(let p, let by, let registered):
            registered == p
                ? "GS1 Company Prefix \(p) is registered by organisation \(by)"
                : "GS1 Company Prefix \(p) overlaps \(registered), registered by organisation \(by); GS1 prefixes never nest: "
                    + "the owner grants GTINs or serial ranges instead (junkan org grant)"
        case .grantorNotOwner(let scope, let owner):
            "the grantor does not own \(scope)" + (owner.map { "; organisation \($0) does" } ?? "; no organisation here does")
        case .badGrant(let why): why
        }
    }
}
