import Hummingbird

/// CORS for every response (GS1-Conformant Resolver: "SHALL support CORS"; partners' web apps read passports, links,
/// QR codes and events): any origin, the headers a client needs to follow a resolver exposed, and preflight requests
/// answered here. No cookies are used, so `*` never shares a credential.
struct CORSHeaders<Context: RequestContext>: RouterMiddleware {
    static var allowMethods: String { "GET, HEAD, OPTIONS, POST, PUT, DELETE" }
    static var allowHeaders: String { "Accept, Accept-Language, Authorization, Content-Type, GS1-Capture-Error-Behaviour" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            var r = Response(status: .noContent)
            Self.add(to: &r.headers)
            r.headers[.accessControlAllowMethods] = Self.allowMethods
            r.headers[.accessControlAllowHeaders] = Self.allowHeaders
            r.headers[.accessControlMaxAge] = "86400"
            return r
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            // Problems are thrown and written by the server after every middleware: write them here to add the headers.
            response = try error.response(from: request, context: context)
        }
        Self.add(to: &response.headers)
        return response
    }

    static func add(to headers: inout HTTPFields) {
        headers[.accessControlAllowOrigin] = "*"
        headers[.accessControlExposeHeaders] = "Link, Location, Content-Type, Content-Language, Vary"
    }
}
