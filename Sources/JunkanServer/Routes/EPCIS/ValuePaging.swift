import Hummingbird
import JunkanCore

/// Paging of the lists ordered by a value (discovery lists, named queries, subscriptions): `perPage`, and a
/// `nextPageToken` that is the last value of the previous page, as it was (any value is a place to start after, so no
/// token is ever "not issued"), with the RFC 8288 `Link` to the next page.
struct ValuePaging {
    static let maxPerPage = 1_000
    var perPage = 30
    var after: String?

    init(_ request: Request) throws(Problem) {
        if let raw = request.uri.queryParameters["perPage"] {
            guard let n = Int(String(raw)), (1...Self.maxPerPage).contains(n) else {
                throw .queryParameter("perPage must be a whole number from 1 to \(Self.maxPerPage)")
            }
            perPage = n
        }
        if let token = request.uri.queryParameters["nextPageToken"] {
            guard !token.isEmpty else { throw .queryParameter("nextPageToken is empty; give the GS1-Next-Page-Token of the previous page") }
            after = String(token)
        }
    }

    /// The next page's link and token, when there is more after `last`.
    func link(_ response: inout Response, path: String, last: String?, more: Bool) {
        guard more, let last else { return }
        response.headers[.linkHeader] = "<\(path)?perPage=\(perPage)&nextPageToken=\(PercentEncoding.encode(last))>; rel=\"next\""
        response.headers[.gs1NextPageToken] = last
    }
}
