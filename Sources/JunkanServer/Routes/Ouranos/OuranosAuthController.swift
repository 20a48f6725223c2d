import Hummingbird
import JunkanCore
import JunkanStore

/// `POST /auth/login` and `POST /auth/refresh` of the Ouranos API (docs/ouranos.md): an organisation's account ID
/// (`junkan org ouranos ORG --account EMAIL`) and, as its password, the organisation's own token; the answer an access
/// token and a refresh token.
struct OuranosAuthController<Context: RequestContext> {
    let gate: OuranosGate
    let limiter = OuranosLoginLimiter()

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.post("/login") { request, _ in
            try await OuranosError.answering(request) {
                try request.onlyQueryParameters([])
                try await gate.checkAPIKey(request)
                let o = try await Self.object(request)
                guard let login = o["operatorAccountId"]?.stringValue, !login.isEmpty, let password = o["accountPassword"]?.stringValue else {
                    throw OuranosError.badRequest("operatorAccountId and accountPassword are required strings")
                }
                let now = gate.now()
                guard await limiter.allowed(login, now: now) else {
                    throw OuranosError.forbidden("too many failed logins for \(login): try again in a few minutes")
                }
                guard let account = try await gate.store.ouranosAccount(login: login),
                    let org = try await gate.store.organisation(tokenHash: TokenHash.sha256Hex(password)), org.id == account.organisationID
                else {
                    await limiter.failed(login, now: now)
                    throw OuranosError.unauthorized("the account ID or password is wrong")
                }
                let access = try await gate.issue(.access, organisationID: org.id)
                let refresh = try await gate.issue(.refresh, organisationID: org.id)
                return Response.json(.object(JSONObject([("accessToken", .string(access)), ("refreshToken", .string(refresh))])), status: .created)
            }
        }
        routes.post("/refresh") { request, _ in
            try await OuranosError.answering(request) {
                try request.onlyQueryParameters([])
                try await gate.checkAPIKey(request)
                let o = try await Self.object(request)
                guard let refresh = o["refreshToken"]?.stringValue, !refresh.isEmpty else { throw OuranosError.badRequest("refreshToken is required") }
                guard let t = try await gate.store.ouranosToken(hash: TokenHash.sha256Hex(refresh), now: gate.now()), t.kind == .refresh else {
                    throw OuranosError.forbidden("the refresh token is not valid (expired, or not one of this node's)")
                }
                let access = try await gate.issue(.access, organisationID: t.organisationID)
                return Response.json(.object(JSONObject([("accessToken", .string(access))])), status: .created)
            }
        }
        return routes
    }

    /// The body as a JSON object of at most 64 KiB.
    static func object(_ request: Request) async throws -> JSONObject {
        guard let o = try await OuranosController<Context>.body(request).objectValue else { throw OuranosError.badRequest("the body must be a JSON object") }
        return o
    }
}
