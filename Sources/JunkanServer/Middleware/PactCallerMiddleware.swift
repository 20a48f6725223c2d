import Hummingbird
import JunkanNode

/// PACT v3's authentication, once per request on the `/3/…` routes: HTTPS (as the node's proxy reports it) and a live
/// access token from `/auth/token`, whose client becomes the context's caller. Refusals and failures answer in PACT's
/// error format, as the routes' own do.
struct PactCallerMiddleware<Context: CallerRequestContext>: RouterMiddleware {
    let gate: PactGate

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.caller = .pactClient(id: try await pactResponse(context) { try await gate.client(request) })
        return try await next(request, context)
    }
}
