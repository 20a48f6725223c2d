public import Hummingbird
import JunkanCore
import JunkanNode

/// A PACT v3 error response: `{"code", "message"}` with the codes of the v3 `Error` schema (never problem+json, which
/// PACT clients do not read).
public struct PactError: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String

    public static func badRequest(_ m: String) -> PactError { .init(status: .badRequest, code: "BadRequest", message: m) }
    public static func accessDenied(_ m: String) -> PactError { .init(status: .forbidden, code: "AccessDenied", message: m) }
    public static func tokenExpired(_ m: String) -> PactError { .init(status: .unauthorized, code: "TokenExpired", message: m) }
    public static func notFound(_ m: String) -> PactError { .init(status: .notFound, code: "NotFound", message: m) }
    public static func notImplemented(_ m: String) -> PactError { .init(status: .badRequest, code: "NotImplemented", message: m) }
    public static func internalError(_ m: String) -> PactError { .init(status: .internalServerError, code: "InternalError", message: m) }
    /// A body over the route's limit: PACT's v3 codes have none for it, so BadRequest, with HTTP's own status (413).
    public static func tooLarge(_ m: String) -> PactError { .init(status: .contentTooLarge, code: "BadRequest", message: m) }

    public init(status: HTTPResponse.Status, code: String, message: String) { self.status = status; self.code = code; self.message = message }

    init(_ e: PactInputError) { self = e.notImplemented ? .notImplemented(e.description) : .badRequest(e.description) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"pact\", error=\"invalid_token\"" }
        let body = JSONValue.object(JSONObject([("code", .string(code)), ("message", .string(message))]))
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: JSONWriter.string(body))))
    }
}

/// An OAuth 2.0 token endpoint error (RFC 6749 §5.2): `/auth/token` answers as OAuth clients expect.
public struct OAuthError: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var error: String
    public var description: String

    public static func invalidClient(_ d: String) -> OAuthError { .init(status: .unauthorized, error: "invalid_client", description: d) }
    public static func invalidRequest(_ d: String) -> OAuthError { .init(status: .badRequest, error: "invalid_request", description: d) }
    public static func unsupportedGrantType(_ d: String) -> OAuthError { .init(status: .badRequest, error: "unsupported_grant_type", description: d) }
    /// RFC 6749 §5.2 has no code for a body over the limit: invalid_request, with HTTP's own status (413).
    public static func tooLarge(_ d: String) -> OAuthError { .init(status: .contentTooLarge, error: "invalid_request", description: d) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Basic realm=\"pact\"" }
        let body = JSONValue.object(JSONObject([("error", .string(error)), ("error_description", .string(description))]))
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: JSONWriter.string(body))))
    }
}
