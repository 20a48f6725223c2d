import Hummingbird
import Logging
import NIOCore

/// Turns every error leaving a route into `application/problem+json` (except the PACT routes' own errors): domain errors
/// by their one mapping (`ProblemConvertible`), the router's own 404s, Hummingbird's HTTP errors, and (as a last resort, logged) anything unexpected.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The routes, to tell a path routed with other methods (405) from one not routed at all (404).
    var routes: RouteTable?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let p as Problem {
            throw p
        } catch let e as any ProblemConvertible {
            throw e.problem
        } catch let e as PactError {
            throw e  // PACT routes answer in PACT's own error format
        } catch let e as OAuthError {
            throw e
        } catch is NIOTooManyBytesError {
            // A body collected past a route's limit (`collect(upTo:)`) anywhere the route did not say so itself.
            throw Problem.captureLimitExceeded("the request body is too large")
        } catch let e as HTTPError {
            switch e.status {
            case .notFound:
                let allowed = routes?.methods(for: request.uri.path) ?? []
                if !allowed.isEmpty, !allowed.contains(request.method) {
                    let allow = [HTTPRequest.Method.get, .head, .post, .put, .delete, .patch, .options].filter(allowed.contains)
                        .map(\.rawValue).joined(separator: ", ")
                    var problem = Problem.methodNotAllowed("\(request.method) is not allowed on \(request.uri.path); it takes \(allow)")
                    problem.headers[.allow] = allow
                    throw problem
                }
                throw Problem.noSuchResource(e.body ?? "no resource at \(request.uri.path)")
            case .contentTooLarge: throw Problem.captureLimitExceeded(e.body ?? "the request body is too large")
            case .methodNotAllowed: throw Problem.methodNotAllowed("\(request.method) is not allowed on \(request.uri.path)")
            default: throw Problem(status: e.status, type: "about:blank", title: e.status.reasonPhrase, detail: e.body ?? e.status.reasonPhrase)
            }
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            throw Problem(
                status: .internalServerError, type: "epcisException:ImplementationException", title: "ImplementationException",
                detail: "the server failed while handling this request; it has been logged")
        }
    }
}
