import Hummingbird
import JunkanNode
import Logging

/// PACT v3's authentication, once per request on the `/3/…` routes: HTTPS (as the node's proxy reports it) and a live
/// access token from `/auth/token`, whose client becomes the context's caller. Refusals and failures answer in PACT's
/// error format, as the routes' own do.
struct PactCallerMiddleware<Context: CallerRequestContext>: RouterMiddleware {
    let gate: PactGate

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let client: String
        do {
            client = try await gate.client(request)
        } catch let e as PactError {
            throw e
        } catch {
            context.logger.error("PACT request failed", metadata: ["error": "\(String(reflecting: error))"])
            throw PactError.internalError("the host failed while handling this request; it has been logged")
        }
        context.caller = .pactClient(id: client)
        return try await next(request, context)
    }
}
