import Hummingbird

extension Request {
    /// One policy for query parameters: a parameter the route does not take is refused, named, with the ones it takes.
    /// (`/events` and the materials search say the same in their own words, listing filters too; the resolver and the
    /// passports take any, since GS1 Digital Link passes a link's query string on.)
    func onlyQueryParameters(_ names: Set<String>) throws(Problem) {
        for (name, _) in uri.queryParameters where !names.contains(String(name)) {
            let takes = names.isEmpty ? "no query parameters" : names.sorted().joined(separator: ", ")
            throw .queryParameter("unknown query parameter \"\(name)\"; \(uri.path) takes \(takes)")
        }
    }
}
