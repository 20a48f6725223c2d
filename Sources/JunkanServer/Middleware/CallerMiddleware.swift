import Hummingbird
import JunkanNode

/// Authentication, once per request: the bearer token of `Authorization` becomes the context's caller (an
/// organisation, or a refusal the routes that need one report). Routes that need no one never fail here. The PACT
/// routes are not behind it: their tokens are PACT access tokens, checked by `PactGate`.
struct CallerMiddleware<Context: CallerRequestContext>: RouterMiddleware {
    let identity: CallerIdentity

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.caller = try await identity.caller(authorization: request.headers[.authorization])
        return try await next(request, context)
    }
}
