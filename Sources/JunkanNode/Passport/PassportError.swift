/// Why a passport cannot be given in the form asked for.
public enum PassportError: Error, Sendable, CustomStringConvertible {
    /// The maker keeps its own signing key, so this node cannot sign the maker's credential (`application/vc+jwt`).
    case makerKeepsItsKey

    public var description: String {
        switch self {
        case .makerKeepsItsKey:
            "the maker keeps its own signing key, so this node cannot sign its credentials; ask for application/ld+json"
        }
    }
}
