/// Why a passport cannot be given in the form asked for.
public enum PassportError: Error, Sendable, CustomStringConvertible {
    /// The maker keeps its own signing key, so this node cannot sign the maker's credential (`application/vc+jwt`).
    case makerKeepsItsKey
    /// No organisation here owns the GTIN's prefix, so no one may sign in its maker's name (docs/ownership.md).
    case noMaker(gtin: String)

    public var description: String {
        switch self {
        case .makerKeepsItsKey:
            "the maker keeps its own signing key, so this node cannot sign its credentials; ask for application/ld+json"
        case .noMaker(let gtin):
            "no organisation on this node owns the GS1 Company Prefix of GTIN \(gtin), so no one here signs its passports "
                + "in its maker's name; ask for application/ld+json (unsigned) or register the prefix (junkan org prefix add)"
        }
    }
}
