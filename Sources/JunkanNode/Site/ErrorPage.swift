/// A 400 or 404 as a page for a browser: what was wrong, in the server's words, and the search box to try again.
package enum ErrorPage {
    package static func render(status: Int, title: String, detail: String, query: String) throws(PageTemplateError) -> String {
        try PageTemplates.render(["title": "\(status) \(title)", "status": status, "heading": title, "detail": detail, "query": query], "error")
    }
}
