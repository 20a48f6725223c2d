import Foundation
import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore

/// The passport itself: `/passports/01/{gtin}[/10/{lot}|/21/{serial}]` as a page, JSON, a VC 2.0 credential or the
/// same credential signed by the maker (VC-JOSE), by `format` or `Accept`. A bearer token raises the access level
/// (owner, granted, authority); without one the public view is served. Unknown query members are ignored: the
/// resolver passes the request's query string on.
struct PassportController<Context: CallerRequestContext> {
    let service: PassportService

    /// Mounted at `/passports/01`.
    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("/**") { request, context in try await self.show(request, context) }
        routes.head("/**") { request, context in ResolverController<Context>.headOnly(try await self.show(request, context)) }
        return routes
    }

    func show(_ request: Request, _ context: Context) async throws -> Response {
        let path = String(request.uri.path.dropFirst("/passports".count))
        let subject = try ResolverController<Context>.subject(path: path, query: nil)
        let format = try Self.format(request)
        let organisation = try context.organisationIfAny()
        guard let assembled = try await service.assembled(subject) else { throw Problem.noSuchResource("no passport for \(subject.id)") }
        let level = try await service.level(of: organisation, for: assembled)
        let body = try await service.rendered(subject: subject, assembled: assembled, level: level, format: format)
        let base = service.configuration.baseURL
        var headers: HTTPFields = [
            .contentType: format == .html ? "text/html; charset=utf-8" : format.rawValue, .contentLanguage: "en",
            .vary: "Accept, Authorization"
        ]
        headers[.cacheControl] = level == .public ? "public, max-age=60" : "private, no-store"
        headers[.linkHeader] =
            "<\(base)\(subject.resolverPath)?linkType=all>; rel=\"linkset\"; type=\"application/linkset+json\", <\(subject.id)>; rel=\"describes\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func format(_ request: Request) throws -> PassportFormat {
        if let f = request.uri.queryParameters.get("format") {
            guard let format = PassportFormat(parameter: f) else {
                throw Problem.queryParameter("format is html, json, ld+json or vc+jwt, found \(f)")
            }
            return format
        }
        let offers = PassportFormat.allCases.map(\.rawValue) + ["application/vc", "application/vc+ld+json"]
        guard let best = MediaTypeNegotiation.best(accept: request.headers[.accept], offers: offers) else {
            throw Problem.notAcceptable(
                "a passport is text/html, application/json, application/ld+json or application/vc+jwt; Accept asks for "
                    + (request.headers[.accept] ?? ""))
        }
        return PassportFormat(rawValue: best) ?? .ldJSON
    }
}
