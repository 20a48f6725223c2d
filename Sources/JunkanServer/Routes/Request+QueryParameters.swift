import Hummingbird
import JunkanCore

extension Request {
    /// One policy for query parameters, on every route: a parameter the route does not take is refused, named, with
    /// the ones it takes. Each error family says it in its own format: this problem here, `PactError` and `OAuthError`
    /// on the PACT routes, plain text on the witness. (`/events` and the materials search refuse in their own words,
    /// listing their filters too; the resolver and the passports take any, since GS1 Digital Link passes a link's query
    /// string on.) Routes that need a token check it first: a request without one is a 401 whatever its query.
    func onlyQueryParameters(_ names: Set<String>) throws(Problem) {
        if let refusal = unknownQueryParameter(names) { throw .queryParameter(refusal) }
    }

    /// Why the query is refused (its first parameter not in `names`), or nil when every parameter is one of them.
    func unknownQueryParameter(_ names: Set<String>) -> String? {
        for (name, _) in uri.queryParameters where !names.contains(String(name)) {
            let takes = names.isEmpty ? "no query parameters" : names.sorted().joined(separator: ", ")
            // The router decodes values, not names: the name is shown as the client meant it.
            return "unknown query parameter \"\(PercentEncoding.decode(String(name)) ?? String(name))\"; \(uri.path) takes \(takes)"
        }
        return nil
    }
}

extension Request {
    /// The query's parameters, names and values percent-decoded (Hummingbird decodes values only: a client that writes
    /// `GT_ex%3Atemperature` names the parameter `GT_ex:temperature`).
    var decodedQueryParameters: [(String, String)] {
        uri.queryParameters.map { (PercentEncoding.decode(String($0.key)) ?? String($0.key), String($0.value)) }
    }
}
