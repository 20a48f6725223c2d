import JunkanCore

/// A query parameter that names an identifier: a GS1 key written as a Digital Link or an EPC URI must be a valid one
/// (check digit, lengths, qualifiers), so that a mistyped key is a 400 naming the parameter, as the resolver answers it,
/// rather than an empty result (`/events`) or a 404 (`/trace`). Patterns (`*`, `urn:epc:idpat:`) and identifiers that
/// are not GS1 keys (private URIs) are left as they are.
enum IdentifierParameter {
    static func check(_ name: String, _ value: String) throws(Problem) {
        guard !value.contains("*"), !value.hasPrefix("urn:epc:idpat:") else { return }
        do throws(GS1Error) { _ = try GS1Identifier.digitalLink(from: value) } catch {
            throw .queryParameter("\(name): \"\(value)\" is not a valid GS1 identifier: \(error)")
        }
    }
}
