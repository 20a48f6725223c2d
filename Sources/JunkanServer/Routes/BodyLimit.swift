import HTTPTypes
import Hummingbird
import JunkanCore

/// The size limit of a body read as it arrives: refused at once when `Content-Length` says it is larger, and as soon as
/// the bytes read pass the limit when it does not say (chunked transfer). Both are a 413 problem naming the limit.
enum BodyLimit {
    static func checkDeclaredLength(_ request: Request, maxBytes: Int, what: String) throws {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBytes {
            throw tooLarge(maxBytes: maxBytes, what: what)
        }
    }

    static func tooLarge(maxBytes: Int, what: String) -> Problem {
        var p = Problem(
            status: .contentTooLarge, type: "about:blank", title: "Content Too Large",
            detail: "\(what) may be at most \(maxBytes >> 20) MiB (\(maxBytes) bytes)")
        p.extensions["maxBytes"] = .number(JSONNumber(maxBytes))
        return p
    }
}
