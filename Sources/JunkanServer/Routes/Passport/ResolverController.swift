import Foundation
import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore

/// The GS1 Digital Link resolver (GS1-Conformant Resolver Standard 1.2) for GTINs, `/01/{gtin}[/10/{lot}|/21/{serial}]`,
/// and for GLNs, `/414/{gln}[/254/{extension}]` (a site: its master data and events; `ResolverController+Locations`):
/// each redirects (307) to the link the request asks for — by `linkType`, else by `Accept`/`Accept-Language`, else the
/// default link (the passport page) — passing the query string on; `linkType=all` (or `Accept:
/// application/linkset+json`) returns the RFC 9264 linkset of the identifier and every level above it. Invalid
/// syntax or check digits are 400, an identifier with nothing behind it 404; never 200 for an error.
struct ResolverController<Context: RequestContext> {
    let service: PassportService
    /// Where the `gs1:masterData` links go (an identifier with EPCIS master data has one) and what a location's
    /// `gs1:epcis` links find.
    let store: any MasterDataStore & EventStore & OwnershipStore
    var baseURL: String { service.configuration.baseURL }

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        for prefix in ["/01", "/414"] {
            routes.get("\(prefix)/**") { request, _ in try await self.resolve(request) }
            routes.head("\(prefix)/**") { request, _ in Self.headOnly(try await self.resolve(request)) }
            routes.on("\(prefix)/**", method: .options) { request, _ in
                // The same 400 for a path that is no Digital Link as GET and HEAD give.
                if Self.isLocation(request.uri.path) {
                    _ = try Self.location(path: request.uri.path, query: request.uri.query)
                } else {
                    _ = try Self.subject(path: request.uri.path, query: request.uri.query)
                }
                return Self.options()
            }
        }
        routes.get("/.well-known/gs1resolver") { request, _ in
            try request.onlyQueryParameters([])
            return Response.json(self.description())
        }
        return routes
    }

    static func options() -> Response {
        Response(
            status: .noContent,
            headers: [
                .allow: "GET, HEAD, OPTIONS", .accessControlAllowMethods: "GET, HEAD, OPTIONS",
                .accessControlAllowHeaders: "Accept, Accept-Language"
            ])
    }

    /// HEAD: the GET's status and headers without its body.
    static func headOnly(_ r: Response) -> Response { Response(status: r.status, headers: r.headers) }

    func resolve(_ request: Request) async throws -> Response {
        if Self.isLocation(request.uri.path) {
            let location = try Self.location(path: request.uri.path, query: request.uri.query)
            guard let anchor = try await locationAnchor(location) else {
                throw Problem.noSuchResource("this resolver has no links for \(location.canonicalURI)")
            }
            return try answer([anchor], linkset: linksetLink(path: request.uri.path), request)
        }
        let subject = try Self.subject(path: request.uri.path, query: request.uri.query)
        if let fast = try await traceLink(subject, request) { return fast }
        guard let anchors = try await anchors(subject) else {
            throw Problem.noSuchResource("this resolver has no links for \(subject.id)")
        }
        return try answer(anchors, linkset: linksetLink(subject), request)
    }

    /// The linkset (`linkType=all`, or `Accept: application/linkset+json`), or a 307 to the link the request asks for
    /// with the query passed on; `link`: the `Link` header naming the linkset.
    func answer(_ anchors: [ResolverAnchor], linkset link: String, _ request: Request) throws -> Response {
        let query = Self.queryPairs(request.uri.query)
        let linkType = Self.linkType(in: query)
        let wantsLinkset =
            linkType == "all" || linkType == "linkset"
            || (linkType == nil
                && MediaTypeNegotiation.best(accept: request.headers[.accept], offers: ["text/html", "application/linkset+json"]) == "application/linkset+json"
                && request.headers[.accept]?.contains("linkset") == true)
        if wantsLinkset {
            var r = Response(
                status: .ok, headers: [.contentType: "application/linkset+json", .vary: "Accept, Accept-Language"],
                body: .init(byteBuffer: ByteBuffer(string: JSONWriter.string(ResolverAnchor.linkset(anchors)))))
            r.headers[.linkHeader] = link
            return r
        }
        let target = try choose(anchors, linkType: linkType, accept: request.headers[.accept], language: request.headers[.acceptLanguage])
        let passOn = query.filter { $0.0 != "linkType" }
        var location = target.href
        if target.passesQuery, !passOn.isEmpty {
            let q = passOn.map { $0.1.isEmpty ? $0.0 : "\($0.0)=\($0.1)" }.joined(separator: "&")
            location += (location.contains("?") ? "&" : "?") + q
        }
        return Response(status: .temporaryRedirect, headers: [.location: location, .linkHeader: link, .vary: "Accept, Accept-Language"])
    }

    /// `linkType=junkan:trace` for a lot or item this node's steps name: the redirect the full answer would give (the
    /// passport of such a subject exists, and its first `junkan:trace` link is its upstream graph), without assembling
    /// the passport. Another node's walk asks this for every GTIN it meets (docs/federation.md), so it must be cheap.
    func traceLink(_ subject: PassportSubject, _ request: Request) async throws -> Response? {
        guard subject.granularity != .model else { return nil }
        let linkType = Self.linkType(in: Self.queryPairs(request.uri.query))
        guard let linkType, ResolverLink.shortName(linkType) == "junkan:trace",
            try await service.assembler.trace.snapshot().contains(CBVCanonical.identifier(subject.id))
        else { return nil }
        return Response(
            status: .temporaryRedirect,
            headers: [
                .location: baseURL + "/trace/upstream?id=" + PercentEncoding.encode(subject.id), .linkHeader: linksetLink(subject),
                .vary: "Accept, Accept-Language"
            ])
    }

    /// The `Link` header every answer carries: where the subject's linkset is.
    func linksetLink(_ subject: PassportSubject) -> String { linksetLink(path: subject.resolverPath) }

    func linksetLink(path: String) -> String { "<\(baseURL)\(path)?linkType=all>; rel=\"linkset\"; type=\"application/linkset+json\"" }

    /// The Digital Link of the request path (with the query's data attributes), or 400 saying what is wrong.
    static func subject(path: String, query: String?) throws -> PassportSubject {
        let link: DigitalLink
        do throws(GS1Error) { link = try DigitalLink.parse("https://id.gs1.org" + path + (query.map { "?" + $0 } ?? "")) } catch {
            throw Problem.validation("not a valid GS1 Digital Link: \(error.description)")
        }
        guard let subject = PassportSubject(link) else {
            throw Problem.validation("this resolver serves GTINs (/01/{gtin}, with /10/{lot} or /21/{serial}) and GLNs (/414/{gln}, with /254/{extension})")
        }
        return subject
    }

    /// The `linkType` a query's pairs ask for, decoded.
    static func linkType(in pairs: [(String, String)]) -> String? {
        pairs.first { $0.0 == "linkType" }.map { PercentEncoding.decode($0.1) ?? $0.1 }
    }

    static func queryPairs(_ query: String?) -> [(String, String)] {
        (query ?? "").split(separator: "&").map { pair in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            return (PercentEncoding.decode(kv[0]) ?? kv[0], kv.count > 1 ? kv[1] : "")
        }
    }

    /// The subject's anchor and those above it that have links.
    func anchors(_ subject: PassportSubject) async throws -> [ResolverAnchor]? {
        var out: [ResolverAnchor] = []
        let described = Set(try await store.masterData(ids: subject.levels.map(\.id)).map(\.element.id))
        for (i, level) in subject.levels.enumerated() {
            // From this node's own graph: a peer's walk asks the resolver where a lot is, and that must not start another
            // walk into the peers here (the passport page the links lead to walks them).
            guard let a = try await service.assembled(level, acrossNodes: false) else {
                if i == 0 { return nil }
                continue
            }
            let passportURL = baseURL + level.passportPath
            let encoded = PercentEncoding.encode(level.id)
            let events =
                level.granularity == .model
                ? nil
                : baseURL + "/events?" + (level.granularity == .item ? "MATCH_anyEPC=" : "MATCH_anyEPCClass=") + encoded
            // A lot's passport footprint is the trace's (`/trace/footprint`); an item's is its share of a step, which only the passport has.
            let footprint =
                level.granularity == .lot && a.passport.carbon != nil && a.passport.policy.allows(.footprint, at: .public)
                ? baseURL + "/trace/footprint?id=" + encoded : nil
            // The trace graph of a lot or an item, for another node walking it (issue 27; docs/federation.md).
            let trace = level.granularity == .model ? nil : (baseURL + "/trace/upstream?id=" + encoded, baseURL + "/trace/downstream?id=" + encoded)
            var anchor = ResolverAnchor.passport(
                anchor: level.id, description: a.passport.identity.name, passportURL: passportURL, eventsURL: events,
                footprintURL: footprint, traceURLs: trace, granularity: level.granularity)
            if described.contains(level.id) { anchor.links.append(.masterData(baseURL: baseURL, id: level.id)) }
            out.append(anchor)
        }
        return out
    }

    /// `linkType` names the link type (falling back to the levels above, then to every link of the identifier); among
    /// those links, the media type `Accept` prefers (without `linkType`, the default link's type wins ties); among equals,
    /// the one in the language `Accept-Language` asks for.
    func choose(_ anchors: [ResolverAnchor], linkType: String?, accept: String?, language: String?) throws -> ResolverLink {
        let first = anchors[0]
        var candidates: [ResolverLink] = []
        if let linkType {
            guard let short = ResolverLink.shortName(linkType) else {
                throw Problem.validation(
                    "linkType \(linkType) is not in the GS1 Web Vocabulary (gs1:dpp, gs1:pip, gs1:sustainabilityInfo, gs1:epcis, …), junkan:trace or 'all'")
            }
            candidates = anchors.lazy.map { $0.links.filter { $0.linkType == short } }.first { !$0.isEmpty } ?? []
        }
        if candidates.isEmpty { candidates = first.links }
        var offers: [String] = []
        if linkType == nil, let d = first.defaultLink { offers.append(d.type) }
        for l in candidates where !offers.contains(l.type) { offers.append(l.type) }
        let wanted = MediaTypeNegotiation.best(accept: accept, offers: offers)
        var pool = wanted.map { w in candidates.filter { $0.type == w } } ?? candidates
        if linkType == nil, let d = first.defaultLink, wanted == nil || wanted == d.type { pool = [d] + pool.filter { $0 != d } }
        if pool.isEmpty { pool = candidates }
        let languages = Array(Set(pool.flatMap(\.hreflang))).sorted()
        let lang = languages.isEmpty ? nil : MediaTypeNegotiation.language(language, offers: languages)
        return pool.first { lang == nil || $0.hreflang.contains(lang!) } ?? pool[0]
    }

    /// The resolver description file (GS1-Conformant Resolver Standard 1.2 §6.7).
    func description() -> JSONValue {
        .object(
            JSONObject([
                ("name", "Junkan GS1 Digital Link resolver"),
                ("resolverRoot", .string(baseURL)),
                ("supportedPrimaryKeys", .array(["01", "414"])),
                (
                    "supportedLinkType",
                    .array([
                        .object(
                            JSONObject([
                                ("namespace", .string(ResolverLink.vocabulary)), ("prefix", "gs1:"),
                                ("profile", "https://ref.gs1.org/voc/?show=linktypes")
                            ])),
                        .object(JSONObject([("namespace", .string(ResolverLink.junkanVocabulary)), ("prefix", "junkan:")]))
                    ])
                ),
                (
                    "linkTypes",
                    .array(
                        ["gs1:dpp", "gs1:sustainabilityInfo", "gs1:epcis", "gs1:pip", "gs1:masterData", "gs1:defaultLink", "junkan:trace"].map {
                            .string($0)
                        })
                ),
                ("linkTypeDefaultCanBeLinkset", false),
                ("supportedLanguages", .array(["en"])),
                ("validatesCheckDigits", true),
                ("compressionSupported", false),
                ("contact", "https://github.com/junkan")
            ]))
    }
}
