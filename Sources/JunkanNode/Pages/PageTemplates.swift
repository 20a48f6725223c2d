import Foundation
package import Mustache

/// Every server-rendered page's templates in one library: the `.mustache` files of JunkanNode's resources
/// (`Templates/`), compiled once, partials included (`{{> page-head}}`, the start every page shares). A template that
/// is missing or does not parse fails the pages that need it, with its name and the parser's reason, never the process.
package enum PageTemplates {
    package static let library: Result<MustacheLibrary, PageTemplateError> = load()

    /// `object` rendered by the template `name`.
    package static func render(_ object: Any, _ name: String) throws(PageTemplateError) -> String {
        let library = try library.get()
        guard let text = library.render(object, withTemplate: name) else { throw PageTemplateError(name: name, reason: "no such template") }
        return text
    }

    static func load() -> Result<MustacheLibrary, PageTemplateError> {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Templates"),
            let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else {
            return .failure(PageTemplateError(name: "Templates", reason: "the folder is missing from JunkanNode's resources"))
        }
        var library = MustacheLibrary()
        for file in names.sorted() where file.hasSuffix(".mustache") {
            let name = String(file.dropLast(".mustache".count))
            do {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                try library.register(text, named: name)
            } catch {
                return .failure(PageTemplateError(name: name, reason: "\(error)"))
            }
        }
        return .success(library)
    }
}

/// A page template that could not be used.
package struct PageTemplateError: Error, Sendable, CustomStringConvertible {
    package var name: String
    package var reason: String
    package var description: String { "the page template \(name) cannot be used: \(reason)" }
}
