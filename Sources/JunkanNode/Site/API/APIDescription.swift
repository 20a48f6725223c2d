import Foundation

/// openapi.yaml, the node's API description: served as written at `/openapi.yaml` and rendered as HTML at `/api`. It is
/// one of JunkanNode's resources (`APIDescription/`; the repository's root links to it, where the tests and
/// schemathesis read it), so the binary describes exactly the routes it was built with.
package enum APIDescription {
    /// The YAML text, read once.
    package static let text: Result<String, PageTemplateError> = {
        guard let url = Bundle.module.resourceURL?.appendingPathComponent("APIDescription/openapi.yaml") else {
            return .failure(PageTemplateError(name: "openapi.yaml", reason: "missing from JunkanNode's resources"))
        }
        do {
            return .success(try String(contentsOf: url, encoding: .utf8))
        } catch {
            return .failure(PageTemplateError(name: "openapi.yaml", reason: "\(error)"))
        }
    }()

    /// The `/api` page, rendered once (the description does not change while the process runs).
    package static let page: Result<String, PageTemplateError> = text.flatMap { yaml in
        Result { () throws(PageTemplateError) in try APIDescriptionPage.render(yaml) }
    }
}
