/// The forms of a passport, by media type.
package enum PassportFormat: String, CaseIterable {
    case html = "text/html", json = "application/json", ldJSON = "application/ld+json", jwt = "application/vc+jwt"
    package init?(parameter: String) {
        switch parameter.lowercased() {
        case "html": self = .html
        case "json": self = .json
        case "ld+json", "jsonld", "vc": self = .ldJSON
        case "vc+jwt", "jwt": self = .jwt
        default: return nil
        }
    }
}
